/**
 * Data sources (query their rows, templates, read, update, create with their database) and databases.
 */
import { invalid, json, paginate } from "../http";
import type { NotionObject, Workspace } from "../model";
import { list, need, obj, type Route, visiblePages } from "./shared";

/** Data sources and databases. */
export const DATA_SOURCE_ROUTES: readonly Route[] = [
  [
    "POST",
    "/data_sources/{data_source_id}/query",
    ({ ws, params, body }) => {
      const id = params.data_source_id ?? "";
      need(ws.dataSources.get(id), "data_source", id);
      let rows = rowsOf(ws, id);
      const filter = body.filter as { property?: string; select?: { equals?: string } } | undefined;
      if (filter?.property && filter.select?.equals !== undefined) {
        rows = rows.filter(
          (r) =>
            ((r.properties as Record<string, { select?: { name?: string } }>)[filter.property ?? ""]?.select
              ?.name ?? null) === filter.select?.equals,
        );
      }
      return list("page_or_data_source", paginate(rows, body.start_cursor, body.page_size));
    },
  ],
  [
    "GET",
    "/data_sources/{data_source_id}/templates",
    ({ ws, params, query }) => {
      const id = params.data_source_id ?? "";
      need(ws.dataSources.get(id), "data_source", id);
      const page = paginate(
        ws.templates.get(id) ?? [],
        query.get("start_cursor"),
        query.get("page_size") ?? undefined,
      );
      return json({
        object: "list",
        templates: page.results,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
      });
    },
  ],
  [
    "GET",
    "/data_sources/{data_source_id}",
    ({ ws, params }) =>
      json(need(ws.dataSources.get(params.data_source_id ?? ""), "data_source", params.data_source_id ?? "")),
  ],
  [
    "PATCH",
    "/data_sources/{data_source_id}",
    ({ ws, params, body, now }) => {
      const ds = need(
        ws.dataSources.get(params.data_source_id ?? ""),
        "data_source",
        params.data_source_id ?? "",
      );
      if (Array.isArray(body.title)) ds.title = body.title;
      if (Array.isArray(body.description)) ds.description = body.description;
      if (body.properties !== undefined) {
        const props = ds.properties as Record<string, unknown>;
        for (const [k, v] of Object.entries(obj(body.properties, "properties"))) {
          if (v === null) delete props[k];
          else props[k] = { id: k.slice(0, 4).toLowerCase(), name: k, ...(v as object) };
        }
      }
      ds.last_edited_time = now();
      return json(ds);
    },
  ],
  [
    "POST",
    "/data_sources",
    ({ ws, body, now, newId }) => {
      const parent = obj(body.parent, "parent");
      if (typeof parent.page_id !== "string")
        throw invalid("body failed validation: body.parent.page_id should be defined.");
      need(ws.pages.get(parent.page_id), "page", parent.page_id);
      const props = obj(body.properties, "properties");
      if (!Object.values(props).some((p) => p && typeof p === "object" && "title" in p)) {
        throw invalid("body failed validation: a data source needs exactly one title property.");
      }
      const dsId = newId();
      const dbId = newId();
      const title = Array.isArray(body.title) ? body.title : [];
      ws.databases.set(dbId, {
        object: "database",
        id: dbId,
        title,
        parent: { type: "page_id", page_id: parent.page_id },
        data_sources: [{ id: dsId, name: "" }],
        created_time: now(),
        last_edited_time: now(),
        in_trash: false,
        is_inline: false,
      });
      const ds: NotionObject = {
        object: "data_source",
        id: dsId,
        title,
        description: [],
        properties: Object.fromEntries(
          Object.entries(props).map(([k, v]) => [
            k,
            { id: k.slice(0, 4).toLowerCase(), name: k, ...(v as object) },
          ]),
        ),
        parent: { type: "database_id", database_id: dbId },
        database_parent: { type: "page_id", page_id: parent.page_id },
        created_time: now(),
        last_edited_time: now(),
        archived: false,
        in_trash: false,
      };
      ws.dataSources.set(dsId, ds);
      ws.templates.set(dsId, []);
      return json(ds);
    },
  ],
  [
    "GET",
    "/databases/{database_id}",
    ({ ws, params }) =>
      json(need(ws.databases.get(params.database_id ?? ""), "database", params.database_id ?? "")),
  ],
];

function rowsOf(ws: Workspace, dsId: string): NotionObject[] {
  return visiblePages(ws).filter((p) => (p.parent as { data_source_id?: string }).data_source_id === dsId);
}
