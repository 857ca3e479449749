/**
 * Form plumbing shared by the views: labelled fields with their own error slot, mapping an
 * {@link ApiError} onto the fields it names, busy buttons, and copy-to-clipboard.
 */
import { ApiError } from "./api";
import { type Child, h, replace, uid } from "./dom";

/** A labelled control with a hint and an error slot wired through `aria-describedby`. */
export interface Field {
  root: HTMLElement;
  control: HTMLElement;
  error: HTMLElement;
}

/** Builds a {@link Field} around `control` (which gets an id if it has none). */
export function field(label: string, control: HTMLElement, hint?: Child): Field {
  if (!control.id) control.id = uid("field");
  const error = h("p", { class: "field-error", id: uid("err"), hidden: true });
  const hintEl = hint ? h("p", { class: "field-hint", id: uid("hint") }, hint) : null;
  control.setAttribute("aria-describedby", [hintEl?.id, error.id].filter(Boolean).join(" "));
  const root = h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl, error);
  return { root, control, error };
}

/** A group of controls (checkboxes, radios) under a legend, with a hint and an error slot. */
export function fieldset(legend: string, content: Child, hint?: Child): Field {
  const error = h("p", { class: "field-error", id: uid("err"), hidden: true });
  const hintEl = hint ? h("p", { class: "field-hint", id: uid("hint") }, hint) : null;
  const root = h(
    "fieldset",
    { class: "fieldset", "aria-describedby": [hintEl?.id, error.id].filter(Boolean).join(" ") },
    h("legend", null, legend),
    hintEl,
    content,
    error,
  );
  return { root, control: root, error };
}

/** Shows (or with null clears) a message in an error slot and marks the control invalid. */
export function setError(f: Pick<Field, "control" | "error">, message: string | null): void {
  f.error.hidden = message === null;
  replace(f.error, message ?? "");
  if (message === null) f.control.removeAttribute("aria-invalid");
  else f.control.setAttribute("aria-invalid", "true");
}

/**
 * Shows an error next to the fields it blames. `fields` maps API field paths (`name`,
 * `credentials.api_token`, `config.methods`, …) to slots; the longest matching prefix wins, and
 * anything unmatched goes to `general` with the server's message. Returns true if a field was hit.
 */
export function showApiError(
  err: unknown,
  fields: Record<string, Pick<Field, "control" | "error">>,
  general: HTMLElement,
): boolean {
  for (const f of Object.values(fields)) setError(f, null);
  general.hidden = true;
  const apiErr = err instanceof ApiError ? err : null;
  const message = err instanceof Error ? err.message : "Something went wrong.";
  let hitField = false;
  const leftover: string[] = [];
  const byField = new Map<Pick<Field, "control" | "error">, string[]>();
  for (const issue of apiErr?.issues ?? []) {
    const key = Object.keys(fields)
      .filter((k) => issue.field === k || issue.field.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) {
      leftover.push(issue.field === "(body)" ? issue.message : `${issue.field}: ${issue.message}`);
      continue;
    }
    const target = fields[key]!;
    const list = byField.get(target) ?? [];
    list.push(issue.message);
    byField.set(target, list);
  }
  for (const [f, msgs] of byField) {
    setError(f, msgs.join(" "));
    hitField = true;
  }
  if (!hitField || leftover.length) {
    general.hidden = false;
    replace(general, hitField ? leftover.join(" ") : message);
  }
  const firstInvalid = Object.values(fields).find((f) => !f.error.hidden)?.control;
  if (firstInvalid && "focus" in firstInvalid && firstInvalid.tagName !== "FIELDSET") firstInvalid.focus();
  return hitField;
}

/** Marks a button busy with a label while `work` runs; restores it afterwards. */
export async function withBusy<T>(
  button: HTMLButtonElement,
  busyLabel: string,
  work: () => Promise<T>,
): Promise<T> {
  const label = button.textContent ?? "";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  replace(button, busyLabel);
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    replace(button, label);
  }
}

/**
 * Copies text: the async Clipboard API, else select the given read-only field and
 * `execCommand("copy")` (plain-HTTP origins other than localhost have no Clipboard API).
 */
export async function copyText(
  text: string,
  fallbackField?: HTMLInputElement | HTMLTextAreaElement,
): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // permission refused: fall back to the selection
  }
  const temp = fallbackField
    ? null
    : h("textarea", { class: "visually-hidden", readonly: true, value: text });
  const target = fallbackField ?? temp!;
  if (temp) document.body.appendChild(temp);
  target.focus();
  target.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  temp?.remove();
  return ok;
}

/** A "Copy" button for `text()`, reporting the outcome in a live status next to it. */
export function copyButton(
  text: () => string,
  label: string,
  fallbackField?: () => HTMLInputElement | HTMLTextAreaElement,
): HTMLElement {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", { type: "button", class: "button button-small", "aria-label": label }, "Copy");
  button.addEventListener("click", async () => {
    const ok = await copyText(text(), fallbackField?.());
    replace(status, ok ? "Copied" : "Press Ctrl+C (⌘C) to copy the selected text");
    button.classList.toggle("copied", ok);
    // Lets a surrounding view know (e.g. the one-time URL dialog stops asking before it closes).
    if (ok) button.dispatchEvent(new CustomEvent("copied", { bubbles: true }));
  });
  return h("span", { class: "copy" }, button, status);
}
