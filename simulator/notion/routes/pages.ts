/**
 * Pages: create, read, update (properties, icon, cover, trash), move, and page through one property's items.
 */
import { invalid, json, notFound, paginate } from "../http";
import { type NotionObject, richText } from "../model";
import { list, need, obj, type Route } from "./shared";

/** Pages and page property items. */
export const PAGE_ROUTES: readonly Route[] = [
  [
    "GET",
    "/pages/{page_id}/properties/{property_id}",
    ({ ws, params, query }) => {
      const page = need(ws.pages.get(params.page_id ?? ""), "page", params.page_id ?? "");
      const prop = Object.values(page.properties as Record<string, Record<string, unknown>>).find(
        (p) => p.id === params.property_id,
      );
      if (!prop) throw notFound("property", params.property_id ?? "");
      const type = String(prop.type);
      if (!["title", "rich_text", "relation", "people"].includes(type))
        return json({ object: "property_item", id: prop.id, type, [type]: prop[type] });
      const items = (prop[type] as unknown[]).map((v) => ({
        object: "property_item",
        id: prop.id,
        type,
        [type]: v,
      }));
      return list(
        "property_item",
        paginate(items, query.get("start_cursor"), query.get("page_size") ?? undefined),
        {
          property_item: { id: prop.id, next_url: null, type, [type]: {} },
        },
      );
    },
  ],
  [
    "GET",
    "/pages/{page_id}",
    ({ ws, params }) => json(need(ws.pages.get(params.page_id ?? ""), "page", params.page_id ?? "")),
  ],
  [
    "PATCH",
    "/pages/{page_id}",
    ({ ws, params, body, now }) => {
      const page = need(ws.pages.get(params.page_id ?? ""), "page", params.page_id ?? "");
      if (body.properties !== undefined) setProperties(page, obj(body.properties, "properties"));
      for (const k of ["icon", "cover"] as const) if (body[k] !== undefined) page[k] = body[k];
      if (typeof body.in_trash === "boolean") page.in_trash = page.archived = body.in_trash;
      if (typeof body.archived === "boolean") page.in_trash = page.archived = body.archived;
      page.last_edited_time = now();
      return json(page);
    },
  ],
  [
    "POST",
    "/pages",
    ({ ws, body, now, newId }) => {
      const parent = obj(body.parent, "parent");
      const props = obj(body.properties, "properties");
      let wireParent: Record<string, unknown>;
      if (typeof parent.page_id === "string") {
        need(ws.pages.get(parent.page_id), "page", parent.page_id);
        wireParent = { type: "page_id", page_id: parent.page_id };
      } else if (typeof parent.database_id === "string") {
        const db = need(ws.databases.get(parent.database_id), "database", parent.database_id);
        const ds = (db.data_sources as Array<{ id: string }>)[0];
        wireParent = { type: "data_source_id", data_source_id: ds?.id, database_id: db.id };
      } else wireParent = { type: "workspace", workspace: true };
      const id = newId();
      const page: NotionObject = {
        object: "page",
        id,
        created_time: now(),
        last_edited_time: now(),
        parent: wireParent,
        archived: false,
        in_trash: false,
        icon: null,
        cover: null,
        properties: {},
        url: `https://www.notion.so/${id.replaceAll("-", "")}`,
      };
      setProperties(page, props);
      ws.pages.set(id, page);
      return json(page);
    },
  ],
  [
    "POST",
    "/pages/{page_id}/move",
    ({ ws, params, body }) => {
      const page = need(ws.pages.get(params.page_id ?? ""), "page", params.page_id ?? "");
      const parent = obj(body.parent, "parent");
      if (typeof parent.page_id === "string") need(ws.pages.get(parent.page_id), "page", parent.page_id);
      page.parent = parent;
      return json(page);
    },
  ],
];

function setProperties(page: NotionObject, values: Record<string, unknown>): void {
  const props = page.properties as Record<string, Record<string, unknown>>;
  for (const [name, value] of Object.entries(values)) {
    // `{"title": [rich text]}` is shorthand for `{"title": {"title": [rich text]}}`.
    const v = Array.isArray(value)
      ? { [name === "title" ? "title" : "rich_text"]: value }
      : obj(value, `properties.${name}`);
    const type = Object.keys(v).find((k) => k !== "id" && k !== "type") ?? "title";
    const current = props[name] ?? Object.values(props).find((p) => p.id === name);
    if (type === "title" && !Array.isArray(v.title))
      throw invalid(`body failed validation: body.properties.${name}.title should be an array.`);
    const normalized =
      type === "title" || type === "rich_text"
        ? (v[type] as Array<{ text?: { content?: string } }>).map(
            (t) => richText(String(t.text?.content ?? ""))[0],
          )
        : v[type];
    props[name] = {
      id: current?.id ?? (type === "title" ? "title" : name.slice(0, 4).toLowerCase()),
      type,
      [type]: normalized,
    };
  }
}
