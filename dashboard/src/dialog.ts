/**
 * Modal dialogs on the native `<dialog>` element: focus is trapped by the browser, Escape closes,
 * and a closed dialog is removed from the DOM so nothing it showed (an MCP URL, a token) stays
 * in the page.
 */
import { type Child, h, replace, uid } from "./dom";

/** An open dialog. */
export interface DialogHandle {
  dialog: HTMLDialogElement;
  /** The content area, to swap a form for its result. */
  body: HTMLElement;
  setTitle(title: string): void;
  /** Closes it; the close guard (if any) may refuse unless `force` (navigation, sign-out). */
  close(force?: boolean): void;
  /**
   * While set, the user's ways of closing (×, Escape, a button calling `close()`) first ask `guard`,
   * which returns false to keep the dialog open (e.g. after showing a confirmation inside it).
   */
  setCloseGuard(guard: (() => boolean) | null): void;
}

/** Options of {@link openDialog}. */
export interface DialogOptions {
  title: string;
  content: Child;
  /** Element to focus first; default the first field or button of the content. */
  focus?: HTMLElement;
  wide?: boolean;
  /** Runs after the dialog is closed and removed. */
  onClose?: () => void;
}

const open = new Set<DialogHandle>();

/** Opens a modal dialog. */
export function openDialog(o: DialogOptions): DialogHandle {
  const titleId = uid("dialog-title");
  const title = h("h2", { id: titleId, class: "dialog-title" }, o.title);
  const body = h("div", { class: "dialog-body" }, o.content);
  const dialog = h(
    "dialog",
    { class: o.wide ? "dialog dialog-wide" : "dialog", "aria-labelledby": titleId },
    h(
      "header",
      { class: "dialog-header" },
      title,
      h(
        "button",
        { type: "button", class: "icon-button", "aria-label": "Close", onclick: () => handle.close() },
        "×",
      ),
    ),
    body,
  );
  let guard: (() => boolean) | null = null;
  const handle: DialogHandle = {
    dialog,
    body,
    setTitle: (t) => replace(title, t),
    close: (force = false) => {
      if (!force && guard && !guard()) return;
      if (dialog.open) dialog.close();
      else finish();
    },
    setCloseGuard: (g) => {
      guard = g;
    },
  };
  // Escape: the same question as ×.
  dialog.addEventListener("cancel", (ev) => {
    if (guard && !guard()) ev.preventDefault();
  });
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    open.delete(handle);
    dialog.remove();
    o.onClose?.();
  };
  dialog.addEventListener("close", finish);
  document.body.appendChild(dialog);
  open.add(handle);
  dialog.showModal();
  raisePopovers();
  focusFirst(body, o.focus);
  return handle;
}

/**
 * Re-shows open popovers (the toast) so they stay above a modal opened after them: in the browser's
 * top layer, the element shown last is on top.
 */
function raisePopovers(): void {
  for (const el of document.querySelectorAll<HTMLElement>("[popover]")) {
    if (!el.matches(":popover-open")) continue;
    el.hidePopover();
    el.showPopover();
  }
}

/** Focuses `preferred` or the first field/button inside `root`. */
export function focusFirst(root: HTMLElement, preferred?: HTMLElement): void {
  const target =
    preferred ??
    root.querySelector<HTMLElement>("[autofocus]") ??
    root.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled]), select, textarea, button");
  target?.focus();
}

/** Closes every open dialog (on navigation or sign-out). */
export function closeAllDialogs(): void {
  for (const d of [...open]) d.close(true);
}

/** Options of {@link confirmAction}. */
export interface ConfirmOptions {
  title: string;
  message: Child;
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  /** The action; its error is shown inside the dialog, which stays open. */
  action: () => Promise<void>;
  onDone?: () => void;
}

/** A confirmation dialog that runs the action itself and shows its failure next to the button. */
export function confirmAction(o: ConfirmOptions): DialogHandle {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const cancel = h("button", { type: "button", class: "button", onclick: () => handle.close() }, "Cancel");
  const confirm = h(
    "button",
    { type: "button", class: o.danger ? "button button-danger" : "button button-primary" },
    o.confirmLabel,
  );
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    replace(confirm, o.busyLabel);
    error.hidden = true;
    try {
      await o.action();
      handle.close();
      o.onDone?.();
    } catch (err) {
      error.hidden = false;
      replace(error, err instanceof Error ? err.message : "Something went wrong.");
      confirm.disabled = false;
      cancel.disabled = false;
      replace(confirm, o.confirmLabel);
    }
  });
  const handle = openDialog({
    title: o.title,
    content: [
      h("div", { class: "dialog-message" }, o.message),
      error,
      h("div", { class: "form-actions" }, cancel, confirm),
    ],
    focus: cancel,
  });
  return handle;
}
