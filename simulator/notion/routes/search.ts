/**
 * Search over the titles of pages and data sources (`POST /search`, paged in the body).
 */
import { paginate } from "../http";
import type { NotionObject } from "../model";
import { list, type Route, visiblePages } from "./shared";

/** Search. */
export const SEARCH_ROUTES: readonly Route[] = [
  [
    "POST",
    "/search",
    ({ ws, body }) => {
      const q = typeof body.query === "string" ? body.query.toLowerCase() : "";
      const filter = body.filter as { value?: string } | undefined;
      const all: NotionObject[] = [
        ...(filter?.value === "data_source" ? [] : visiblePages(ws)),
        ...(filter?.value === "page" ? [] : [...ws.dataSources.values()]),
      ].filter((o) => q === "" || titleOf(o).toLowerCase().includes(q));
      return list("page_or_data_source", paginate(all, body.start_cursor, body.page_size));
    },
  ],
];

function titleOf(o: NotionObject): string {
  if (o.object === "data_source")
    return (o.title as Array<{ plain_text?: string }>).map((t) => t.plain_text ?? "").join("");
  const props = Object.values(
    o.properties as Record<string, { type?: string; title?: Array<{ plain_text?: string }> }>,
  );
  return (props.find((p) => p.type === "title")?.title ?? []).map((t) => t.plain_text ?? "").join("");
}
