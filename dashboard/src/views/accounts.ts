/** The integrated accounts page: list, connect, rename, rotate credentials, delete. */
import type { Account } from "../api";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import { href } from "../router";
import {
  accountStatusBadge,
  connectAccountDialog,
  credentialsButton,
  deleteAccountDialog,
  renameAccountDialog,
} from "./account-dialogs";
import type { ViewContext } from "./context";
import { pagedList } from "./paged-list";
import { dataTable, emptyState, pageHeader } from "./ui";

/** Renders the accounts page. */
export function renderAccounts(root: HTMLElement, ctx: ViewContext): void {
  const connect = () =>
    connectAccountDialog(ctx.api, (a) => {
      ctx.announce(`Connected “${a.name}”. Open it to create MCP servers.`);
      void reload();
    });
  const body = h("section", { "aria-live": "polite" });
  replace(
    root,
    pageHeader(
      "Integrated accounts",
      "Each account is one connection to a SaaS API. Open one to preview its tools and mint MCP server URLs.",
      h("button", { type: "button", class: "button button-primary", onclick: connect }, "Connect an account"),
    ),
    body,
  );

  const accounts: Account[] = [];
  const { load, reload } = pagedList<Account>(
    ctx,
    "/integrated-account",
    "accounts",
    body,
    accounts,
    (next) => draw(next),
  );
  const draw = (next: string | null) => {
    if (accounts.length === 0) {
      replace(
        body,
        emptyState(
          "No accounts connected yet",
          "Connect an account (Missive, Notion, …) with its API token to start creating MCP servers.",
          h(
            "button",
            { type: "button", class: "button button-primary", onclick: connect },
            "Connect an account",
          ),
        ),
      );
      return;
    }
    const rows = accounts.map((a) =>
      h(
        "tr",
        null,
        h(
          "td",
          null,
          h("a", { href: href({ page: "account", id: a.id, tab: "servers" }), class: "strong-link" }, a.name),
        ),
        h("td", null, h("span", { class: "integration" }, a.integration), " ", accountStatusBadge(a)),
        h("td", null, h("time", { datetime: a.created_at }, formatDate(a.created_at))),
        h(
          "td",
          { class: "row-actions" },
          h(
            "a",
            {
              class: "button button-small",
              href: href({ page: "account", id: a.id, tab: "servers" }),
              "aria-label": `Open ${a.name}`,
            },
            "Open",
          ),
          h(
            "button",
            {
              type: "button",
              class: "button button-small",
              "aria-label": `Rename ${a.name}`,
              onclick: () =>
                renameAccountDialog(ctx.api, a, (u) => {
                  ctx.announce(`Renamed to “${u.name}”.`);
                  void reload();
                }),
            },
            "Rename",
          ),
          credentialsButton(
            ctx.api,
            a,
            (err) => ctx.announce(err instanceof Error ? err.message : "Could not start the connection."),
            () => ctx.announce(`Credentials of “${a.name}” replaced.`),
            true,
          ),
          h(
            "button",
            {
              type: "button",
              class: "button button-small button-danger-quiet",
              "aria-label": `Delete ${a.name}`,
              onclick: () =>
                deleteAccountDialog(ctx.api, a, () => {
                  ctx.announce(`Deleted “${a.name}”.`);
                  void reload();
                }),
            },
            "Delete",
          ),
        ),
      ),
    );
    const more = next
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
      : null;
    replace(body, dataTable("Integrated accounts", ["Name", "Integration", "Connected", null], rows), more);
  };
  void load(null);
}
