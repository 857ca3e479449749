/** The Tools tab: a live preview of the tools a method/tag filter yields, as an MCP client sees them. */
import { type Account, isAbort, type Tool } from "../api";
import { h, replace } from "../dom";
import { plural } from "../format";
import { markdownBlock } from "../markdown";
import type { ViewContext } from "./context";
import { filterPicker, vocabulary } from "./filter-picker";
import { livePreview, type PreviewState } from "./preview";
import { badge, emptyState, errorState, loading } from "./ui";

/** The annotation badges of a tool. */
export function annotationBadges(tool: Tool): HTMLElement[] {
  const a = tool.annotations ?? {};
  const out: HTMLElement[] = [];
  if (a.readOnlyHint) out.push(badge("read-only", "ok", "readOnlyHint: the tool does not modify anything"));
  else out.push(badge("writes", "warn", "readOnlyHint is false: the tool can change data"));
  if (a.destructiveHint)
    out.push(badge("destructive", "danger", "destructiveHint: the tool may delete or overwrite data"));
  if (a.idempotentHint)
    out.push(badge("idempotent", "info", "idempotentHint: repeating the call has no extra effect"));
  if (a.openWorldHint)
    out.push(badge("open world", "neutral", "openWorldHint: the tool talks to an external system"));
  return out;
}

/** A tool card's first line: its name, and the HTTP method and path it calls. */
export function toolHead(name: string, http: { method: string; path: string }): HTMLElement {
  return h(
    "div",
    { class: "tool-head" },
    h("code", { class: "tool-name" }, name),
    h(
      "span",
      { class: "tool-http" },
      h("span", { class: `http-method http-${http.method.toLowerCase()}` }, http.method),
      " ",
      http.path,
    ),
  );
}

function toolCard(t: Tool): HTMLElement {
  return h(
    "li",
    { class: "tool" },
    toolHead(t.name, t.http),
    t.title ? h("p", { class: "tool-title" }, t.title) : null,
    h(
      "div",
      { class: "tool-badges" },
      badge(`method: ${t.method}`, "neutral"),
      annotationBadges(t),
      t.tags.map((tag) => h("span", { class: "tag" }, `#${tag}`)),
    ),
    markdownBlock(t.description, "tool-description"),
  );
}

/** Renders the Tools tab of `account` into `root`. */
export function renderToolsTab(root: HTMLElement, ctx: ViewContext, account: Account): void {
  replace(root, loading("tools"));
  const start = async () => {
    let all: Tool[];
    try {
      all = await ctx.catalog(account.id);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        root,
        errorState(err, () => void start()),
      );
      return;
    }
    if (ctx.signal.aborted) return;
    const summary = h("p", { class: "preview-count", role: "status", "aria-live": "polite" });
    const list = h("ul", { class: "tool-list", "aria-label": "Tools this filter yields" });
    const render = (s: PreviewState) => {
      list.setAttribute("aria-busy", String(s.status === "loading"));
      // An empty result is information, not success: neutral colours, plain words.
      summary.classList.toggle("preview-count-neutral", s.status === "empty");
      if (s.status === "loading") {
        replace(summary, "Updating…");
        return;
      }
      if (s.status === "ok") {
        replace(summary, `${plural(s.tools.length, "tool")} of ${all.length} match this filter.`);
        replace(list, s.tools.map(toolCard));
      } else if (s.status === "empty") {
        replace(summary, "No tool matches this filter.");
        replace(
          list,
          h(
            "li",
            null,
            emptyState(
              "No tools",
              "No tool has one of the checked methods and one of the checked tags. Uncheck a method or tag to widen the filter.",
            ),
          ),
        );
      } else {
        replace(summary, "");
        replace(list, h("li", null, errorState(s.error)));
      }
    };
    const picker = filterPicker(vocabulary(all), () => preview.refresh());
    const preview = livePreview(ctx.api, account.id, () => picker.value(), render);
    ctx.signal.addEventListener("abort", () => preview.dispose());
    replace(
      root,
      h(
        "div",
        { class: "tools-layout" },
        h(
          "aside",
          { class: "card filter-card", "aria-label": "Filter" },
          h("h2", { class: "card-title" }, "Filter"),
          h("p", { class: "muted" }, "The same filter an MCP server applies: methods AND tags."),
          picker.methods.root,
          picker.tags.root,
          h(
            "button",
            {
              type: "button",
              class: "button button-small",
              onclick: () => {
                picker.set({});
                preview.refresh();
              },
            },
            "Clear filter",
          ),
        ),
        h("div", { class: "tools-results" }, summary, list),
      ),
    );
    render({ status: "ok", tools: all });
  };
  void start();
}
