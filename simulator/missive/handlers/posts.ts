/**
 * Posts (§8): create (with conversation actions) and delete.
 */
import { applyActions, checkActionsFor, parseActions } from "../actions";
import type { Handler } from "../context";
import { forbidden, json, notFound, unprocessable } from "../http";
import type { Post } from "../model";
import { envelopeObject, isRecord, optObjectArray, optString } from "../params";
import { conversationAccess, isAdmin } from "../visibility";
import { targetConversation } from "./write-helpers";

/**
 * `POST /posts`. Needs `text`, `markdown` or `attachments` (live 422) and, in practice, a
 * `notification`. A post reopens a closed conversation unless `reopen: false` (live behaviour; the docs
 * describe the flag the other way round).
 */
export const createPost: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "posts");
  const text = optString(input, "text");
  const markdown = optString(input, "markdown");
  const attachments = optObjectArray(input, "attachments") ?? [];
  if (!text && !markdown && attachments.length === 0) {
    throw unprocessable("Validation failed: text, markdown or attachments needed");
  }
  const n = input.notification;
  if (!isRecord(n) || typeof n.title !== "string" || typeof n.body !== "string") {
    throw unprocessable("Validation failed: notification needs a title and a body");
  }
  const actions = parseActions(ctx, input, false);
  const conv = targetConversation(ctx, input, {
    organization: actions.organization ?? null,
    users: [],
    subject: optString(input, "conversation_subject") ?? null,
  });
  checkActionsFor(conv, actions);
  const post: Post = {
    id: ctx.newId(),
    conversation: conv.id,
    created_at: ctx.nowSec,
    author: ctx.user.id,
    username: optString(input, "username") ?? null,
    username_icon: optString(input, "username_icon") ?? null,
    notification: { title: n.title, body: n.body },
    text: text ?? null,
    markdown: markdown ?? null,
    attachments,
  };
  ctx.data.posts.push(post);
  applyActions(conv, actions);
  if (!actions.close && actions.reopen === undefined) conv.closed = false;
  conv.last_activity_at = Math.max(conv.last_activity_at, ctx.nowSec);
  return json({ posts: { conversation: conv.id, id: post.id } }, 201);
};

/** `DELETE /posts/:id`: in an organization's conversation only its admins and owners may delete. */
export const deletePost: Handler = (ctx) => {
  const index = ctx.data.posts.findIndex((p) => p.id === ctx.params.id);
  const post = ctx.data.posts[index];
  const conv = post && ctx.data.conversations.find((c) => c.id === post.conversation);
  if (!post || !conv || conversationAccess(conv, ctx.user) !== "full") throw notFound("Post");
  if (conv.organization && !isAdmin(ctx.user, conv.organization)) {
    throw forbidden("Only organization owners and admins can delete posts in shared conversations");
  }
  ctx.data.posts.splice(index, 1);
  return json({});
};
