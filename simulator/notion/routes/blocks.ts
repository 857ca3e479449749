/**
 * Blocks: read, update, trash, and list or append the children of a page or block.
 */
import { invalid, json, paginate } from "../http";
import { type NotionObject, paragraph, richText } from "../model";
import { list, need, obj, pageOrBlock, type Route } from "./shared";

/** Blocks and block children. */
export const BLOCK_ROUTES: readonly Route[] = [
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
];
