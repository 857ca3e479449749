/**
 * Opaque pagination cursors. The model only ever sees `next_cursor` strings; inside, a cursor is
 * base64url JSON bound to its tool:
 * - offset style: `{t, o}` — the next offset;
 * - until style: `{t, u, s, l?}` — the inclusive `until` timestamp and the ids already returned at
 *   that timestamp. Upstream `until` is inclusive and a page may end in the middle of items sharing
 *   one timestamp, so the next page re-asks from that timestamp and drops the ids already seen: no
 *   item is skipped or repeated. When a page yields nothing new (more ties than `limit`), the next
 *   request widens its limit by the ties already seen (`l`), and only when that would pass the
 *   endpoint's maximum does the cursor step below the timestamp;
 * - cursor style: `{t, c, k}` — the upstream's own cursor of the page to ask for (`null` = the first
 *   page) and how many of that page's items were already returned (non-zero only after a result was
 *   cut to fit the size bound). The upstream cursor never reaches the model unwrapped;
 * - page style: `{t, p, k}` — the page number to ask for and, likewise, how many of its items were
 *   already returned;
 * - link style: `{t, q, k}` — the query of the upstream's `rel="next"` link (RFC 8288), sent to the
 *   tool's own path (never to the link's host, so a link cannot send the gateway elsewhere), and
 *   likewise how many of that page's items were already returned.
 */
import type { Pagination } from "../integrations/schema";

/** Decoded cursor state. */
export type CursorState =
  | { t: string; o: number }
  | { t: string; u: number; s: string[]; l?: number }
  | { t: string; c: string | null; k: number }
  | { t: string; p: number; k: number }
  | { t: string; q: Record<string, string>; k: number };

/** Raised for a cursor that is malformed or belongs to another tool. */
export class CursorError extends Error {
  override name = "CursorError";
}

/** Encodes a cursor state as an opaque URL-safe string. */
export function encodeCursor(state: CursorState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor string for `tool`; throws {@link CursorError} when it is not one of ours. */
export function decodeCursor(tool: string, cursor: string): CursorState {
  let state: unknown;
  try {
    const bin = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    state = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw new CursorError(
      "next_cursor is not a cursor this tool issued; omit it to start from the first page",
    );
  }
  if (!isState(state) || state.t !== tool) {
    throw new CursorError(
      "next_cursor belongs to another tool or is damaged; omit it to start from the first page",
    );
  }
  return state;
}

function isState(v: unknown): v is CursorState {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.t !== "string") return false;
  if ("o" in o) return Number.isInteger(o.o) && (o.o as number) >= 0;
  if ("q" in o)
    return (
      typeof o.q === "object" &&
      o.q !== null &&
      Object.values(o.q).every((v) => typeof v === "string") &&
      Number.isInteger(o.k) &&
      (o.k as number) >= 0
    );
  if ("p" in o)
    return Number.isInteger(o.p) && (o.p as number) >= 1 && Number.isInteger(o.k) && (o.k as number) >= 0;
  if ("c" in o)
    return (o.c === null || typeof o.c === "string") && Number.isInteger(o.k) && (o.k as number) >= 0;
  if (o.l !== undefined && !(Number.isInteger(o.l) && (o.l as number) > 0)) return false;
  return Number.isInteger(o.u) && Array.isArray(o.s) && o.s.every((x) => typeof x === "string");
}

/** The limit actually sent upstream: the caller's, widened by a tie-breaking cursor, capped at max. */
export function effectiveLimit(p: Pagination, limit: number, state: CursorState | undefined): number {
  const widened = state && "l" in state && state.l !== undefined ? Math.max(limit, state.l) : limit;
  return Math.min(widened, p.limit.max);
}

/** Upstream query parameters for one page (empty for a cursor style that pages in the body). */
export function pageQuery(
  p: Pagination,
  limit: number,
  state: CursorState | undefined,
): Record<string, string> {
  if (p.style === "page") {
    const q: Record<string, string> = { [p.size_param]: String(effectiveLimit(p, limit, state)) };
    if (state && "p" in state && state.p > 1) q[p.page_param] = String(state.p);
    return q;
  }
  if (p.style === "link") {
    const next = state && "q" in state ? state.q : {};
    return { ...next, [p.size_param]: next[p.size_param] ?? String(effectiveLimit(p, limit, state)) };
  }
  if (p.style === "cursor") {
    if (p.location !== "query") return {};
    return Object.fromEntries(Object.entries(cursorPage(p, limit, state)).map(([k, v]) => [k, String(v)]));
  }
  const q: Record<string, string> = { limit: String(effectiveLimit(p, limit, state)) };
  if (state && "o" in state && state.o > 0) q.offset = String(state.o);
  if (state && "u" in state) q.until = String(state.u);
  return q;
}

/** Upstream JSON body fields for one page (only a cursor style that pages in the body has any). */
export function pageBody(
  p: Pagination,
  limit: number,
  state: CursorState | undefined,
): Record<string, unknown> {
  return p.style === "cursor" && p.location === "body" ? cursorPage(p, limit, state) : {};
}

function cursorPage(
  p: Extract<Pagination, { style: "cursor" }>,
  limit: number,
  state: CursorState | undefined,
): Record<string, string | number> {
  const out: Record<string, string | number> = { [p.size_param]: effectiveLimit(p, limit, state) };
  if (state && "c" in state && state.c !== null) out[p.cursor_param] = state.c;
  return out;
}

