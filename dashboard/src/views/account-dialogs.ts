/** Dialogs on integrated accounts: connect, rename, rotate credentials, delete. */
import { type Account, type Api, type ConnectLink, enc, type IntegrationInfo, type Page } from "../api";
import { confirmAction, openDialog } from "../dialog";
import { h } from "../dom";
import { field, setError, showApiError, withBusy } from "../forms";
import { badge, errorSlot } from "./ui";

const STORED = "It is stored encrypted and never shown again, not even here.";

function tokenInput(): HTMLInputElement {
  return h("input", {
    type: "password",
    name: "api_token",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
}

/**
 * "Connect an account": the integration (the published ones of `GET /integrations`), a name and
 * the integration's credential, with that integration's instructions for getting it.
 */
export function connectAccountDialog(api: Api, onDone: (account: Account) => void): void {
  const select = h("select", { name: "integration" });
  const integration = field("Integration", select);
  const name = field(
    "Name",
    h("input", { type: "text", name: "name", value: "", required: true, maxlength: 200 }),
    'How this account is listed here, e.g. "Support inbox".',
  );
  const token = field("API token", tokenInput(), STORED);
  let infos: IntegrationInfo[] = [];
  const chosen = () => infos.find((i) => i.name === select.value);
  const describe = () => {
    const info = chosen();
    if (!info) return;
    const label = token.root.querySelector("label");
    const credential = info.credential ?? "api_token";
    const what = credential === "api_token" ? "API token" : credential.replaceAll("_", " ");
    if (label) label.textContent = `${info.title} ${what}`;
    const hint = token.root.querySelector(".hint, .field-hint, small");
    if (hint) hint.textContent = info.instructions ? `${info.instructions} ${STORED}` : STORED;
    const nameEl = name.control as HTMLInputElement;
    if (!nameEl.value || infos.some((i) => i.title === nameEl.value)) nameEl.value = info.title;
    const byOAuth = (info.auth_methods ?? []).includes("oauth2");
    oauth.hidden = !byOAuth;
    oauthButton.hidden = !byOAuth;
    oauthButton.textContent = `Connect with ${info.title}`;
    const byToken = (info.auth_methods ?? ["api_token"]).includes("api_token");
    token.root.hidden = !byToken;
    submit.hidden = !byToken;
  };
  select.addEventListener("change", describe);
  void api.get<Page<IntegrationInfo>>("/integrations").then(
    (page) => {
      // Only a published integration can serve an account; drafts are listed on the Integrations page.
      infos = page.result.filter((i) => i.published_version !== null);
      for (const i of infos) select.append(h("option", { value: i.name }, `${i.title} (${i.tools} tools)`));
      if (infos.length === 0)
        setError(integration, "No integration is published yet: publish one on the Integrations page first.");
      describe();
    },
    (err) => showApiError(err, { integration }, general),
  );
  const general = errorSlot();
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Connect account");
  // Beside the API-token form: connect at the provider instead (its consent page, then back here).
  const oauthButton = h("button", { type: "button", class: "button", hidden: true }, "Connect with OAuth");
  const oauth = h(
    "div",
    { class: "form-alternative", hidden: true },
    h("p", { class: "muted" }, "Or let the account's owner sign in at the provider and approve:"),
    oauthButton,
  );
  oauthButton.addEventListener("click", async () => {
    if (!nameInput.value.trim()) return setError(name, "Give the account a name.");
    try {
      const link = await withBusy(oauthButton, "Opening…", () =>
        api.post<ConnectLink>("/integrated-account", {
          integration: select.value,
          name: nameInput.value.trim(),
          auth: "oauth2",
        }),
      );
      dlg.close();
      onDone(link);
      window.location.assign(link.connect_url);
    } catch (err) {
      showApiError(err, { name, integration }, general);
    }
  });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    integration.root,
    name.root,
    token.root,
    oauth,
    general,
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", class: "button", onclick: () => dlg.close() }, "Cancel"),
      submit,
    ),
  );
  const nameInput = name.control as HTMLInputElement;
  const tokenEl = token.control as HTMLInputElement;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!nameInput.value.trim()) return setError(name, "Give the account a name.");
    if (!select.value) return setError(integration, "Choose an integration.");
    if (!tokenEl.value.trim())
      return setError(token, `Paste the account's ${chosen()?.title ?? ""} API token.`);
    try {
      const account = await withBusy(submit, "Connecting…", () =>
        api.post<Account>("/integrated-account", {
          integration: select.value,
          name: nameInput.value.trim(),
          credentials: { api_token: tokenEl.value.trim() },
        }),
      );
      tokenEl.value = "";
      dlg.close();
      onDone(account);
    } catch (err) {
      showApiError(err, { name, integration, credentials: token }, general);
    }
  });
  const dlg = openDialog({
    title: "Connect an account",
    content: form,
    focus: tokenEl,
    onClose: () => {
      tokenEl.value = "";
    },
  });
}

