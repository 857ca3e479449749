/** One integrated account: header, actions, and its "MCP Servers", "Tools" and "Activity" tabs. */
import { type Account, enc, isAbort } from "../api";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import { type AccountTab, href, navigate } from "../router";
import {
  accountStatusBadge,
  credentialsButton,
  deleteAccountDialog,
  renameAccountDialog,
} from "./account-dialogs";
import { renderActivityTab } from "./activity-tab";
import type { ViewContext } from "./context";
import { renderServersTab } from "./servers-tab";
import { renderToolsTab } from "./tools-tab";
import { errorState, loading, pageHeader } from "./ui";

const TABS: Array<{ tab: AccountTab; label: string }> = [
  { tab: "servers", label: "MCP Servers" },
  { tab: "tools", label: "Tools" },
  { tab: "activity", label: "Activity" },
];

/** Renders the account page with the given tab open. */
export function renderAccount(
  root: HTMLElement,
  ctx: ViewContext,
  id: string,
  tab: AccountTab,
  server?: string,
): void {
  replace(root, loading("account"));
  const load = async () => {
    try {
      const account = await ctx.api.get<Account>(`/integrated-account/${enc(id)}`, ctx.signal);
      draw(account);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        root,
        h(
          "nav",
          { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
          h("a", { href: href({ page: "accounts" }) }, "Integrated accounts"),
        ),
        errorState(err, () => void load()),
      );
    }
  };
  const draw = (account: Account) => {
    const panelId = "account-tabpanel";
    const tabs = h(
      "div",
      { class: "tabs", role: "tablist", "aria-label": "Account sections" },
      TABS.map((t) =>
        h(
          "a",
          {
            href: href({ page: "account", id, tab: t.tab }),
            role: "tab",
            id: `tab-${t.tab}`,
            class: "tab",
            "aria-selected": String(t.tab === tab),
            "aria-controls": panelId,
            tabindex: t.tab === tab ? "0" : "-1",
          },
          t.label,
        ),
      ),
    );
    tabs.addEventListener("keydown", (ev) => {
      if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
      const i = TABS.findIndex((t) => t.tab === tab);
      const next = TABS[(i + (ev.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
      navigate({ page: "account", id, tab: next.tab });
    });
    const panel = h("section", {
      id: panelId,
      role: "tabpanel",
      "aria-labelledby": `tab-${tab}`,
      class: "tabpanel",
    });
    replace(
      root,
      h(
        "nav",
        { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
        h("a", { href: href({ page: "accounts" }) }, "Integrated accounts"),
        h("span", { "aria-current": "page" }, account.name),
      ),
      pageHeader(
        account.name,
        [
          h("span", { class: "integration" }, account.integration),
          ` · connected ${formatDate(account.created_at)}`,
          account.auth === "oauth2" ? " · by OAuth " : "",
          accountStatusBadge(account),
          account.status !== "active" && account.status_reason
            ? h("span", { class: "muted" }, ` ${account.status_reason}`)
            : "",
        ],
        h(
          "button",
          {
            type: "button",
            class: "button",
            onclick: () =>
              renameAccountDialog(ctx.api, account, (u) => {
                ctx.announce(`Renamed to “${u.name}”.`);
                draw(u);
              }),
          },
          "Rename",
        ),
        credentialsButton(
          ctx.api,
          account,
          (err) => ctx.announce(err instanceof Error ? err.message : "Could not start the connection."),
          () => ctx.announce("Credentials replaced."),
        ),
        h(
          "button",
          {
            type: "button",
            class: "button button-danger-quiet",
            onclick: () =>
              deleteAccountDialog(ctx.api, account, () => {
                ctx.announce(`Deleted “${account.name}”.`);
                navigate({ page: "accounts" });
              }),
          },
          "Delete",
        ),
      ),
      tabs,
      panel,
    );
    if (tab === "tools") renderToolsTab(panel, ctx, account);
    else if (tab === "activity") renderActivityTab(panel, ctx, account, server);
    else renderServersTab(panel, ctx, account);
  };
  void load();
}
