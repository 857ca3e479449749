/**
 * What every Notion simulator route shares: the handler's input, the route tuple, and the lookups
 * and checks most handlers make.
 */
import { invalid, json, notFound, type paginate } from "../http";
import type { NotionObject, Workspace } from "../model";

/** What a handler gets. */
export interface Call {
  ws: Workspace;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  now: () => string;
  newId: () => string;
}

/** A handler: a Notion response, or a thrown NotionError. */
export type Handler = (c: Call) => Response;

/** One route: method, path pattern under `/v1` (`{name}` placeholders), handler. */
export type Route = readonly [string, string, Handler];

/** A Notion list response of `type` for one page of results. */
export const list = (type: string, page: ReturnType<typeof paginate>, extra: Record<string, unknown> = {}) =>
  json({ object: "list", ...page, type, [type]: {}, ...extra });

/** `value`, or Notion's 404 for the `kind` and `id` asked for. */
export function need<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw notFound(kind, id);
  return value;
}

/** A body field that must be a JSON object (else a 400 naming `field`). */
export function obj(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw invalid(`body failed validation: body.${field} should be an object.`);
  return v as Record<string, unknown>;
}

/** Pages not in the trash. */
export function visiblePages(ws: Workspace): NotionObject[] {
  return [...ws.pages.values()].filter((p) => p.in_trash !== true);
}

/** Throws Notion's 404 unless `id` is a page or a block. */
export function pageOrBlock(ws: Workspace, id: string): void {
  if (!ws.pages.has(id) && !ws.blocks.has(id)) throw notFound("block", id);
}
