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
  close(): void;
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
  const handle: DialogHandle = {
    dialog,
    body,
    setTitle: (t) => replace(title, t),
    close: () => {
      if (dialog.open) dialog.close();
      else finish();
    },
  };
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
  focusFirst(body, o.focus);
  return handle;
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
  for (const d of [...open]) d.close();
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
