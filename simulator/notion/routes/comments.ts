/**
 * Comments: list the open comments on a page or block (paged), add one to a page.
 */
import { invalid, json, paginate } from "../http";
import type { NotionObject } from "../model";
import { list, need, obj, pageOrBlock, type Route } from "./shared";

/** Comments. */
export const COMMENT_ROUTES: readonly Route[] = [
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
];
