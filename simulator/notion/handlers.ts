/**
 * The 24 operations of Notion's API (2025-09-03) over the simulated workspace. Handlers validate what
 * Notion validates (required fields, ids, page sizes) and throw {@link NotionError}s otherwise.
 */
import { invalid, json, NotionError, notFound, paginate } from "./http";
import { type NotionObject, paragraph, richText, type Workspace } from "./model";

/** What a handler gets. */
export interface Call {
  ws: Workspace;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  now: () => string;
  newId: () => string;
}

type Handler = (c: Call) => Response;

const list = (type: string, page: ReturnType<typeof paginate>, extra: Record<string, unknown> = {}) =>
  json({ object: "list", ...page, type, [type]: {}, ...extra });

function need<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw notFound(kind, id);
  return value;
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw invalid(`body failed validation: body.${field} should be an object.`);
  return v as Record<string, unknown>;
}

function visiblePages(ws: Workspace): NotionObject[] {
  return [...ws.pages.values()].filter((p) => p.in_trash !== true);
}

function pageOrBlock(ws: Workspace, id: string): void {
  if (!ws.pages.has(id) && !ws.blocks.has(id)) throw notFound("block", id);
}

function rowsOf(ws: Workspace, dsId: string): NotionObject[] {
  return visiblePages(ws).filter((p) => (p.parent as { data_source_id?: string }).data_source_id === dsId);
}

