/** One version of an integration: who made it and how, its diff, footprint and import report; publish it. */
import { enc, isAbort } from "../api";
import { h, replace } from "../dom";
import { actorLabel, formatDate, sourceLabel } from "../format";
import type { IntegrationDetail, VersionDetails } from "../integration-types";
import { href, navigate } from "../router";
import type { ViewContext } from "./context";
import { publishTarget, publishVersion } from "./integration-publish";
import { badge, errorSlot, errorState, loading, pageHeader } from "./ui";
import { versionResult } from "./version-report";

/** What an edit's report records: the tool and the fields changed. */
function editNote(report: unknown): string | null {
  const r = report as { edited_tool?: unknown; fields?: unknown } | null;
  if (!r || typeof r.edited_tool !== "string") return null;
  const fields = Array.isArray(r.fields) ? r.fields.join(", ") : "";
  return `An edit of ${r.edited_tool}${fields ? ` (${fields})` : ""}.`;
}

/** Renders version `version` of integration `name`. */
export function renderIntegrationVersion(
  root: HTMLElement,
  ctx: ViewContext,
  name: string,
  version: number,
): void {
  replace(root, loading("version"));
  const integrationLink = h("a", { href: href({ page: "integration", name }) }, name);
  const crumbs = () =>
    h(
      "nav",
      { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
      h("a", { href: href({ page: "integrations" }) }, "Integrations"),
      integrationLink,
      h("span", { "aria-current": "page" }, `Version ${version}`),
    );
  /** Loads and draws the page; `message` (a refused publish) is shown above it. */
  const load = async (message?: string) => {
    let detail: IntegrationDetail;
    let v: VersionDetails;
    try {
      [detail, v] = await Promise.all([
        ctx.api.get<IntegrationDetail>(`/integrations/${enc(name)}`, ctx.signal),
        ctx.api.get<VersionDetails>(`/integrations/${enc(name)}/versions/${version}`, ctx.signal),
      ]);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        root,
        crumbs(),
        errorState(err, () => void load()),
      );
      return;
    }
    replace(integrationLink, detail.title);
    const live = detail.published_version;
    const isLive = live === version;
    const rollback = live !== null && version < live;
    const slot = errorSlot();
    const notice = h(
      "p",
      { class: "notice notice-warn", role: "alert", hidden: message === undefined },
      message,
    );
    const button = isLive
      ? null
      : h(
          "button",
          { type: "button", class: rollback ? "button" : "button button-primary" },
          rollback ? "Roll back to this version" : "Publish this version",
        );
    button?.addEventListener("click", () =>
      publishVersion(
        ctx,
        publishTarget(detail),
        version,
        {
          onDone: (r) => {
            ctx.announce(`Version ${r.published_version} of ${detail.title} is live.`);
            navigate({ page: "integration", name });
          },
          onConflict: (message) => void load(message),
          errorSlot: slot,
        },
        button,
      ),
    );
    const note = editNote(v.details?.report);
    replace(
      root,
      crumbs(),
      pageHeader(
        [
          `Version ${version}`,
          " ",
          isLive ? badge("live", "ok") : badge(rollback ? "older" : "draft", "neutral"),
        ],
        `${sourceLabel(v.source)} by ${actorLabel(v.created_by)}, ${formatDate(v.created_at)}${v.based_on === null ? "" : `; based on version ${v.based_on}`}`,
        button,
      ),
      notice,
      slot,
      h(
        "div",
        { class: "card" },
        note ? h("p", null, note) : null,
        h("p", { class: "muted" }, v.summary),
        versionResult({
          version: v.version,
          tool_count: v.tool_count,
          tokens: v.tokens,
          diff: v.details?.diff ?? null,
          footprint: v.details?.footprint ?? null,
          report: v.details?.report ?? null,
        }),
      ),
    );
  };
  void load();
}
