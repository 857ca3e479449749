/** Small presentational pieces: page headers, loading/empty/error states, badges. */
import { ApiError } from "../api";
import { type Child, h } from "../dom";

/**
 * How fast a delete takes effect, as docs/admin-api.md ("How fast changes apply") says: within 5 s,
 * plus Workers KV's propagation (up to about a minute) in other locations.
 */
export const DELETE_PROPAGATION =
  "It stops working within 5 seconds, and in other Cloudflare locations once Workers KV has propagated the change (up to about a minute).";

/** A page title with actions on the right. */
export function pageHeader(title: Child, subtitle: Child, ...actions: Child[]): HTMLElement {
  return h(
    "div",
    { class: "page-header" },
    h("div", null, h("h1", null, title), subtitle ? h("p", { class: "page-subtitle" }, subtitle) : null),
    h("div", { class: "page-actions" }, actions),
  );
}

/** A loading placeholder announced to screen readers. */
export function loading(what: string): HTMLElement {
  return h(
    "div",
    { class: "state state-loading", role: "status", "aria-busy": "true" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    `Loading ${what}…`,
  );
}

/** An empty state with an optional call to action. */
export function emptyState(title: string, text: Child, action?: Child): HTMLElement {
  return h(
    "div",
    { class: "state state-empty" },
    h("p", { class: "state-title" }, title),
    h("p", null, text),
    action,
  );
}

/** A failed load, in plain words, with a retry button. */
export function errorState(err: unknown, retry?: () => void): HTMLElement {
  const message = err instanceof Error ? err.message : "Something went wrong.";
  const notFound = err instanceof ApiError && err.status === 404;
  return h(
    "div",
    { class: "state state-error", role: "alert" },
    h("p", { class: "state-title" }, notFound ? "Not found" : "Could not load this page"),
    h("p", null, message),
    retry ? h("button", { type: "button", class: "button", onclick: retry }, "Retry") : null,
  );
}

/** A small label. */
export function badge(
  text: string,
  kind: "neutral" | "ok" | "warn" | "danger" | "info" = "neutral",
  title?: string,
): HTMLElement {
  return h("span", { class: `badge badge-${kind}`, ...(title ? { title } : {}) }, text);
}

/** A general error slot for a form or an action (hidden until used). */
export function errorSlot(): HTMLElement {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

/** A column heading of {@link dataTable}: its text, or its text and a class (`numeric`, `col-wide`). */
export type Column = string | { label: string; class: string };

/**
 * A table in its bordered box (which scrolls sideways if it must; at phone width rows stack as cards):
 * a caption for screen readers, one heading row, the rows. A `null` column holds the row actions; its
 * heading is for screen readers only.
 */
export function dataTable(
  caption: string,
  columns: Array<Column | null>,
  rows: Child,
  tableClass?: string,
): HTMLElement {
  const heading = (c: Column | null) =>
    c === null
      ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions"))
      : typeof c === "string"
        ? h("th", { scope: "col" }, c)
        : h("th", { scope: "col", class: c.class }, c.label);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: tableClass ? `table ${tableClass}` : "table" },
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", null, h("tr", null, columns.map(heading))),
      h("tbody", null, rows),
    ),
  );
}
