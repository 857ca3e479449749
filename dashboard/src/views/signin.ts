/**
 * Sign-in: the admin pastes ADMIN_TOKEN or an admin-scoped API token; it is checked with one
 * harmless admin call before it is kept (in sessionStorage only).
 */
import { type Api, ApiError } from "../api";
import { h, replace } from "../dom";
import { field, setError, withBusy } from "../forms";

/** Renders the sign-in page into `root`; `onSignedIn` receives the validated token. */
export function renderSignIn(
  root: HTMLElement,
  api: Api,
  notice: string | null,
  onSignedIn: (token: string) => void,
): void {
  const input = h("input", {
    type: "password",
    name: "admin-token",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const token = field(
    "Admin token",
    input,
    "ADMIN_TOKEN (npm start writes it to .dev.vars) or an API token with the admin scope. It stays in this browser tab only and is forgotten when you sign out or close the tab.",
  );
  const submit = h("button", { type: "submit", class: "button button-primary button-block" }, "Sign in");
  const form = h(
    "form",
    { class: "signin-form", novalidate: true, "aria-labelledby": "signin-title" },
    token.root,
    submit,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    if (!value) {
      setError(token, "Paste your admin token to sign in.");
      input.focus();
      return;
    }
    setError(token, null);
    try {
      await withBusy(submit, "Checking…", () =>
        api.call("GET", "/integrated-account?limit=1", undefined, { token: value }),
      );
    } catch (err) {
      const msg =
        err instanceof ApiError && err.status === 401
          ? "That token was not accepted. Use the ADMIN_TOKEN or an API token with the admin scope (an mcp-scoped token cannot sign in)."
          : err instanceof Error
            ? err.message
            : "Sign-in failed.";
      setError(token, msg);
      input.select();
      input.focus();
      return;
    }
    input.value = "";
    onSignedIn(value);
  });
  replace(
    root,
    h(
      "main",
      { class: "signin", id: "main" },
      h(
        "div",
        { class: "signin-card" },
        h(
          "div",
          { class: "brand brand-large" },
          h("span", { class: "brand-mark", "aria-hidden": "true" }),
          "edge-mcp",
        ),
        h("h1", { id: "signin-title" }, "Sign in to the admin dashboard"),
        notice ? h("p", { class: "notice", role: "status" }, notice) : null,
        form,
      ),
    ),
  );
  input.focus();
}
