/**
 * One integration: its versions (publish one, or roll back to an older one), the tools of its newest
 * version, editable in place, its history of changes, and Delete.
 */
import { enc, isAbort } from "../api";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import type { IntegrationDetail, VersionToolPage } from "../integration-types";
import { href, navigate } from "../router";
import type { ViewContext } from "./context";
import { deleteIntegrationDialog, publishTarget, publishVersion } from "./integration-publish";
import { historyList, versionsTable } from "./integration-versions";
import { liveBadge } from "./integrations";
import { renderOAuthApp } from "./oauth-app";
import { toolCard } from "./tool-editor";
import { errorSlot, errorState, loading, pageHeader } from "./ui";

/** A titled section of the page. */
const section = (id: string, title: string, ...content: HTMLElement[]) =>
  h(
    "section",
    { class: "page-section", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title`, class: "section-title" }, title),
    content,
  );

const crumbs = (...rest: HTMLElement[]) =>
  h(
    "nav",
    { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
    h("a", { href: href({ page: "integrations" }) }, "Integrations"),
    rest,
  );

/** Renders the integration page of `name`. */
export function renderIntegration(root: HTMLElement, ctx: ViewContext, name: string): void {
  replace(root, loading("integration"));
  let detail: IntegrationDetail | null = null;
  /** The version whose tools the editor shows (the newest when the page loaded, then each saved draft). */
  let toolsVersion: number | null = null;
  const notice = h("p", { class: "notice notice-warn", role: "alert", hidden: true });
  const publishError = errorSlot();
  const header = h("div");
  const versions = h("div");
  const toolsNote = h("p", { class: "muted" });
  const toolList = h("ul", { class: "tool-list", "aria-label": "Tools" });
  const history = h("div");
  const oauthAppBody = h("div");
  const oauthApp = section("oauth-app", "OAuth app", oauthAppBody);
  oauthApp.hidden = true;

  const publish = (version: number, button?: HTMLButtonElement, slot?: HTMLElement, onLive?: () => void) => {
    if (!detail) return;
    const title = detail.title;
    publishVersion(
      ctx,
      publishTarget(detail),
      version,
      {
        onDone: (r) => {
          const back = r.previous_version !== null && r.published_version < r.previous_version;
          ctx.announce(
            back
              ? `Rolled back ${title} to version ${r.published_version}.`
              : `Version ${r.published_version} of ${title} is live.`,
          );
          onLive?.();
          void refresh();
        },
        onConflict: (message) => void refresh(message),
        errorSlot: slot ?? publishError,
      },
      button,
    );
  };

  const draw = (d: IntegrationDetail) => {
    replace(
      header,
      crumbs(h("span", { "aria-current": "page" }, d.title)),
      pageHeader(
        d.title,
        [
          h("code", null, d.name),
          " · ",
          liveBadge(d.published_version),
          ` · updated ${formatDate(d.updated_at)}`,
        ],
        h(
          "button",
          {
            type: "button",
            class: "button button-danger-quiet",
            onclick: () =>
              deleteIntegrationDialog(ctx, publishTarget(d), () => {
                ctx.announce(`Deleted ${d.title}.`);
                navigate({ page: "integrations" });
              }),
          },
          "Delete",
        ),
      ),
    );
    replace(
      versions,
      versionsTable(d, (v, button) => publish(v, button)),
    );
    replace(history, historyList(d.events));
    const newest = d.versions[0]?.version ?? null;
    if (toolsVersion === null) return;
    const liveNow = toolsVersion === d.published_version;
    replace(
      toolsNote,
      `Of version ${toolsVersion}${toolsVersion === newest ? ", the newest" : ""}${liveNow ? " (live)" : d.published_version === null ? " (a draft)" : ` (a draft; version ${d.published_version} is live)`}. Saving an edit makes a new draft version from the newest one; nothing changes for clients until you publish it.`,
    );
  };

  const loadTools = async (d: IntegrationDetail) => {
    const newest = d.versions[0]?.version;
    if (newest === undefined) return;
    replace(toolList, h("li", null, loading("tools")));
    try {
      const page = await ctx.api.get<VersionToolPage>(
        `/integrations/${enc(d.name)}/versions/${newest}/tools`,
        ctx.signal,
      );
      toolsVersion = page.version;
      draw(detail ?? d);
      const hooks = {
        onSaved: (created: { version: number }) => {
          toolsVersion = created.version;
          void refresh();
        },
        publish: (v: number, b: HTMLButtonElement, slot: HTMLElement, onLive: () => void) =>
          publish(v, b, slot, onLive),
      };
      replace(
        toolList,
        page.result.map((t) => toolCard(ctx, d.name, t, hooks)),
      );
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        toolList,
        h(
          "li",
          null,
          errorState(err, () => void loadTools(d)),
        ),
      );
    }
  };

  const refresh = async (message?: string) => {
    try {
      const d = await ctx.api.get<IntegrationDetail>(`/integrations/${enc(name)}`, ctx.signal);
      detail = d;
      draw(d);
      notice.hidden = message === undefined;
      replace(notice, message ?? "");
      if (message) notice.scrollIntoView({ block: "nearest" });
    } catch (err) {
      if (isAbort(err)) return;
      notice.hidden = false;
      replace(notice, err instanceof Error ? err.message : "Could not reload the integration.");
    }
  };

  const start = async () => {
    try {
      detail = await ctx.api.get<IntegrationDetail>(`/integrations/${enc(name)}`, ctx.signal);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        root,
        crumbs(),
        errorState(err, () => void start()),
      );
      return;
    }
    draw(detail);
    replace(
      root,
      header,
      notice,
      section("versions", "Versions", publishError, versions),
      section("tools", "Tools", toolsNote, toolList),
      oauthApp,
      section("history", "History", history),
    );
    void loadTools(detail);
    void renderOAuthApp(oauthAppBody, ctx, name).then(() => {
      oauthApp.hidden = oauthAppBody.childElementCount === 0;
    });
  };
  void start();
}
