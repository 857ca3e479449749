/** The MCP Servers tab: list (name, filters, activity of the last 24 h, expiry, created), create, edit, delete. */
import { type Account, enc, type McpServer } from "../api";
import { confirmAction } from "../dialog";
import { h, replace } from "../dom";
import { describeMethods, describeTags, formatDate, formatRelative, plural, timeZone } from "../format";
import { href } from "../router";
import type { ViewContext } from "./context";
import { grantsDialog } from "./grants-dialog";
import { pagedList } from "./paged-list";
import { serverDialog } from "./server-dialog";
import { badge, DELETE_PROPAGATION, dataTable, emptyState } from "./ui";

function expiryCell(s: McpServer): HTMLElement {
  if (!s.expires_at) return h("span", { class: "muted" }, "Never");
  return h(
    "span",
    { class: "expiry" },
    s.expired
      ? badge(
          "Expired",
          "danger",
          "This URL no longer works, for good: it cannot be extended or revived. Create a new URL.",
        )
      : null,
    h("time", { datetime: s.expires_at, title: formatDate(s.expires_at, true) }, formatDate(s.expires_at)),
    h("span", { class: "muted small" }, ` (${formatRelative(s.expires_at)})`),
  );
}

function filtersCell(s: McpServer): HTMLElement {
  return h(
    "div",
    { class: "filters" },
    h("div", null, h("span", { class: "muted" }, "Methods: "), describeMethods(s.config)),
    h("div", null, h("span", { class: "muted" }, "Tags: "), describeTags(s.config)),
    authBadge(s),
  );
}

/** Calls and errors of the last 24 h and the last use, with a link to the server's activity. */
function activityCell(s: McpServer, accountId: string): HTMLElement {
  const calls = s.calls_24h;
  const errors = s.errors_24h ?? 0;
  return h(
    "div",
    { class: "activity-summary" },
    calls === null || calls === undefined
      ? h("span", { class: "muted" }, "unavailable")
      : h(
          "span",
          null,
          plural(calls, "call"),
          errors > 0
            ? [" · ", badge(plural(errors, "error"), "danger", "Calls in the last 24 h that did not succeed")]
            : null,
        ),
    h(
      "div",
      { class: "muted small" },
      s.last_used_at
        ? h(
            "time",
            { datetime: s.last_used_at, title: formatDate(s.last_used_at, true) },
            `last ${formatRelative(s.last_used_at)}`,
          )
        : "never used",
    ),
    h(
      "a",
      {
        href: href({ page: "account", id: accountId, tab: "activity", server: s.id }),
        class: "small",
        "aria-label": `Activity of ${s.name}`,
      },
      "Activity",
    ),
  );
}

/** The access mode as a badge: every mode has one, so a URL-only server is visibly so. */
function authBadge(s: McpServer): HTMLElement {
  const mode = s.config.auth ?? "none";
  if (mode === "oauth") return badge("OAuth sign-in", "ok");
  if (mode === "api_token") return badge("API token required", "info");
  return badge("URL only", "warn");
}

/** Renders the MCP Servers tab of `account` into `root`. */
export function renderServersTab(root: HTMLElement, ctx: ViewContext, account: Account): void {
  const base = `/integrated-account/${enc(account.id)}/mcp`;
  const servers: McpServer[] = [];
  const body = h("div", { "aria-live": "polite" });
  const open = (existing?: McpServer) =>
    serverDialog(ctx, account, existing, (s, created) => {
      // A new server opens the one-time URL dialog, which says it was created; a toast over it would
      // cover its snippets on a phone.
      if (!created) ctx.announce(`Saved “${s.name}”.`);
      void reload();
    });
  replace(
    root,
    h(
      "div",
      { class: "section-header" },
      h(
        "p",
        { class: "muted" },
        `Each MCP server is one URL, scoped to a subset of this account's tools. Times are in your time zone (${timeZone()}).`,
      ),
      h(
        "button",
        { type: "button", class: "button button-primary", onclick: () => open() },
        "Create MCP Server",
      ),
    ),
    body,
  );

  const { load, reload } = pagedList<McpServer>(ctx, base, "MCP servers", body, servers, (next) =>
    draw(next),
  );
  const remove = (s: McpServer) =>
    confirmAction({
      title: "Delete this MCP server?",
      message: [
        h("p", null, "“", h("strong", null, s.name), "” will be deleted."),
        h("p", null, `Every client that uses its URL loses it. ${DELETE_PROPAGATION} This cannot be undone.`),
      ],
      confirmLabel: "Delete server",
      busyLabel: "Deleting…",
      danger: true,
      action: () => ctx.api.del(`${base}/${enc(s.id)}`),
      onDone: () => {
        ctx.announce(`Deleted “${s.name}”.`);
        void reload();
      },
    });

  const draw = (next: string | null) => {
    if (servers.length === 0) {
      replace(
        body,
        emptyState(
          "No MCP servers yet",
          "Create one to get a URL you can paste into Claude, Cursor or any MCP client.",
          h(
            "button",
            { type: "button", class: "button button-primary", onclick: () => open() },
            "Create MCP Server",
          ),
        ),
      );
      return;
    }
    const rows = servers.map((s) =>
      h(
        "tr",
        { class: s.expired ? "row-expired" : null, "data-server-id": s.id },
        h("th", { scope: "row" }, h("span", { class: "server-name" }, s.name)),
        h("td", null, filtersCell(s)),
        h("td", null, activityCell(s, account.id)),
        h("td", null, expiryCell(s)),
        h(
          "td",
          null,
          h(
            "time",
            { datetime: s.created_at, title: formatDate(s.created_at, true) },
            formatDate(s.created_at),
          ),
        ),
        h(
          "td",
          { class: "row-actions" },
          // Expiry is final (the API answers 409 server_expired): an expired server can only be deleted.
          s.expired
            ? null
            : h(
                "button",
                {
                  type: "button",
                  class: "button button-small",
                  "aria-label": `Edit ${s.name}`,
                  onclick: () => open(s),
                },
                "Edit",
              ),
          s.config.auth === "oauth"
            ? h(
                "button",
                {
                  type: "button",
                  class: "button button-small",
                  "aria-label": `Sign-ins to ${s.name}`,
                  onclick: () => grantsDialog(ctx, account.id, s),
                },
                "Sign-ins",
              )
            : null,
          h(
            "button",
            {
              type: "button",
              class: "button button-small button-danger-quiet",
              "aria-label": `Delete ${s.name}`,
              onclick: () => remove(s),
            },
            "Delete",
          ),
        ),
      ),
    );
    replace(
      body,
      dataTable(
        `MCP servers of ${account.name}`,
        ["Name", "Filters", "Last 24 h", "Expires", "Created", null],
        rows,
      ),
      next
        ? h(
            "button",
            {
              type: "button",
              class: "button",
              onclick: (ev: Event) => {
                (ev.currentTarget as HTMLButtonElement).disabled = true;
                void load(next);
              },
            },
            "Load more",
          )
        : null,
    );
  };
  void load(null);
}
