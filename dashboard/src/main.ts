/**
 * Dashboard entry: sign-in gate, hash routing, and one view per page. It talks only to the admin
 * API of the origin it was served from.
 */
import { Api, type Page, type Tool } from "./api";
import { closeAllDialogs } from "./dialog";
import { currentRoute } from "./router";
import { clearSessionToken, saveSessionToken, sessionToken } from "./session";
import { renderAccount } from "./views/account";
import { renderAccounts } from "./views/accounts";
import { renderApiTokens } from "./views/api-tokens";
import { renderIntegration } from "./views/integration";
import { renderIntegrationImport } from "./views/integration-import";
import { renderIntegrationVersion } from "./views/integration-version";
import { renderIntegrations } from "./views/integrations";
import { renderShell, type Shell } from "./views/shell";
import { renderSignIn } from "./views/signin";

const root = document.getElementById("app");
if (!root) throw new Error("#app is missing from index.html");

/**
 * Gives every cell of a `.table` its column's heading as `data-label`, which styles.css shows when
 * rows stack as cards at phone width. Done here once, for every table any view renders.
 */
function labelTableCells(): void {
  for (const table of root!.querySelectorAll("table.table")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        const label = heads[i];
        if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
      });
    }
  }
}
new MutationObserver(labelTableCells).observe(root, { childList: true, subtree: true });

let shell: Shell | null = null;
let controller: AbortController | null = null;
/** Unfiltered tool lists per account: the filter vocabulary, fetched once per signed-in session. */
const catalogs = new Map<string, Promise<Tool[]>>();

const api = new Api({
  token: sessionToken,
  onUnauthorized: () => signOut("Your session ended: the token is no longer accepted. Sign in again."),
});

function signOut(notice: string | null = null): void {
  controller?.abort();
  closeAllDialogs();
  clearSessionToken();
  catalogs.clear();
  shell = null;
  document.title = "Sign in · edge-mcp";
  renderSignIn(root!, api, notice, (token) => {
    saveSessionToken(token);
    start();
  });
}

function catalog(accountId: string): Promise<Tool[]> {
  let p = catalogs.get(accountId);
  if (!p) {
    p = api.tools(accountId, {}).then((page: Page<Tool>) => page.result);
    p.catch(() => catalogs.delete(accountId));
    catalogs.set(accountId, p);
  }
  return p;
}

function render(): void {
  if (!shell) return;
  controller?.abort();
  closeAllDialogs();
  controller = new AbortController();
  const route = currentRoute();
  shell.setActive(route);
  const ctx = { api, signal: controller.signal, announce: shell.announce, catalog };
  if (route.page === "api-tokens") {
    document.title = "API tokens · edge-mcp";
    renderApiTokens(shell.main, ctx);
  } else if (route.page === "integrations") {
    document.title = "Integrations · edge-mcp";
    renderIntegrations(shell.main, ctx);
  } else if (route.page === "import") {
    document.title = "Import an API · edge-mcp";
    renderIntegrationImport(shell.main, ctx);
  } else if (route.page === "integration") {
    document.title = `${route.name} · Integrations · edge-mcp`;
    if (route.version === undefined) renderIntegration(shell.main, ctx, route.name);
    else renderIntegrationVersion(shell.main, ctx, route.name, route.version);
  } else if (route.page === "account") {
    document.title = "Integrated account · edge-mcp";
    renderAccount(shell.main, ctx, route.id, route.tab, route.server);
  } else {
    document.title = "Integrated accounts · edge-mcp";
    renderAccounts(shell.main, ctx);
  }
}

function start(): void {
  if (!sessionToken()) {
    signOut();
    return;
  }
  shell = renderShell(root!, () => signOut("You are signed out."));
  render();
}

window.addEventListener("hashchange", render);
start();
