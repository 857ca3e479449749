/**
 * API tokens: create one with a scope (its secret shown once, until dismissed) and revoke.
 * `admin` tokens may use the admin API and this dashboard; `mcp` tokens are only the second
 * credential of servers that require one.
 */
import { type ApiToken, type CreatedApiToken, enc, isAbort, type Page } from "../api";
import { confirmAction } from "../dialog";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import { copyButton, field, fieldset, setError, showApiError, withBusy } from "../forms";
import type { ViewContext } from "./context";
import { badge, dataTable, emptyState, errorSlot, errorState, loading, pageHeader } from "./ui";

/** Renders the API tokens page. */
export function renderApiTokens(root: HTMLElement, ctx: ViewContext): void {
  const nameInput = h("input", {
    type: "text",
    name: "name",
    required: true,
    maxlength: 200,
    placeholder: "e.g. Claude Desktop on Ana's laptop",
  });
  const name = field("Name", nameInput);
  const mcpScope = h("input", { type: "radio", name: "scope", value: "mcp", checked: true });
  const adminScope = h("input", { type: "radio", name: "scope", value: "admin" });
  const scope = fieldset("Scope", [
    h(
      "label",
      { class: "radio-row" },
      mcpScope,
      h(
        "span",
        null,
        h("strong", null, "mcp"),
        " — second credential for MCP servers that require an API token",
      ),
    ),
    h(
      "label",
      { class: "radio-row" },
      adminScope,
      h("span", null, h("strong", null, "admin"), " — full admin API access, including this dashboard"),
    ),
  ]);
  const general = errorSlot();
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Create token");
  const reveal = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "form card", novalidate: true },
    h("h2", { class: "card-title" }, "New API token"),
    h("div", { class: "form-grid" }, name.root, scope.root),
    general,
    h("div", { class: "form-actions" }, submit),
  );
  const list = h("section", { "aria-label": "API tokens", "aria-live": "polite" });
  replace(
    root,
    pageHeader("API tokens", "Tokens for scripts and for MCP servers that require a second credential."),
    form,
    reveal,
    list,
  );

  const showSecret = (created: CreatedApiToken) => {
    const input = h("input", {
      type: "text",
      readonly: true,
      class: "url-field",
      id: "new-api-token",
      value: created.token,
      spellcheck: "false",
      autocomplete: "off",
    });
    const dismiss = () => {
      input.value = "";
      replace(reveal);
      nameInput.focus();
    };
    replace(
      reveal,
      h(
        "div",
        { class: "card notice-card" },
        h(
          "p",
          { class: "notice notice-warn" },
          h("strong", null, `Copy “${created.name}” now: `),
          "the token is shown only once.",
        ),
        h(
          "div",
          { class: "field" },
          h("label", { for: "new-api-token" }, "API token"),
          h(
            "div",
            { class: "url-row" },
            input,
            copyButton(
              () => input.value,
              "Copy the API token",
              () => input,
            ),
          ),
        ),
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "button", class: "button", onclick: dismiss }, "I have copied it — hide"),
        ),
      ),
    );
    input.focus();
    input.select();
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    setError(name, null);
    if (!nameInput.value.trim()) {
      setError(name, "Give the token a name, e.g. who or what will use it.");
      nameInput.focus();
      return;
    }
    try {
      const created = await withBusy(submit, "Creating…", () =>
        ctx.api.post<CreatedApiToken>("/api-token", {
          name: nameInput.value.trim(),
          scopes: [adminScope.checked ? "admin" : "mcp"],
        }),
      );
      nameInput.value = "";
      showSecret(created);
      ctx.announce(`Created API token “${created.name}”.`);
      void load();
    } catch (err) {
      showApiError(err, { name, scopes: scope }, general);
    }
  });

  const load = async () => {
    replace(list, loading("API tokens"));
    try {
      const tokens: ApiToken[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: "100" });
        if (cursor) q.set("cursor", cursor);
        const page: Page<ApiToken> = await ctx.api.get<Page<ApiToken>>(`/api-token?${q}`, ctx.signal);
        tokens.push(...page.result);
        cursor = page.next_cursor;
      } while (cursor);
      draw(tokens);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        list,
        errorState(err, () => void load()),
      );
    }
  };
  const revoke = (t: ApiToken) =>
    confirmAction({
      title: "Revoke this API token?",
      message: h(
        "p",
        null,
        "“",
        h("strong", null, t.name),
        "” stops working for the admin API and as a second credential on MCP servers: at once where this request lands, and in other Cloudflare locations once Workers KV has propagated the change (up to about a minute).",
      ),
      confirmLabel: "Revoke token",
      busyLabel: "Revoking…",
      danger: true,
      action: () => ctx.api.del(`/api-token/${enc(t.id)}`),
      onDone: () => {
        ctx.announce(`Revoked “${t.name}”.`);
        void load();
      },
    });
  const draw = (tokens: ApiToken[]) => {
    if (tokens.length === 0) {
      replace(
        list,
        emptyState("No API tokens yet", "Create one above when a script or an MCP client needs it."),
      );
      return;
    }
    replace(
      list,
      dataTable(
        "API tokens",
        ["Name", "Scopes", "Created", null],
        tokens.map((t) =>
          h(
            "tr",
            null,
            h("th", { scope: "row" }, t.name),
            h(
              "td",
              null,
              t.scopes.map((s) => badge(s, s === "admin" ? "warn" : "info")),
            ),
            h("td", null, h("time", { datetime: t.created_at }, formatDate(t.created_at))),
            h(
              "td",
              { class: "row-actions" },
              h(
                "button",
                {
                  type: "button",
                  class: "button button-small button-danger-quiet",
                  "aria-label": `Revoke ${t.name}`,
                  onclick: () => revoke(t),
                },
                "Revoke",
              ),
            ),
          ),
        ),
      ),
    );
  };
  void load();
}
