/**
 * The OAuth grants of an `oauth` server: one row per sign-in (the app, the API token the person
 * signed in with, when, until when), each with Revoke. Revoking stops that app's access at once.
 */
import { enc, type Grant, type McpServer, type PersonConnection } from "../api";
import { openDialog } from "../dialog";
import { h, replace } from "../dom";
import { formatDate, formatRelative } from "../format";
import type { ViewContext } from "./context";
import { dataTable, emptyState, errorState, loading } from "./ui";

/** Opens the grants dialog of `server` (of account `accountId`). */
export function grantsDialog(ctx: ViewContext, accountId: string, server: McpServer): void {
  const base = `/integrated-account/${enc(accountId)}/mcp/${enc(server.id)}/grants`;
  const body = h("div", { "aria-live": "polite" }, loading("sign-ins"));
  openDialog({
    title: `Sign-ins to “${server.name}”`,
    wide: true,
    content: [
      h(
        "p",
        { class: "muted" },
        "Each row is one app a person connected with OAuth, signed in with their API token. Revoke stops that app at once; the person can connect again.",
      ),
      body,
    ],
  });
  const load = async () => {
    try {
      const page = await ctx.api.get<{ result: Grant[] }>(`${base}?limit=100`);
      draw(page.result);
    } catch (err) {
      replace(
        body,
        errorState(err, () => void load()),
      );
    }
  };
  const revoke = async (g: Grant, button: HTMLButtonElement) => {
    button.disabled = true;
    button.textContent = "Revoking…";
    try {
      await ctx.api.del(`${base}/${enc(g.id)}`);
      ctx.announce(`Revoked ${g.client_name ?? "the app"}'s access.`);
      await load();
    } catch (err) {
      replace(
        body,
        errorState(err, () => void load()),
      );
    }
  };
  const draw = (grants: Grant[]) => {
    if (grants.length === 0) {
      replace(body, emptyState("No sign-ins", "No app is connected to this server with OAuth."));
      return;
    }
    const rows = grants.map((g) => {
      const button = h(
        "button",
        { type: "button", class: "button button-small button-danger-quiet" },
        "Revoke",
      ) as HTMLButtonElement;
      button.addEventListener("click", () => void revoke(g, button));
      return h(
        "tr",
        { "data-grant-id": g.id },
        h("th", { scope: "row" }, g.client_name ?? g.client_id),
        h("td", null, g.api_token_name ?? "—"),
        h("td", null, h("time", { datetime: g.created_at }, formatDate(g.created_at))),
        h(
          "td",
          null,
          g.expires_at
            ? h(
                "time",
                { datetime: g.expires_at, title: formatDate(g.expires_at, true) },
                formatRelative(g.expires_at),
              )
            : "—",
        ),
        h("td", { class: "row-actions" }, button),
      );
    });
    replace(
      body,
      dataTable(`Sign-ins to ${server.name}`, ["App", "Signed in as", "Since", "Expires", null], rows),
    );
  };
  void load();
  if (server.config.upstream === "per_person") peopleSection(ctx, accountId, body.parentElement);
}

/**
 * On a `per_person` server: the people who connected their own upstream account on its account,
 * each with Revoke (their tokens are deleted; their next sign-in connects again).
 */
function peopleSection(ctx: ViewContext, accountId: string, parent: HTMLElement | null): void {
  if (!parent) return;
  const base = `/integrated-account/${enc(accountId)}/people`;
  const body = h("div", { "aria-live": "polite" }, loading("connected accounts"));
  parent.append(h("h3", null, "Their own accounts"), body);
  const load = async () => {
    try {
      const page = await ctx.api.get<{ result: PersonConnection[] }>(`${base}?limit=100`);
      if (page.result.length === 0) {
        replace(body, emptyState("No own accounts", "Nobody has connected their own account yet."));
        return;
      }
      const rows = page.result.map((p) => {
        const button = h(
          "button",
          { type: "button", class: "button button-small button-danger-quiet" },
          "Revoke",
        ) as HTMLButtonElement;
        button.addEventListener("click", async () => {
          button.disabled = true;
          try {
            await ctx.api.del(`${base}/${enc(p.api_token_id)}`);
            ctx.announce(`Revoked ${p.api_token_name ?? "the person"}'s own account.`);
          } finally {
            await load();
          }
        });
        return h(
          "tr",
          null,
          h("th", { scope: "row" }, p.api_token_name ?? p.api_token_id),
          h("td", null, p.status === "active" ? "connected" : p.status.replace("_", " ")),
          h("td", null, h("time", { datetime: p.updated_at }, formatDate(p.updated_at))),
          h("td", { class: "row-actions" }, button),
        );
      });
      replace(body, dataTable("Their own accounts", ["Person", "Status", "Since", null], rows));
    } catch (err) {
      replace(
        body,
        errorState(err, () => void load()),
      );
    }
  };
  void load();
}
