/** The Integrations page: every integration, its live version (or none yet), tools and last change. */
import { type IntegrationInfo, isAbort, type Page } from "../api";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import { href } from "../router";
import type { ViewContext } from "./context";
import { badge, dataTable, emptyState, errorState, loading, pageHeader } from "./ui";

/** The live-version badge of an integration: "v3 live" or "not published". */
export function liveBadge(published: number | null): HTMLElement {
  return published === null
    ? badge("not published", "warn", "No version is live: no account can use it yet")
    : badge(`v${published} live`, "ok");
}

const importLink = (primary: boolean) =>
  h(
    "a",
    { href: href({ page: "import" }), class: primary ? "button button-primary" : "button" },
    "Import an API",
  );

/** Renders the integrations list. */
export function renderIntegrations(root: HTMLElement, ctx: ViewContext): void {
  const body = h("section", { "aria-live": "polite" });
  replace(
    root,
    pageHeader(
      "Integrations",
      "The APIs accounts can connect to. Each change is a version; only the published one is live.",
      importLink(true),
    ),
    body,
  );
  const load = async () => {
    replace(body, loading("integrations"));
    try {
      const page = await ctx.api.get<Page<IntegrationInfo>>("/integrations", ctx.signal);
      draw(page.result);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        body,
        errorState(err, () => void load()),
      );
    }
  };
  const draw = (items: IntegrationInfo[]) => {
    if (items.length === 0) {
      replace(
        body,
        emptyState(
          "No integrations yet",
          "Import an API from its OpenAPI document, check the report, then publish it.",
          importLink(true),
        ),
      );
      return;
    }
    const rows = items.map((i) => {
      const link = href({ page: "integration", name: i.name });
      return h(
        "tr",
        null,
        h(
          "td",
          null,
          h("a", { href: link, class: "strong-link" }, i.title),
          h("div", null, h("code", { class: "muted small" }, i.name)),
        ),
        h("td", null, liveBadge(i.published_version)),
        h("td", { class: "numeric" }, i.published_version === null ? "—" : String(i.tools)),
        h("td", null, h("time", { datetime: i.updated_at }, formatDate(i.updated_at))),
        h(
          "td",
          { class: "row-actions" },
          h("a", { class: "button button-small", href: link, "aria-label": `Open ${i.title}` }, "Open"),
        ),
      );
    });
    replace(
      body,
      dataTable(
        "Integrations",
        ["Integration", "Live version", { label: "Tools", class: "numeric" }, "Updated", null],
        rows,
      ),
    );
  };
  void load();
}
