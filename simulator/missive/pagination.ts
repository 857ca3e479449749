/**
 * Missive's two pagination styles (§1.7): offset/limit lists and `until` timestamp cursors.
 */
import { badRequest } from "./http";
import { queryInt } from "./params";

/** Offset lists: `limit` default 50, clamped to 200; `offset` default 0. No total, no cursor. */
export function offsetPage<T>(items: readonly T[], query: URLSearchParams): T[] {
  const limit = queryInt(query, "limit") ?? 50;
  const offset = queryInt(query, "offset") ?? 0;
  if (limit < 1) throw badRequest("min 'limit' value is 1");
  if (offset < 0) throw badRequest("min 'offset' value is 0");
  return items.slice(offset, offset + Math.min(limit, 200));
}

/** Per-endpoint `until` limits. */
export interface UntilLimits {
  defaultLimit: number;
  maxLimit: number;
}

/**
 * `until` lists, newest first. `until` is inclusive (`<=`). After the first `limit` items the page keeps
 * every further item that shares the boundary timestamp, so a page can exceed `limit`; that is what lets
 * a client re-request with the oldest timestamp it saw and drop ids it already has, without losing ties.
 * Ties are ordered by id so pages are stable. `limit < 2` is the live 400; above the max it is clamped.
 */
export function untilPage<T extends { id: string }>(
  items: readonly T[],
  timestamp: (item: T) => number,
  query: URLSearchParams,
  limits: UntilLimits,
): T[] {
  const requested = queryInt(query, "limit") ?? limits.defaultLimit;
  if (requested < 2) throw badRequest("min 'limit' value is 2");
  const limit = Math.min(requested, limits.maxLimit);
  const until = queryInt(query, "until");
  const sorted = items
    .filter((item) => until === undefined || timestamp(item) <= until)
    .sort((a, b) => timestamp(b) - timestamp(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.length <= limit) return sorted;
  const boundary = timestamp(sorted[limit - 1] as T);
  let end = limit;
  while (end < sorted.length && timestamp(sorted[end] as T) === boundary) end++;
  return sorted.slice(0, end);
}
