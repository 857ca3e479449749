/**
 * The four `until`-paged lists under a conversation (§5.5–5.8): max 10 per page, newest first.
 */
import type { Handler } from "../context";
import { json } from "../http";
import { untilPage } from "../pagination";
import { commentView, draftView, messageListView, postView } from "../views/entries";
import { requireFullConversation } from "../visibility";

const LIMITS = { defaultLimit: 10, maxLimit: 10 };

/** `GET /conversations/:id/messages` (drafts excluded; guests get 404), paged by `delivered_at`. */
export const listMessages: Handler = (ctx) => {
  const conv = requireFullConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  const items = ctx.data.messages.filter((m) => m.conversation === conv.id);
  return json({ messages: untilPage(items, (m) => m.delivered_at, ctx.query, LIMITS).map(messageListView) });
};

/** `GET /conversations/:id/comments`, paged by `created_at`. */
export const listComments: Handler = (ctx) => {
  const conv = requireFullConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  const items = ctx.data.comments.filter((c) => c.conversation === conv.id);
  const page = untilPage(items, (c) => c.created_at, ctx.query, LIMITS);
  return json({ comments: page.map((c) => commentView(ctx.data, c)) });
};

/**
 * `GET /conversations/:id/drafts`. The docs page drafts by `delivered_at`, which is null on drafts, so
 * the simulator pages them by `created_at` (`until` compares against it).
 */
export const listDrafts: Handler = (ctx) => {
  const conv = requireFullConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  const items = ctx.data.drafts.filter((d) => d.conversation === conv.id);
  const page = untilPage(items, (d) => d.created_at, ctx.query, LIMITS);
  return json({ drafts: page.map((d) => draftView(ctx.data, d)) });
};

/** `GET /conversations/:id/posts`, paged by `created_at`. */
export const listPosts: Handler = (ctx) => {
  const conv = requireFullConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  const items = ctx.data.posts.filter((p) => p.conversation === conv.id);
  return json({ posts: untilPage(items, (p) => p.created_at, ctx.query, LIMITS).map(postView) });
};
