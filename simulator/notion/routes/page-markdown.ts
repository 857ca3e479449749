/**
 * A page's content as Markdown: read it, or replace it (the other edit types are accepted as no-ops).
 */
import { invalid, json, notFound } from "../http";
import { type NotionObject, paragraph, type Workspace } from "../model";
import { need, obj, type Route } from "./shared";

/** Page Markdown. */
export const PAGE_MARKDOWN_ROUTES: readonly Route[] = [
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
];

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
