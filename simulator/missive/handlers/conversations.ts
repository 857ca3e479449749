/**
 * Conversations (§5.2–5.4, §5.9): the mailbox-filtered list, single get, batch PATCH and merge.
 */
import { applyActions, checkActionsFor, parseActions } from "../actions";
import type { Handler, HandlerContext } from "../context";
import { badRequest, HttpError, json, notFound } from "../http";
import type { Conversation } from "../model";
import { untilPage } from "../pagination";
import { bareMessageId, batchItems, isRecord, optString, queryFlag, queryString, splitIds } from "../params";
import { conversationView, flagsOf } from "../views/conversation";
import { conversationAccess, requireBook, requireFullConversation, resolveConversation } from "../visibility";

const FLAG_MAILBOXES = [
  "inbox",
  "all",
  "assigned",
  "closed",
  "snoozed",
  "flagged",
  "trashed",
  "junked",
  "drafts",
];
const ID_MAILBOXES = ["shared_label", "team_inbox", "team_closed", "team_all"];

type Predicate = (c: Conversation) => boolean;

function mailboxPredicates(ctx: HandlerContext): Predicate[] {
  const uid = ctx.user.id;
  const f = (c: Conversation) => flagsOf(c, uid);
  const box: Record<string, Predicate> = {
    inbox: (c) => !c.closed && !f(c).archived && !f(c).trashed && !f(c).junked && !f(c).snoozed,
    all: (c) => !f(c).trashed && !f(c).junked,
    assigned: (c) => c.assignees.includes(uid) && !c.closed && !f(c).trashed,
    closed: (c) => c.closed && !f(c).trashed,
    snoozed: (c) => f(c).snoozed,
    flagged: (c) => f(c).flagged,
    trashed: (c) => f(c).trashed,
    junked: (c) => f(c).junked,
    drafts: (c) => ctx.data.drafts.some((d) => d.conversation === c.id && d.author === uid),
  };
  const preds = FLAG_MAILBOXES.filter((name) => queryFlag(ctx.query, name)).map(
    (name) => box[name] as Predicate,
  );
  const label = queryString(ctx.query, "shared_label");
  if (label) preds.push((c) => c.shared_labels.includes(label));
  const teamInbox = queryString(ctx.query, "team_inbox");
  if (teamInbox) preds.push((c) => c.team === teamInbox && !c.closed);
  const teamClosed = queryString(ctx.query, "team_closed");
  if (teamClosed) preds.push((c) => c.team === teamClosed && c.closed);
  const teamAll = queryString(ctx.query, "team_all");
  if (teamAll) preds.push((c) => c.team === teamAll);
  return preds;
}

/** Addresses of every participant of a conversation's messages, lowercased. */
function participantAddresses(ctx: HandlerContext, conv: Conversation): Set<string> {
  const out = new Set<string>();
  for (const m of ctx.data.messages) {
    if (m.conversation !== conv.id) continue;
    for (const p of [m.from_field, ...m.to_fields, ...m.cc_fields, ...m.bcc_fields, ...m.reply_to_fields]) {
      if (p.address) out.add(p.address.toLowerCase());
    }
  }
  return out;
}

function contactPredicate(ctx: HandlerContext): Predicate | undefined {
  const email = queryString(ctx.query, "email")?.toLowerCase();
  const domain = queryString(ctx.query, "domain")?.toLowerCase();
  const orgId = queryString(ctx.query, "contact_organization");
  if ([email, domain, orgId].filter((v) => v !== undefined).length > 1) {
    throw badRequest("'email', 'domain' and 'contact_organization' are mutually exclusive");
  }
  if (email) return (c) => participantAddresses(ctx, c).has(email);
  if (domain) return (c) => [...participantAddresses(ctx, c)].some((a) => a.endsWith(`@${domain}`));
  if (!orgId) return undefined;
  const group = ctx.data.contactGroups.find((g) => g.id === orgId && g.kind === "organization");
  if (!group) throw notFound("Contact organization");
  requireBook(ctx.data, ctx.user, group.contact_book);
  const emails = new Set(
    ctx.data.contacts
      .filter((c) => !c.deleted && c.memberships.some((m) => m.group === orgId))
      .flatMap((c) => c.infos.filter((i) => i.kind === "email").map((i) => (i.value ?? "").toLowerCase())),
  );
  return (c) => [...participantAddresses(ctx, c)].some((a) => emails.has(a));
}

