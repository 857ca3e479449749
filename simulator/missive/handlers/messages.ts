/**
 * Messages (§7): get by id(s), find by Message-ID, and incoming custom-channel messages.
 */
import { applyActions, checkActionsFor, parseActions } from "../actions";
import type { Handler } from "../context";
import { badRequest, emptyResponse, json, notFound } from "../http";
import type { Message } from "../model";
import {
  bareMessageId,
  envelopeObject,
  optInt,
  optString,
  queryString,
  reqString,
  splitIds,
} from "../params";
import { messageFullView } from "../views/entries";
import { conversationAccess } from "../visibility";
import {
  parseFileAttachments,
  parseParticipant,
  parseParticipants,
  previewOf,
  storedAttachments,
  targetConversation,
} from "./write-helpers";

/** `GET /messages/:id` → `{"messages":{…}}`; `GET /messages/:id1,:id2` → `{"messages":[…]}`. */
export const getMessages: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const found = ids.map((id) => {
    const m = ctx.data.messages.find((x) => x.id === id);
    const conv = m && ctx.data.conversations.find((c) => c.id === m.conversation);
    if (!m || !conv || conversationAccess(conv, ctx.user) !== "full") throw notFound("Message");
    return messageFullView(ctx.data, m, ctx.user);
  });
  if (found.length === 0) throw notFound("Message");
  return json({ messages: ids.length === 1 ? found[0] : found });
};

/** `GET /messages?email_message_id=…`: latest first, at most 10. */
export const findMessages: Handler = (ctx) => {
  const wanted = queryString(ctx.query, "email_message_id");
  if (!wanted) throw badRequest("'email_message_id' parameter is required");
  const bare = bareMessageId(wanted);
  const matches = ctx.data.messages
    .filter((m) => m.email_message_id && bareMessageId(m.email_message_id) === bare)
    .filter((m) => {
      const conv = ctx.data.conversations.find((c) => c.id === m.conversation);
      return !!conv && conversationAccess(conv, ctx.user) === "full";
    })
    .sort((a, b) => b.delivered_at - a.delivered_at)
    .slice(0, 10);
  return json({ messages: matches.map((m) => messageFullView(ctx.data, m, ctx.user)) });
};

/** `POST /messages`: an incoming message in a custom channel. Answers an empty 201, as live. */
export const createMessage: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "messages");
  const accountId = reqString(input, "account");
  const account = ctx.data.accounts.find(
    (a) =>
      a.id === accountId &&
      (a.users.includes(ctx.user.id) || ctx.user.organizations.includes(a.organization ?? "")),
  );
  if (!account) throw notFound("Account");
  if (account.type !== "custom") throw badRequest("'account' must be a custom channel account");
  const from = input.from_field === undefined ? {} : parseParticipant(input.from_field, "from_field");
  const attachments = parseFileAttachments(ctx, input);
  const actions = parseActions(ctx, input, false);
  const conv = targetConversation(ctx, input, {
    organization: account.organization,
    users: account.users,
    subject: optString(input, "conversation_subject") ?? null,
  });
  checkActionsFor(conv, actions);
  const delivered = optInt(input, "delivered_at") ?? ctx.nowSec;
  const body = optString(input, "body") ?? "";
  const message: Message = {
    id: ctx.newId(),
    conversation: conv.id,
    type: "custom",
    subject: optString(input, "subject") ?? null,
    preview: previewOf(body),
    body,
    delivered_at: delivered,
    created_at: ctx.nowSec,
    updated_at: ctx.nowSec,
    email_message_id: null,
    in_reply_to: [],
    references: [],
    from_field: from,
    to_fields: parseParticipants(input, "to_fields"),
    cc_fields: parseParticipants(input, "cc_fields"),
    bcc_fields: parseParticipants(input, "bcc_fields"),
    reply_to_fields: [],
    attachments: storedAttachments(attachments),
    external_id: optString(input, "external_id") ?? null,
    account: account.id,
  };
  ctx.data.messages.push(message);
  applyActions(conv, actions);
  conv.last_activity_at = Math.max(conv.last_activity_at, delivered);
  return emptyResponse(201);
};
