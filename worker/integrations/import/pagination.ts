/**
 * Recognizes how an operation pages: a page size with RFC 8288 `Link` headers declared on its answer
 * (the next page is whatever `rel="next"` says), else from its parameter names: an opaque cursor
 * (`start_cursor`, `cursor`, `after`, `page_token`, …) with a page size, or a page number with a page
 * size. Anything else is "not paginated", and the importer says so.
 */
import type { OasSchema } from "./schemas";

const CURSOR_PARAMS = ["start_cursor", "cursor", "starting_after", "page_token", "after"];
const SIZE_PARAMS = ["page_size", "per_page", "limit", "max_results", "count"];
const PAGE_PARAMS = ["page", "page_number"];

/** The pagination of a record (the `link`, `cursor` and `page` styles of worker/integrations/schema.ts). */
export type DetectedPagination =
  | {
      style: "cursor";
      location: "query" | "body";
      cursor_param: string;
      size_param: string;
      next_field: string;
      more_field: string;
      limit: { default: number; max: number };
    }
  | { style: "page"; page_param: string; size_param: string; limit: { default: number; max: number } }
  | { style: "link"; page_param?: string; size_param: string; limit: { default: number; max: number } };

/** Defaults for what responses do not declare (most specs leave list responses untyped). */
export interface PaginationDefaults {
  next_field?: string;
  more_field?: string;
  limit_default?: number;
  limit_max?: number;
  /** Key of the list in list answers (e.g. `results`) when the response schema does not say. */
  response_key?: string;
}

/**
 * Detects paging among the named parameters (`query` for GET, JSON body fields for POST).
 * `responseProps` are the top-level properties of the 2xx response schema, when declared.
 */
export function detectPagination(
  location: "query" | "body",
  params: Record<string, OasSchema>,
  responseProps: Record<string, OasSchema>,
  defaults: PaginationDefaults,
  notes: string[],
  linkHeader = false,
): DetectedPagination | null {
  const names = Object.keys(params);
  const size = SIZE_PARAMS.find((n) => names.includes(n));
  if (!size) return null;
  const limit = limitOf(params[size] ?? {}, defaults);
  if (linkHeader && location === "query") {
    const page = PAGE_PARAMS.find((n) => names.includes(n));
    return { style: "link", ...(page ? { page_param: page } : {}), size_param: size, limit };
  }
  const cursor = CURSOR_PARAMS.find((n) => names.includes(n));
  if (cursor) {
    const respNames = Object.keys(responseProps);
    const next = ["next_cursor", "next_page_token", "cursor", "next"].find((n) => respNames.includes(n));
    const more = ["has_more", "has_next", "more"].find((n) => respNames.includes(n));
    if (!next || !more) {
      notes.push(
        `pagination: the response schema does not declare ${!next ? "the next-cursor field" : ""}${!next && !more ? " or " : ""}${!more ? "the has-more flag" : ""}; assumed ${defaults.next_field ?? "next_cursor"}/${defaults.more_field ?? "has_more"}`,
      );
    }
    return {
      style: "cursor",
      location,
      cursor_param: cursor,
      size_param: size,
      next_field: next ?? defaults.next_field ?? "next_cursor",
      more_field: more ?? defaults.more_field ?? "has_more",
      limit,
    };
  }
  const page = location === "query" ? PAGE_PARAMS.find((n) => names.includes(n)) : undefined;
  if (page) return { style: "page", page_param: page, size_param: size, limit };
  notes.push(`pagination: a page-size parameter (${size}) but no cursor or page parameter; not paginated`);
  return null;
}

/** Default and maximum page size: the schema's `default`/`maximum`, or "Maximum: N" in its text. */
function limitOf(schema: OasSchema, d: PaginationDefaults): { default: number; max: number } {
  const fromText = /maximum:?\s*`?(\d+)/i.exec(String(schema.description ?? ""))?.[1];
  const max =
    d.limit_max ?? (typeof schema.maximum === "number" ? schema.maximum : fromText ? Number(fromText) : 100);
  const def = Math.min(d.limit_default ?? (typeof schema.default === "number" ? schema.default : 30), max);
  return { default: Math.max(1, def), max: Math.max(1, max) };
}
