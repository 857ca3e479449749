/**
 * The Activity tab of an account: its recorded tool calls, newest first, filtered (server, tool,
 * outcome, client, time range) and paged, with a detail view of one call. Reached per server as
 * `#/accounts/<id>/activity/<server_id>`.
 */
import { type Account, type CallRecord, enc, isAbort, type McpServer, type Page } from "../api";
import { h, replace } from "../dom";
import { formatDate, formatRelative, fromLocalInput, timeZone } from "../format";
import { navigate } from "../router";
import { OUTCOMES, outcomeBadge } from "./activity-format";
import { callDetailDialog } from "./call-detail";
import type { ViewContext } from "./context";
import { loadMoreButton, pagedList } from "./paged-list";
import { dataTable, emptyState } from "./ui";

/** A column that phone widths hide (`col-wide`). */
const wide = (label: string) => ({ label, class: "col-wide" });

/** Renders the Activity tab of `account` into `root`, filtered to `serverId` when given. */
export function renderActivityTab(
  root: HTMLElement,
  ctx: ViewContext,
  account: Account,
  serverId: string | undefined,
): void {
  const names = new Map<string, string>();
  const calls: CallRecord[] = [];
  const body = h("div", { "aria-live": "polite" });

  const server = h(
    "select",
    { id: "activity-server", name: "server" },
    h("option", { value: "" }, "All MCP servers"),
  );
  const outcome = h(
    "select",
    { id: "activity-outcome", name: "outcome" },
    OUTCOMES.map(([value, label]) => h("option", { value }, label)),
  );
  const tool = h("input", {
    id: "activity-tool",
    name: "tool",
    type: "search",
    placeholder: "exact tool name",
  });
  const client = h("input", {
    id: "activity-client",
    name: "client",
    type: "search",
    placeholder: "e.g. claude-code",
  });
  const since = h("input", { id: "activity-since", name: "since", type: "datetime-local" });
  const until = h("input", { id: "activity-until", name: "until", type: "datetime-local" });
  const labelled = (label: string, control: HTMLElement) =>
    h("div", { class: "field" }, h("label", { for: control.id }, label), control);
  const form = h(
    "form",
    { class: "activity-filters", "aria-label": "Filter tool calls" },
    labelled("MCP server", server),
    labelled("Outcome", outcome),
    labelled("Tool", tool),
    labelled("Client", client),
    labelled(`From (${timeZone()})`, since),
    labelled("Until", until),
    h(
      "div",
      { class: "activity-filter-actions" },
      h("button", { type: "submit", class: "button button-primary" }, "Apply"),
      h("button", { type: "reset", class: "button" }, "Reset"),
    ),
  );

  const path = () => {
    const q = new URLSearchParams();
    const iso = (input: HTMLInputElement) =>
      input.value ? fromLocalInput(input.value)?.toISOString() : undefined;
    const set = (k: string, v: string | undefined) => {
      if (v?.trim()) q.set(k, v.trim());
    };
    set("outcome", outcome.value);
    set("tool", tool.value);
    set("client", client.value);
    set("since", iso(since));
    set("until", iso(until));
    const base = `/integrated-account/${enc(account.id)}`;
    const scope = serverId ? `${base}/mcp/${enc(serverId)}/calls` : `${base}/calls`;
    const qs = q.toString();
    return qs ? `${scope}?${qs}` : scope;
  };
  const filtered = () => Boolean(outcome.value || tool.value || client.value || since.value || until.value);

  let list = pagedList<CallRecord>(ctx, path(), "activity", body, calls, (next) => draw(next));
  const reload = () => {
    list = pagedList<CallRecord>(ctx, path(), "activity", body, calls, (next) => draw(next));
    void list.reload();
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    reload();
  });
  form.addEventListener("reset", () => setTimeout(reload, 0));
  server.addEventListener("change", () =>
    navigate({ page: "account", id: account.id, tab: "activity", server: server.value || undefined }),
  );

  const draw = (next: string | null) => {
    if (calls.length === 0) {
      replace(
        body,
        filtered()
          ? emptyState("No calls match these filters", "Widen the time range or clear a filter (Reset).")
          : emptyState(
              serverId ? "No tool calls through this MCP server yet" : "No tool calls yet",
              "Every tool call made through this account's MCP URLs appears here, newest first: when, which tool, the outcome, how long it took and which client made it. Calls refused by filters, expiry, the API-token requirement or the URL's rate limit are listed too. Records are kept for 30 days by default.",
            ),
      );
      return;
    }
    const rows = calls.map((c) =>
      h(
        "tr",
        { "data-call-id": c.id },
        h(
          "th",
          { scope: "row" },
          h(
            "button",
            {
              type: "button",
              class: "link-button",
              "aria-label": `Details of the ${c.tool} call at ${formatDate(c.time, true)}`,
              onclick: () => callDetailDialog(c, names.get(c.mcp_server_id) ?? c.mcp_server_id),
            },
            h("time", { datetime: c.time, title: formatDate(c.time, true) }, formatDate(c.time)),
          ),
          h("div", { class: "muted small" }, formatRelative(c.time)),
        ),
        h(
          "td",
          { class: "col-wide" },
          names.get(c.mcp_server_id) ?? h("span", { class: "muted" }, "deleted server"),
        ),
        h("td", { class: "activity-tool" }, h("code", null, c.tool)),
        h("td", null, outcomeBadge(c.outcome)),
        h(
          "td",
          { class: "col-wide" },
          c.client.name ?? c.client.user_agent ?? h("span", { class: "muted" }, "unknown"),
        ),
        h("td", { class: "col-wide numeric" }, `${c.duration_ms} ms`),
      ),
    );
    replace(
      body,
      dataTable(
        `Tool calls of ${account.name}, newest first`,
        ["Time", wide("Server"), "Tool", "Outcome", wide("Client"), wide("Duration")],
        rows,
        "activity-table",
      ),
      loadMoreButton(list, next),
    );
  };

  replace(
    root,
    h(
      "p",
      { class: "muted" },
      "What clients did with this account's MCP URLs. Select a time for the full record of a call.",
    ),
    form,
    body,
  );
  const start = async () => {
    try {
      const page = await ctx.api.get<Page<McpServer>>(
        `/integrated-account/${enc(account.id)}/mcp?limit=100`,
        ctx.signal,
      );
      for (const s of page.result) {
        names.set(s.id, s.name);
        server.append(h("option", { value: s.id, selected: s.id === serverId }, s.name));
      }
    } catch (err) {
      if (isAbort(err)) return;
      // The list still works without server names; only the names are missing.
    }
    void list.load(null);
  };
  void start();
}
