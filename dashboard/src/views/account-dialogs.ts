/** Dialogs on integrated accounts: connect, rename, rotate credentials, delete. */
import { type Account, type Api, enc, type IntegrationInfo, type Page } from "../api";
import { confirmAction, openDialog } from "../dialog";
import { h } from "../dom";
import { field, setError, showApiError, withBusy } from "../forms";
import { errorSlot } from "./ui";

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
  const form = h(
    "form",
    { class: "form", novalidate: true },
    integration.root,
    name.root,
    token.root,
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