/** `GET /conversations`: needs at least one mailbox; newest first, `until`-paged (default 25, max 50). */
export const listConversations: Handler = (ctx) => {
  const preds = mailboxPredicates(ctx);
  if (preds.length === 0)
    throw new HttpError(400, "You need to paginate at least one mailbox", false, "top_level");
  const org = queryString(ctx.query, "organization");
  // `organization` narrows only; it has no effect together with a shared label or team mailbox.
  if (org && !ID_MAILBOXES.some((k) => queryString(ctx.query, k))) preds.push((c) => c.organization === org);
  const contact = contactPredicate(ctx);
  if (contact) preds.push(contact);
  const visible = ctx.data.conversations.filter(
    (c) => conversationAccess(c, ctx.user) && preds.every((p) => p(c)),
  );
  const page = untilPage(visible, (c) => c.last_activity_at, ctx.query, { defaultLimit: 25, maxLimit: 50 });
  return json({ conversations: page.map((c) => conversationView(ctx.data, c, ctx.user)) });
};

/** `GET /conversations/:id`: always an array of one; merged ids resolve to the survivor. */
export const getConversation: Handler = (ctx) => {
  const conv = resolveConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  return json({ conversations: [conversationView(ctx.data, conv, ctx.user)] });
};

/** `PATCH /conversations/:id1,:id2`: state changes without a post; one body object per id. */
export const updateConversations: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const items = batchItems(ctx.body, "conversations", ids);
  const plan = ids.map((id) => {
    const conv = requireFullConversation(ctx.data, ctx.user, id);
    const actions = parseActions(ctx, items.get(id) ?? {}, true);
    checkActionsFor(conv, actions);
    return { conv, actions };
  });
  for (const { conv, actions } of plan) applyActions(conv, actions);
  return json({ conversations: plan.map(({ conv }) => conversationView(ctx.data, conv, ctx.user)) });
};

/** `POST /conversations/:id/merge`: body `{target, subject?}` with no envelope; the target survives. */
export const mergeConversation: Handler = (ctx) => {
  const body = isRecord(ctx.body) ? ctx.body : {};
  const targetId = optString(body, "target");
  if (!targetId) throw badRequest("'target' is required");
  const source = requireFullConversation(ctx.data, ctx.user, ctx.params.id ?? "");
  const target = requireFullConversation(ctx.data, ctx.user, targetId);
  if (source.id === target.id) throw badRequest("A conversation cannot be merged into itself");
  const subject = optString(body, "subject");
  for (const list of [
    ctx.data.messages,
    ctx.data.comments,
    ctx.data.drafts,
    ctx.data.posts,
    ctx.data.tasks,
  ]) {
    for (const item of list) if (item.conversation === source.id) item.conversation = target.id;
  }
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  target.users = union(target.users, source.users);
  target.guests = union(target.guests, source.guests).filter((g) => !target.users.includes(g));
  target.assignees = union(target.assignees, source.assignees);
  target.shared_labels = union(target.shared_labels, source.shared_labels);
  target.flags = { ...source.flags, ...target.flags };
  target.last_activity_at = Math.max(target.last_activity_at, source.last_activity_at);
  target.created_at = Math.min(target.created_at, source.created_at);
  if (subject !== undefined) target.subject = subject;
  source.merged_into = target.id;
  return json({ conversations: [conversationView(ctx.data, target, ctx.user)] });
};

/** Conversations whose messages carry a matching Message-ID or References header (chevrons optional). */
export function conversationByReferences(
  ctx: HandlerContext,
  references: string[],
  organization?: string,
): Conversation | undefined {
  const wanted = new Set(references.map(bareMessageId));
  for (const m of ctx.data.messages) {
    const ids = [m.email_message_id, m.external_id, ...m.references].filter((x): x is string => !!x);
    if (!ids.some((id) => wanted.has(bareMessageId(id)))) continue;
    const conv = ctx.data.conversations.find((c) => c.id === m.conversation);
    if (!conv || conversationAccess(conv, ctx.user) !== "full") continue;
    if (organization && conv.organization !== organization) continue;
    return conv;
  }
  return undefined;
}