/** The route table: method, path pattern under `/v1`, handler. */
export const ROUTES: ReadonlyArray<readonly [string, string, Handler]> = [
  ["GET", "/users/me", ({ ws }) => json(ws.users[0])],
  [
    "GET",
    "/users/{user_id}",
    ({ ws, params }) =>
      json(
        need(
          ws.users.find((u) => u.id === params.user_id),
          "user",
          params.user_id ?? "",
        ),
      ),
  ],
  [
    "GET",
    "/users",
    ({ ws, query }) =>
      list("user", paginate(ws.users, query.get("start_cursor"), query.get("page_size") ?? undefined)),
  ],
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
  [
    "GET",
    "/blocks/{block_id}/children",
    ({ ws, params, query }) => {
      const id = params.block_id ?? "";
      pageOrBlock(ws, id);
      const kids = (ws.children.get(id) ?? [])
        .map((k) => ws.blocks.get(k))
        .filter((b): b is NotionObject => !!b && b.in_trash !== true);
      return list("block", paginate(kids, query.get("start_cursor"), query.get("page_size") ?? undefined));
    },
  ],
  [
    "PATCH",
    "/blocks/{block_id}/children",
    ({ ws, params, body, now, newId }) => {
      const id = params.block_id ?? "";
      pageOrBlock(ws, id);
      if (!Array.isArray(body.children))
        throw invalid("body failed validation: body.children should be defined, instead was `undefined`.");
      if (body.children.length > 100)
        throw invalid("body failed validation: body.children.length should be ≤ `100`.");
      const parent = ws.pages.has(id) ? { type: "page_id", page_id: id } : { type: "block_id", block_id: id };
      const created = body.children.map((child) => {
        const c = obj(child, "children[]");
        const type = String(c.type ?? Object.keys(c).find((k) => k !== "object" && k !== "type") ?? "");
        if (!["paragraph", "bulleted_list_item"].includes(type))
          throw invalid(`body failed validation: unsupported block type \`${type}\`.`);
        const block = paragraph(newId(), parent, "", now(), ws.facts.botId);
        delete block.paragraph;
        block.type = type;
        const content = obj(c[type], `children[].${type}`);
        const rt = Array.isArray(content.rich_text)
          ? (content.rich_text as Array<{ text?: { content?: string } }>)
          : [];
        block[type] = {
          color: "default",
          ...content,
          rich_text: rt.map((t) => richText(String(t.text?.content ?? ""))[0]),
        };
        ws.blocks.set(block.id, block);
        ws.children.set(id, [...(ws.children.get(id) ?? []), block.id]);
        return block;
      });
      return list("block", { results: created, next_cursor: null, has_more: false });
    },
  ],
  [
    "GET",
    "/blocks/{block_id}",
    ({ ws, params }) =>
      json(
        need(
          ws.blocks.get(params.block_id ?? "") ?? ws.pages.get(params.block_id ?? ""),
          "block",
          params.block_id ?? "",
        ),
      ),
  ],
  [
    "PATCH",
    "/blocks/{block_id}",
    ({ ws, params, body, now }) => {
      const block = need(ws.blocks.get(params.block_id ?? ""), "block", params.block_id ?? "");
      const type = String(block.type);
      if (body.type !== undefined) {
        const content = obj(body.type, "type");
        const patch = (content[type] ?? content) as Record<string, unknown>;
        block[type] = { ...(block[type] as object), ...patch };
      }
      if (typeof body.archived === "boolean") block.archived = block.in_trash = body.archived;
      block.last_edited_time = now();
      return json(block);
    },
  ],
  [
    "DELETE",
    "/blocks/{block_id}",
    ({ ws, params }) => {
      const id = params.block_id ?? "";
      const target = need(ws.blocks.get(id) ?? ws.pages.get(id), "block", id);
      target.archived = target.in_trash = true;
      return json(target);
    },
  ],
  ["GET", "/pages/{page_id}/markdown", ({ ws, params }) => json(markdownOf(ws, params.page_id ?? ""))],
  [
    "PATCH",
    "/pages/{page_id}/markdown",
    ({ ws, params, body, now, newId }) => {
      const page = need(ws.pages.get(params.page_id ?? ""), "page", params.page_id ?? "");
      const type = String(body.type ?? "");
      const op = obj(body[type], type || "type");
      if (type === "replace_content") {
        if (typeof op.new_str !== "string")
          throw invalid("body failed validation: body.replace_content.new_str should be a string.");
        ws.children.set(page.id, []);
        for (const line of op.new_str.split("\n").filter(Boolean)) {
          const b = paragraph(newId(), { type: "page_id", page_id: page.id }, line, now(), ws.facts.botId);
          ws.blocks.set(b.id, b);
          ws.children.get(page.id)?.push(b.id);
        }
      } else if (!["update_content", "insert_content", "replace_content_range"].includes(type)) {
        throw invalid(
          "body failed validation: body.type should be one of replace_content, update_content, insert_content, replace_content_range.",
        );
      }
      page.last_edited_time = now();
      return json(markdownOf(ws, page.id));
    },
  ],
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
  [
    "GET",
    "/comments",
    ({ ws, query }) => {
      const id = query.get("block_id");
      if (!id) throw invalid("query failed validation: block_id should be defined, instead was `undefined`.");
      pageOrBlock(ws, id);
      const on = ws.comments.filter(
        (c) =>
          (c.parent as { page_id?: string; block_id?: string }).page_id === id ||
          (c.parent as { block_id?: string }).block_id === id,
      );
      return list("comment", paginate(on, query.get("start_cursor"), query.get("page_size") ?? undefined));
    },
  ],
  [
    "POST",
    "/comments",
    ({ ws, body, now, newId }) => {
      const parent = obj(body.parent, "parent");
      if (typeof parent.page_id !== "string")
        throw invalid("body failed validation: body.parent.page_id should be defined.");
      need(ws.pages.get(parent.page_id), "page", parent.page_id);
      if (!Array.isArray(body.rich_text))
        throw invalid("body failed validation: body.rich_text should be an array.");
      const comment: NotionObject = {
        object: "comment",
        id: newId(),
        parent: { type: "page_id", page_id: parent.page_id },
        discussion_id: newId(),
        created_time: now(),
        last_edited_time: now(),
        created_by: { object: "user", id: ws.facts.botId },
        rich_text: body.rich_text,
      };
      ws.comments.push(comment);
      return json(comment);
    },
  ],
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

function titleOf(o: NotionObject): string {
  if (o.object === "data_source")
    return (o.title as Array<{ plain_text?: string }>).map((t) => t.plain_text ?? "").join("");
  const props = Object.values(
    o.properties as Record<string, { type?: string; title?: Array<{ plain_text?: string }> }>,
  );
  return (props.find((p) => p.type === "title")?.title ?? []).map((t) => t.plain_text ?? "").join("");
}

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

function markdownOf(ws: Workspace, id: string): Record<string, unknown> {
  const page = ws.pages.get(id);
  if (!page) throw notFound("page", id);
  const lines = (ws.children.get(id) ?? [])
    .map((k) => ws.blocks.get(k))
    .filter((b): b is NotionObject => !!b && b.in_trash !== true)
    .map((b) =>
      ((b[String(b.type)] as { rich_text?: Array<{ plain_text?: string }> }).rich_text ?? [])
        .map((t) => t.plain_text ?? "")
        .join(""),
    );
  return {
    object: "page_markdown",
    id,
    markdown: lines.join("\n\n"),
    truncated: false,
    unknown_block_ids: [],
  };
}

/** Finds the route of a request: the handler and its path parameters, or why none matches. */
export function route(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | NotionError {
  let pathKnown = false;
  for (const [m, pattern, handler] of ROUTES) {
    const names: string[] = [];
    const re = new RegExp(
      `^${pattern.replace(/\{([a-z_]+)\}/g, (_, n: string) => {
        names.push(n);
        return "([^/]+)";
      })}$`,
    );
    const match = re.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (m !== method) continue;
    return {
      handler,
      params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")])),
    };
  }
  return pathKnown
    ? new NotionError(405, "invalid_request", `Method ${method} is not supported on ${path}.`)
    : new NotionError(400, "invalid_request_url", "Invalid request URL.");
}
