/**
 * Loading an admin list page by page (`{result, next_cursor}`), shared by every list view: a loading
 * state on the first page, an error state with Retry, nothing rendered once the view is gone.
 */
import { isAbort, type Page } from "../api";
import { h, replace } from "../dom";
import type { ViewContext } from "./context";
import { errorState, loading } from "./ui";

/** The loader of one list: `load(next)` appends a page, `reload()` starts over. */
export interface PagedList {
  load(cursor: string | null): Promise<void>;
  reload(): Promise<void>;
}

/**
 * Loads `path` into `items` and calls `draw(next_cursor)` after each page; errors replace `body`.
 * `what` names the items in the loading state ("accounts").
 */
export function pagedList<T>(
  ctx: ViewContext,
  path: string,
  what: string,
  body: HTMLElement,
  items: T[],
  draw: (next: string | null) => void,
): PagedList {
  const load = async (cursor: string | null): Promise<void> => {
    if (!cursor) replace(body, loading(what));
    try {
      const q = new URLSearchParams({ limit: "50" });
      if (cursor) q.set("cursor", cursor);
      // `path` may carry filters of its own (`…/calls?tool=x`).
      const page = await ctx.api.get<Page<T>>(`${path}${path.includes("?") ? "&" : "?"}${q}`, ctx.signal);
      items.push(...page.result);
      draw(page.next_cursor);
    } catch (err) {
      if (isAbort(err)) return;
      replace(
        body,
        errorState(err, () => void reload()),
      );
    }
  };
  const reload = () => {
    items.length = 0;
    return load(null);
  };
  return { load, reload };
}

/** The "Load more" button under a list, or null on the last page; it disables itself when used. */
export function loadMoreButton(list: PagedList, next: string | null): HTMLButtonElement | null {
  if (!next) return null;
  return h(
    "button",
    {
      type: "button",
      class: "button",
      onclick: (ev: Event) => {
        (ev.currentTarget as HTMLButtonElement).disabled = true;
        void list.load(next);
      },
    },
    "Load more",
  );
}
