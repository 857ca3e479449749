/**
 * The one moment an MCP server's URL exists in the dashboard: a read-only field, a Copy button
 * and ready-to-paste client snippets. The caller runs the returned function when the dialog is
 * dismissed; it blanks every field, and the dialog itself is removed from the DOM, so nothing
 * keeps the URL afterwards.
 */
import type { AuthMode, CreatedServer } from "../api";
import type { DialogHandle } from "../dialog";
import { h, replace } from "../dom";
import { formatDate, slug } from "../format";
import { copyButton } from "../forms";
import { snippets } from "../snippets";

/** Rows a snippet needs once long lines wrap (where CSS `field-sizing` is unsupported). */
function rowsFor(text: string): number {
  const rows = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 88)), 0);
  return Math.min(14, rows);
}

/** Shows the URL of `created` inside `dlg`; returns the function that forgets it. */
export function showCreatedServer(dlg: DialogHandle, created: CreatedServer, auth: AuthMode): () => void {
  const requireApiToken = auth === "api_token";
  let url = created.url;
  const urlInput = h("input", {
    type: "text",
    id: "mcp-url",
    class: "url-field",
    readonly: true,
    spellcheck: "false",
    autocomplete: "off",
    value: url,
  });
  urlInput.addEventListener("focus", () => urlInput.select());
  const blocks: Array<HTMLTextAreaElement> = [];
  const snippetList = snippets(url, slug(created.name), requireApiToken).map((s) => {
    const code = h("textarea", {
      class: "snippet-code",
      readonly: true,
      spellcheck: "false",
      rows: String(rowsFor(s.text)),
      "aria-label": s.label,
      value: s.text,
    });
    blocks.push(code);
    return h(
      "div",
      { class: "snippet", "data-snippet": s.id },
      h(
        "div",
        { class: "snippet-head" },
        h("h4", null, s.label),
        copyButton(
          () => code.value,
          `Copy the ${s.label} snippet`,
          () => code,
        ),
      ),
      code,
      s.note ? h("p", { class: "field-hint" }, s.note) : null,
    );
  });

  const done = h(
    "button",
    { type: "button", class: "button button-primary", onclick: () => dlg.close() },
    "Done",
  );
  // Until the URL has been copied (a Copy button, or a copy of selected text), closing asks first.
  let copied = false;
  const keepOpen = h("button", { type: "button", class: "button" }, "Keep it open");
  const closeAnyway = h("button", { type: "button", class: "button button-danger" }, "Close without copying");
  const ask = h(
    "div",
    {
      class: "notice notice-warn close-confirm",
      role: "alertdialog",
      "aria-label": "Close without copying?",
      hidden: true,
    },
    h("p", null, h("strong", null, "The URL has not been copied. "), "Once closed, it is never shown again."),
    h("div", { class: "form-actions" }, keepOpen, closeAnyway),
  );
  keepOpen.addEventListener("click", () => {
    ask.hidden = true;
    urlInput.focus();
  });
  closeAnyway.addEventListener("click", () => dlg.close(true));
  for (const event of ["copy", "copied"]) {
    dlg.body.addEventListener(event, () => {
      copied = true;
      ask.hidden = true;
    });
  }
  dlg.setCloseGuard(() => {
    if (copied) return true;
    ask.hidden = false;
    ask.scrollIntoView({ block: "nearest" });
    closeAnyway.focus();
    return false;
  });
  dlg.setTitle("MCP server created");
  replace(
    dlg.body,
    h(
      "div",
      { class: "created" },
      h(
        "p",
        { class: "notice notice-warn" },
        h("strong", null, "Copy the URL now: it is shown only once. "),
        "It is a secret: anyone who has it can use these tools",
        requireApiToken
          ? " (together with an API token)."
          : auth === "oauth"
            ? " after signing in with an API token on the consent page it opens."
            : ".",
        " If you lose it, delete the server and create a new one.",
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "Name"),
        h("dd", null, created.name),
        h("dt", null, "Expires"),
        h("dd", null, created.expires_at ? formatDate(created.expires_at, true) : "Never"),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "mcp-url" }, "MCP server URL"),
        h(
          "div",
          { class: "url-row" },
          urlInput,
          copyButton(
            () => url,
            "Copy the MCP server URL",
            () => urlInput,
          ),
        ),
      ),
      h("h3", { class: "snippets-title" }, "Connect a client"),
      snippetList,
      ask,
      h("div", { class: "form-actions" }, done),
    ),
  );
  urlInput.focus();
  urlInput.select();
  return () => {
    url = "";
    urlInput.value = "";
    for (const b of blocks) b.value = "";
    blocks.length = 0;
    replace(dlg.body);
  };
}
