/**
 * The tools of an integration's newest version, each editable in place: its description and usage
 * notes, with the tool's estimated tokens recomputed as you type (the Worker's own estimator, see
 * token-estimate.ts). Saving makes a new draft version (`PATCH …/tools/:tool`, based on the newest
 * version), shown with its diff and a Publish button; nothing is live until published.
 */
import { enc } from "../api";
import { h, replace } from "../dom";
import { field, setError, showApiError, withBusy } from "../forms";
import type { CreatedVersion, VersionTool } from "../integration-types";
import { markdownBlock } from "../markdown";
import { editedToolTokens } from "../token-estimate";
import type { ViewContext } from "./context";
import { toolHead } from "./tools-tab";
import { badge, errorSlot } from "./ui";
import { diffView } from "./version-report";

/** What the editor of one tool needs from its page. */
export interface ToolEditorHooks {
  /** A draft version was saved (the page refreshes its versions and history). */
  onSaved(created: CreatedVersion): void;
  /** Publishes a version (the page's publish flow, with its revision and 409 handling). */
  publish(version: number, button: HTMLButtonElement, errorSlot: HTMLElement, onLive: () => void): void;
}

const n = (x: number) => x.toLocaleString("en-US");

/** "≈ 130 tokens (was 118, +12)". */
export function tokenLine(now: number, was: number): string {
  const delta = now - was;
  const sign = delta > 0 ? `, +${n(delta)}` : delta < 0 ? `, −${n(-delta)}` : "";
  return `≈ ${n(now)} tokens (was ${n(was)}${sign})`;
}

const notesOf = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Client-side checks that mirror the API's (so the common mistakes are named before a round trip). */
function problems(description: string, notes: string[]): { description?: string; notes?: string } {
  const out: { description?: string; notes?: string } = {};
  if (description.trim().length < 20) out.description = "Write at least 20 characters.";
  else if (description.length > 10_000) out.description = "Keep it under 10,000 characters.";
  if (notes.length > 20) out.notes = "At most 20 notes.";
  else if (notes.some((x) => x.length < 5)) out.notes = "Each note needs at least 5 characters.";
  else if (notes.some((x) => x.length > 2_000)) out.notes = "Keep each note under 2,000 characters.";
  return out;
}

/** One tool's card: read mode with an Edit button, edit mode, and the saved draft's outcome. */
export function toolCard(
  ctx: ViewContext,
  integration: string,
  tool: VersionTool,
  hooks: ToolEditorHooks,
): HTMLElement {
  const card = h("li", { class: "tool", "data-tool": tool.name });
  const head = () => toolHead(tool.name, tool.http);
  const show = (outcome?: HTMLElement) => {
    replace(
      card,
      head(),
      h(
        "div",
        { class: "tool-badges" },
        badge(`≈ ${n(tool.tokens)} tokens`, "info", "Estimated tokens of its tools/list entry"),
        badge(`method: ${tool.method}`, "neutral"),
        tool.tags.map((t) => h("span", { class: "tag" }, `#${t}`)),
      ),
      markdownBlock(tool.description, "tool-description"),
      tool.notes.length
        ? h(
            "ul",
            { class: "tool-notes" },
            tool.notes.map((note) => h("li", null, note)),
          )
        : null,
      outcome,
      h(
        "div",
        { class: "tool-actions" },
        h(
          "button",
          { type: "button", class: "button button-small", "aria-label": `Edit ${tool.name}`, onclick: edit },
          "Edit",
        ),
      ),
    );
  };
  const edit = () => {
    const descEl = h("textarea", { name: "description", rows: 5, value: tool.description });
    const notesEl = h("textarea", { name: "notes", rows: 4, value: tool.notes.join("\n") });
    const description = field(
      "Description",
      descEl,
      "What the tool does, for a model. At least 20 characters.",
    );
    const notes = field(
      "Usage notes",
      notesEl,
      "One per line: where ids come from, allowed values, rules. Sent under the description as a list.",
    );
    const estimate = h("p", { class: "preview-count token-estimate", role: "status", "aria-live": "polite" });
    const recount = () =>
      replace(
        estimate,
        tokenLine(
          editedToolTokens(tool, { description: descEl.value, notes: notesOf(notesEl.value) }),
          tool.tokens,
        ),
      );
    descEl.addEventListener("input", recount);
    notesEl.addEventListener("input", recount);
    recount();
    const general = errorSlot();
    const save = h("button", { type: "submit", class: "button button-primary" }, "Save as draft");
    const form = h(
      "form",
      { class: "form tool-editor", novalidate: true, "aria-label": `Edit ${tool.name}` },
      description.root,
      notes.root,
      estimate,
      general,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "button", class: "button", onclick: () => show() }, "Cancel"),
        save,
      ),
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const next = { description: descEl.value.trim(), notes: notesOf(notesEl.value) };
      const found = problems(next.description, next.notes);
      setError(description, found.description ?? null);
      setError(notes, found.notes ?? null);
      general.hidden = true;
      if (found.description || found.notes) return;
      const body: { description?: string; notes?: string[] } = {};
      if (next.description !== tool.description) body.description = next.description;
      if (JSON.stringify(next.notes) !== JSON.stringify(tool.notes)) body.notes = next.notes;
      if (!body.description && !body.notes) {
        general.hidden = false;
        replace(general, "Nothing changed: edit the description or the notes first.");
        return;
      }
      try {
        const created = await withBusy(save, "Saving…", () =>
          ctx.api.patch<CreatedVersion>(`/integrations/${enc(integration)}/tools/${enc(tool.name)}`, body),
        );
        const tokens = created.footprint.tokens_per_tool[tool.name] ?? editedToolTokens(tool, next);
        Object.assign(tool, next, { tokens });
        hooks.onSaved(created);
        show(savedOutcome(created));
      } catch (err) {
        showApiError(err, { description, notes }, general);
      }
    });
    replace(card, head(), form);
    descEl.focus();
  };
  const savedOutcome = (created: CreatedVersion) => {
    const slot = errorSlot();
    const publish = h(
      "button",
      { type: "button", class: "button button-primary button-small" },
      `Publish version ${created.version}`,
    );
    const live = () =>
      show(h("p", { class: "notice notice-ok", role: "status" }, `Published version ${created.version}.`));
    publish.addEventListener("click", () => hooks.publish(created.version, publish, slot, live));
    return h(
      "div",
      { class: "tool-outcome", role: "status" },
      h(
        "p",
        { class: "notice" },
        created.created
          ? `Saved as draft version ${created.version}: not live until published.`
          : `Same content as version ${created.version}: nothing new was saved.`,
      ),
      diffView(created.diff),
      slot,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "button", class: "button button-small", onclick: () => show() }, "Close"),
        created.published_version === created.version ? null : publish,
      ),
    );
  };
  show();
  return card;
}
