/**
 * The OAuth app of an integration that can connect accounts by OAuth: the exact redirect URI to
 * register at the provider, and the client ID and secret the provider gave (the secret is stored
 * encrypted and never shown again). Nothing is drawn for an integration without an oauth2 method.
 */
import { ApiError, enc, isAbort, type OAuthApp } from "../api";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import { field, setError, showApiError, withBusy } from "../forms";
import type { ViewContext } from "./context";
import { errorSlot } from "./ui";

/** Fills `root` with the OAuth app section of integration `name` (or leaves it empty). */
export async function renderOAuthApp(root: HTMLElement, ctx: ViewContext, name: string): Promise<void> {
  let app: OAuthApp | null = null;
  let redirect = "";
  let instructions: string | null = null;
  try {
    app = await ctx.api.get<OAuthApp>(`/integrations/${enc(name)}/oauth-app`, ctx.signal);
    redirect = app.redirect_uri;
    instructions = app.instructions;
  } catch (err) {
    if (isAbort(err)) return;
    if (!(err instanceof ApiError) || err.code !== "oauth_app_missing") return replace(root);
    const details = (err.details ?? {}) as { redirect_uri?: string; instructions?: string };
    redirect = details.redirect_uri ?? "";
    instructions = details.instructions ?? null;
  }
  const clientId = field(
    "Client ID",
    h("input", {
      type: "text",
      name: "client_id",
      value: app?.client_id ?? "",
      autocomplete: "off",
      required: true,
    }),
  );
  const secret = field(
    "Client secret",
    h("input", { type: "password", name: "client_secret", autocomplete: "off", required: true }),
    app ? "Stored encrypted; paste it again to replace the app." : "Stored encrypted and never shown again.",
  );
  const general = errorSlot();
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary" },
    app ? "Replace app" : "Save app",
  );
  const form = h("form", { class: "form", novalidate: true }, clientId.root, secret.root, general, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const id = (clientId.control as HTMLInputElement).value.trim();
    const s = (secret.control as HTMLInputElement).value.trim();
    if (!id) return setError(clientId, "Paste the app's client ID.");
    if (!s) return setError(secret, "Paste the app's client secret.");
    try {
      await withBusy(submit, "Saving…", () =>
        ctx.api.put<OAuthApp>(`/integrations/${enc(name)}/oauth-app`, { client_id: id, client_secret: s }),
      );
      (secret.control as HTMLInputElement).value = "";
      ctx.announce("OAuth app saved: accounts can now connect by OAuth.");
      void renderOAuthApp(root, ctx, name);
    } catch (err) {
      showApiError(err, { client_id: clientId, client_secret: secret }, general);
    }
  });
  replace(
    root,
    h(
      "p",
      null,
      "Register an OAuth app at the provider with this exact redirect (callback) URI: ",
      h("code", { class: "redirect-uri" }, redirect),
    ),
    instructions ? h("p", { class: "muted" }, instructions) : null,
    app
      ? h(
          "p",
          null,
          `Registered: client ID `,
          h("code", null, app.client_id),
          ` · updated ${formatDate(app.updated_at)}`,
        )
      : h("p", { class: "muted" }, "No OAuth app yet: accounts can only connect with an API token."),
    form,
  );
}