/** Rename an account. */
export function renameAccountDialog(api: Api, account: Account, onDone: (a: Account) => void): void {
  const name = field(
    "Name",
    h("input", { type: "text", name: "name", value: account.name, required: true, maxlength: 200 }),
  );
  const input = name.control as HTMLInputElement;
  const general = errorSlot();
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Rename");
  const form = h(
    "form",
    { class: "form", novalidate: true },
    name.root,
    general,
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", class: "button", onclick: () => dlg.close() }, "Cancel"),
      submit,
    ),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!input.value.trim()) return setError(name, "The name cannot be empty.");
    try {
      const updated = await withBusy(submit, "Saving…", () =>
        api.patch<Account>(`/integrated-account/${enc(account.id)}`, { name: input.value.trim() }),
      );
      dlg.close();
      onDone(updated);
    } catch (err) {
      showApiError(err, { name }, general);
    }
  });
  const dlg = openDialog({ title: `Rename “${account.name}”`, content: form, focus: input });
  input.select();
}

/** Replace an account's API token. */
export function rotateCredentialsDialog(api: Api, account: Account, onDone: (a: Account) => void): void {
  const token = field("New API token", tokenInput(), STORED);
  const input = token.control as HTMLInputElement;
  const general = errorSlot();
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Replace token");
  const form = h(
    "form",
    { class: "form", novalidate: true },
    h(
      "p",
      null,
      "Every MCP server of this account switches to the new token within seconds; their URLs stay the same.",
    ),
    token.root,
    general,
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", class: "button", onclick: () => dlg.close() }, "Cancel"),
      submit,
    ),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!input.value.trim()) return setError(token, "Paste the new API token.");
    try {
      const updated = await withBusy(submit, "Saving…", () =>
        api.patch<Account>(`/integrated-account/${enc(account.id)}`, {
          credentials: { api_token: input.value.trim() },
        }),
      );
      input.value = "";
      dlg.close();
      onDone(updated);
    } catch (err) {
      showApiError(err, { credentials: token }, general);
    }
  });
  const dlg = openDialog({
    title: `Rotate credentials of “${account.name}”`,
    content: form,
    focus: input,
    onClose: () => {
      input.value = "";
    },
  });
}

/** Delete an account and, with it, all its MCP servers. */
export function deleteAccountDialog(api: Api, account: Account, onDone: () => void): void {
  confirmAction({
    title: "Delete this account?",
    message: [
      h("p", null, "“", h("strong", null, account.name), "” and all its MCP servers will be deleted."),
      h(
        "p",
        null,
        "Every MCP URL of this account stops working within 5 seconds, and in other Cloudflare locations once Workers KV has propagated the change (up to about a minute). This cannot be undone.",
      ),
    ],
    confirmLabel: "Delete account",
    busyLabel: "Deleting…",
    danger: true,
    action: () => api.del(`/integrated-account/${enc(account.id)}`),
    onDone,
  });
}

/**
 * Connect an OAuth account (again): a fresh single-use connect URL for the same account, then on
 * to the provider's consent page in this tab. The account keeps its id and its MCP URLs.
 */
export async function reconnectAccount(api: Api, account: Account, button: HTMLButtonElement): Promise<void> {
  const link = await withBusy(button, "Opening…", () =>
    api.post<ConnectLink>(`/integrated-account/${enc(account.id)}/connect`, {}),
  );
  window.location.assign(link.connect_url);
}

/** The status of an account that cannot make calls now, with the reason on hover; null when active. */
export function accountStatusBadge(account: Account): HTMLElement | null {
  if (account.status === "pending") return badge("not connected yet", "warn", account.status_reason);
  if (account.status === "needs_reconnect") return badge("needs reconnect", "danger", account.status_reason);
  return null;
}

/**
 * The credentials action of an account: "Rotate credentials" for a pasted token, "Connect" or
 * "Reconnect" (at the provider) for an OAuth account.
 */
export function credentialsButton(
  api: Api,
  account: Account,
  onError: (err: unknown) => void,
  onRotated: () => void,
  small = false,
): HTMLButtonElement {
  const cls = small ? "button button-small" : "button";
  if (account.auth !== "oauth2") {
    return h(
      "button",
      {
        type: "button",
        class: cls,
        // In a list of accounts the row's button says whose; on the account's own page it need not.
        ...(small ? { "aria-label": `Rotate credentials of ${account.name}` } : {}),
        onclick: () => rotateCredentialsDialog(api, account, onRotated),
      },
      "Rotate credentials",
    );
  }
  const label = account.status === "pending" ? "Connect" : "Reconnect";
  const button: HTMLButtonElement = h(
    "button",
    {
      type: "button",
      class: account.status === "active" ? cls : `${cls} button-primary`,
      ...(small ? { "aria-label": `${label} ${account.name} at the provider` } : {}),
      onclick: () => void reconnectAccount(api, account, button).catch(onError),
    },
    label,
  );
  return button;
}
