/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a
 * `Link` header whose URLs are the request's own URL (same origin, other parameters kept) with
 * another `page`, in GitHub's order: `prev`, `next`, `last`, `first`. The first page has no `prev`
 * or `first`, the last no `next` or `last`; a list that fits in one page has no `Link` at all.
 */

/** The page size and number a request asks for, after GitHub's defaults and clamping. */
export interface PageRequest {
  perPage: number;
  page: number;
}

/** Reads `per_page` and `page`; values that are not positive integers fall back to the defaults. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const int = (name: string) => {
    const raw = query.get(name);
    const n = raw === null || !/^\d+$/.test(raw.trim()) ? Number.NaN : Number(raw);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  };
  return { perPage: Math.min(int("per_page") ?? 30, 100), page: int("page") ?? 1 };
}

/** The `Link` header of page `page` of `pages` for `url`, or undefined when there is one page. */
export function linkHeader(url: URL, page: number, pages: number): string | undefined {
  if (pages <= 1 && page <= 1) return undefined;
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("page", String(n));
    return `<${u.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, Math.max(pages, 1)))}; rel="prev"`);
  if (page < pages) parts.push(`${at(page + 1)}; rel="next"`, `${at(pages)}; rel="last"`);
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** One page of `items` and its headers. `cap` bounds what may be paged through (search: 1000). */
export function paginate<T>(
  items: readonly T[],
  url: URL,
  cap = Number.POSITIVE_INFINITY,
): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageRequest(url.searchParams);
  const reachable = Math.min(items.length, cap);
  const pages = Math.max(1, Math.ceil(reachable / perPage));
  const start = (page - 1) * perPage;
  const slice = start >= reachable ? [] : items.slice(start, Math.min(start + perPage, reachable));
  const link = linkHeader(url, page, pages);
  return { items: slice, headers: link ? { link } : {} };
}
