/** An integration's versions table (with Publish / Roll back per version) and its history of changes. */
import { h } from "../dom";
import { actorLabel, formatDate, sourceLabel } from "../format";
import type { IntegrationDetail, IntegrationEvent } from "../integration-types";
import { href } from "../router";
import { badge, dataTable } from "./ui";

const n = (x: number) => x.toLocaleString("en-US");

/** The versions, newest first; `onPublish` runs for a version's Publish or Roll back button. */
export function versionsTable(
  detail: IntegrationDetail,
  onPublish: (version: number, button: HTMLButtonElement) => void,
): HTMLElement {
  const live = detail.published_version;
  const rows = detail.versions.map((v) => {
    const isLive = v.version === live;
    const action = isLive ? null : live !== null && v.version < live ? "Roll back to this" : "Publish";
    const button = action
      ? h(
          "button",
          {
            type: "button",
            class: action === "Publish" ? "button button-small button-primary" : "button button-small",
            "aria-label": `${action === "Publish" ? "Publish" : "Roll back to"} version ${v.version}`,
          },
          action,
        )
      : null;
    button?.addEventListener("click", () => onPublish(v.version, button));
    return h(
      "tr",
      { class: isLive ? "row-live" : null, "data-version": v.version },
      h(
        "td",
        null,
        h(
          "a",
          {
            href: href({ page: "integration", name: detail.name, version: v.version }),
            class: "strong-link",
          },
          `v${v.version}`,
        ),
        isLive ? [" ", badge("live", "ok")] : null,
      ),
      h("td", null, sourceLabel(v.source)),
      h("td", null, actorLabel(v.created_by)),
      h("td", null, h("time", { datetime: v.created_at }, formatDate(v.created_at))),
      h("td", { class: "numeric" }, n(v.tool_count)),
      h("td", { class: "numeric" }, n(v.tokens)),
      h("td", { class: "version-summary" }, v.summary),
      h(
        "td",
        { class: "row-actions" },
        h(
          "a",
          {
            class: "button button-small",
            href: href({ page: "integration", name: detail.name, version: v.version }),
            "aria-label": `Details of version ${v.version}`,
          },
          "Details",
        ),
        button,
      ),
    );
  });
  const numeric = (label: string) => ({ label, class: "numeric" });
  return dataTable(
    "Versions",
    ["Version", "Source", "By", "Created", numeric("Tools"), numeric("Tokens"), "Summary", null],
    rows,
    "versions-table",
  );
}

const ACTION_KIND = {
  create: "info",
  edit: "info",
  publish: "ok",
  rollback: "warn",
  delete: "danger",
} as const;

/** The history of changes, newest first. */
export function historyList(events: IntegrationEvent[]): HTMLElement {
  if (events.length === 0) return h("p", { class: "muted" }, "No changes recorded.");
  return h(
    "ol",
    { class: "event-list" },
    events.map((e) =>
      h(
        "li",
        { class: "event" },
        h("time", { datetime: e.at, class: "muted small" }, formatDate(e.at)),
        h(
          "span",
          { class: "event-what" },
          badge(e.action, ACTION_KIND[e.action] ?? "neutral"),
          e.version === null ? null : ` v${e.version}`,
          ` by ${actorLabel(e.actor)}`,
        ),
        e.detail ? h("span", { class: "event-detail" }, e.detail) : null,
      ),
    ),
  );
}
