/**
 * Drafts (§6): create (optionally send now or schedule) and delete.
 */
import { applyActions, checkActionsFor, parseActions } from "../actions";
import type { Handler, HandlerContext } from "../context";
import { badRequest, json, notFound } from "../http";
import type { Account, Draft, Message, Participant } from "../model";
import { envelopeObject, isRecord, type JsonObject, optBool, optInt, optString } from "../params";
import { draftView, messageListView } from "../views/entries";
import { conversationAccess } from "../visibility";
import {
  parseFileAttachments,
  parseParticipant,
  parseParticipants,
  previewOf,
  storedAttachments,
  targetConversation,
} from "./write-helpers";

const NO_SENDER = "'from_field' does not match an available sender";

/** The sender: free-form on a custom channel, otherwise one of the user's aliases (address or number). */
function sender(ctx: HandlerContext, input: JsonObject, account: Account | undefined): Participant {
  if (account?.type === "custom")
    return input.from_field === undefined ? {} : parseParticipant(input.from_field, "from_field");
  const from = input.from_field;
  if (!isRecord(from)) throw badRequest(NO_SENDER);
  const mine = ctx.data.aliases.filter((a) => a.user === ctx.user.id);
  if (typeof from.phone_number === "string") {
    const alias = mine.find(
      (a) => a.phone_number === from.phone_number && (!from.type || a.type === from.type),
    );
    if (!alias) throw badRequest(NO_SENDER);
    return { phone_number: from.phone_number };
  }
  const address = typeof from.address === "string" ? from.address.toLowerCase() : "";
  const alias = mine.find((a) => a.address?.toLowerCase() === address);
  if (!alias?.address) throw badRequest(NO_SENDER);
  return { name: typeof from.name === "string" ? from.name : (alias.name ?? ""), address: alias.address };
}

/** `POST /drafts`: `send: true` sends at once; `send_at` schedules; the two are exclusive. */
export const createDraft: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "drafts");
  const send = optBool(input, "send") ?? false;
  const sendAt = optInt(input, "send_at");
  if (send && sendAt !== undefined) throw badRequest("'send' and 'send_at' cannot be used together");
  if (optBool(input, "auto_followup") && sendAt === undefined)
    throw badRequest("'auto_followup' requires 'send_at'");
  const accountId = optString(input, "account");
  const account = accountId ? ctx.data.accounts.find((a) => a.id === accountId) : undefined;
  if (accountId && !account) throw notFound("Account");
  const from = sender(ctx, input, account);
  const to = parseParticipants(input, "to_fields");
  if (from.phone_number && to.length !== 1)
    throw badRequest("SMS and WhatsApp drafts need exactly one 'to_fields' item");
  const attachments = parseFileAttachments(ctx, input);
  if (attachments.length > 25) throw badRequest("A draft can have at most 25 attachments");
  const actions = parseActions(ctx, input, false);
  const conv = targetConversation(ctx, input, {
    organization: actions.organization ?? null,
    users: [],
    subject: optString(input, "conversation_subject") ?? null,
  });
  checkActionsFor(conv, actions);
  let body = optString(input, "body") ?? "";
  if (optBool(input, "quote_previous_message")) {
    const last = ctx.data.messages
      .filter((m) => m.conversation === conv.id)
      .sort((a, b) => b.delivered_at - a.delivered_at)[0];
    if (last) body += `<blockquote>${last.body}</blockquote>`;
  }
  const base: Omit<Message, "delivered_at"> = {
    id: ctx.newId(),
    conversation: conv.id,
    type: from.phone_number ? "sms" : account?.type === "custom" ? "custom" : "email",
    subject: optString(input, "subject") ?? null,
    preview: previewOf(body),
    body,
    created_at: ctx.nowSec,
    updated_at: ctx.nowSec,
    email_message_id: from.address ? `<${ctx.newId()}@missiveapp.com>` : null,
    in_reply_to: [],
    references: [],
    from_field: from,
    to_fields: to,
    cc_fields: parseParticipants(input, "cc_fields"),
    bcc_fields: parseParticipants(input, "bcc_fields"),
    reply_to_fields: [],
    attachments: storedAttachments(attachments),
    external_id: null,
    account: account?.id ?? null,
  };
  applyActions(conv, actions);
  if (send) {
    const message: Message = { ...base, delivered_at: ctx.nowSec };
    ctx.data.messages.push(message);
    conv.last_activity_at = Math.max(conv.last_activity_at, ctx.nowSec);
    return json({ drafts: { ...messageListView(message), conversation: conv.id } }, 201);
  }
  const draft: Draft = {
    ...base,
    author: ctx.user.id,
    send_at: sendAt ?? null,
    auto_followup: optBool(input, "auto_followup") ?? false,
  };
  ctx.data.drafts.push(draft);
  return json({ drafts: { ...draftView(ctx.data, draft), conversation: conv.id } }, 201);
};

/** `DELETE /drafts/:id`. */
export const deleteDraft: Handler = (ctx) => {
  const index = ctx.data.drafts.findIndex((d) => d.id === ctx.params.id);
  const draft = ctx.data.drafts[index];
  const conv = draft && ctx.data.conversations.find((c) => c.id === draft.conversation);
  if (!draft || !conv || conversationAccess(conv, ctx.user) !== "full") throw notFound("Draft");
  ctx.data.drafts.splice(index, 1);
  return json({});
};