/** The page to hand back and the cursor of the page after it (null at the end). */
export interface Page {
  items: unknown[];
  next: CursorState | null;
  /** A full page that cannot be paged further (its items lack the cursor field): more may exist. */
  incomplete?: true;
}

/** Applies the cursor rules to one upstream page fetched with `pageQuery(p, requested, state)`. */
export function nextPage(
  p: Pagination,
  tool: string,
  requested: number,
  raw: readonly unknown[],
  state: CursorState | undefined,
): Page {
  const limit = effectiveLimit(p, requested, state);
  if (p.style === "cursor" || p.style === "link") throw new Error(`${p.style} pages have their own reader`);
  if (p.style === "page") {
    const n = state && "p" in state ? state.p : 1;
    const skip = state && "k" in state ? state.k : 0;
    return { items: raw.slice(skip), next: raw.length < limit ? null : { t: tool, p: n + 1, k: 0 } };
  }
  if (p.style === "offset") {
    const offset = state && "o" in state ? state.o : 0;
    return { items: [...raw], next: raw.length < limit ? null : { t: tool, o: offset + raw.length } };
  }
  const field = p.cursor_field;
  const seen = state && "u" in state ? new Set(state.s) : new Set<string>();
  const items = raw.filter((it) => !seen.has(idOf(it) ?? ""));
  if (raw.length < limit) return { items, next: null };
  const stamps = raw.map((it) => stampOf(it, field));
  if (stamps.some((s) => s === undefined)) return { items, next: null, incomplete: true };
  const oldest = Math.min(...(stamps as number[]));
  const atOldest = raw.filter((it) => stampOf(it, field) === oldest).map((it) => idOf(it) ?? "");
  const carried = state && "u" in state && state.u === oldest ? state.s : [];
  const seenAtOldest = [...new Set([...carried, ...atOldest])];
  if (items.length === 0) {
    // Every item of a full page was already returned: the ties outnumber the limit.
    const wider = seenAtOldest.length + requested;
    return wider <= p.limit.max && wider > limit
      ? { items, next: { t: tool, u: oldest, s: seenAtOldest, l: wider } }
      : { items, next: { t: tool, u: oldest - 1, s: [] } };
  }
  return { items, next: { t: tool, u: oldest, s: seenAtOldest } };
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

function stampOf(item: unknown, field: string): number | undefined {
  const v = (item as Record<string, unknown> | null)?.[field];
  return typeof v === "number" ? v : undefined;
}

/**
 * One page of a cursor-style list: the items (minus those a cut result already returned) and the
 * state for the upstream's next cursor, or null when the upstream says there is no more.
 */
export function nextCursorPage(
  p: Extract<Pagination, { style: "cursor" }>,
  tool: string,
  raw: readonly unknown[],
  body: unknown,
  state: CursorState | undefined,
): Page {
  const skip = state && "k" in state ? state.k : 0;
  const items = raw.slice(skip);
  const o = (body ?? {}) as Record<string, unknown>;
  const cursor = o[p.next_field];
  const more = o[p.more_field] === true && typeof cursor === "string" && cursor !== "";
  return { items, next: more ? { t: tool, c: cursor as string, k: 0 } : null };
}

/**
 * One page of a link-style list: the items (minus those a cut result already returned) and the query
 * of the answer's `rel="next"` link, or null when there is none.
 */
export function nextLinkPage(
  tool: string,
  raw: readonly unknown[],
  link: string | null,
  state: CursorState | undefined,
): Page {
  const skip = state && "k" in state ? state.k : 0;
  const next = nextLinkQuery(link);
  return { items: raw.slice(skip), next: next ? { t: tool, q: next, k: 0 } : null };
}

/** The query parameters of the `rel="next"` target of a `Link` header value, or null. */
export function nextLinkQuery(link: string | null): Record<string, string> | null {
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m || !/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2] ?? "")) continue;
    try {
      return Object.fromEntries(new URL(m[1] ?? "", "https://link.invalid/").searchParams);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The cursor that resumes right after the first `kept` items of a page (used when a result is cut
 * to fit the size bound). `page` is what {@link nextPage} returned for the same call.
 */
export function resumeAfter(
  p: Pagination,
  tool: string,
  page: readonly unknown[],
  kept: number,
  state: CursorState | undefined,
): CursorState {
  if (p.style === "offset") {
    const offset = state && "o" in state ? state.o : 0;
    return { t: tool, o: offset + kept };
  }
  if (p.style === "page") {
    const n = state && "p" in state ? state.p : 1;
    const skipped = state && "k" in state ? state.k : 0;
    return { t: tool, p: n, k: skipped + kept };
  }
  if (p.style === "link") {
    const q = state && "q" in state ? state.q : {};
    const skipped = state && "k" in state ? state.k : 0;
    return { t: tool, q, k: skipped + kept };
  }
  if (p.style === "cursor") {
    // Ask for the same upstream page again and skip what was returned from it so far.
    const c = state && "c" in state ? state.c : null;
    const skipped = state && "k" in state ? state.k : 0;
    return { t: tool, c, k: skipped + kept };
  }
  const taken = page.slice(0, kept);
  const last = stampOf(taken.at(-1), p.cursor_field);
  if (last === undefined) return { t: tool, u: 0, s: [] };
  const carried = state && "u" in state && state.u === last ? state.s : [];
  const atLast = taken.filter((it) => stampOf(it, p.cursor_field) === last).map((it) => idOf(it) ?? "");
  return { t: tool, u: last, s: [...new Set([...carried, ...atLast])] };
}
