/**
 * Messages, drafts, comments and posts as Missive returns them (§5.5–5.8, §7.2).
 */
import type { Comment, Draft, Message, Post, Task, User } from "../model";
import type { SimulatorData } from "../state";
import { conversationView } from "./conversation";

/** A user as embedded in comments and drafts. */
export function authorView(data: SimulatorData, userId: string): Record<string, unknown> {
  const u = data.users.find((x) => x.id === userId);
  return { id: userId, name: u?.name ?? null, email: u?.email ?? null, avatar_url: u?.avatar_url ?? null };
}

function headers(m: Omit<Message, "delivered_at">): Record<string, unknown> {
  return {
    id: m.id,
    subject: m.subject,
    preview: m.preview,
    type: m.type,
    email_message_id: m.email_message_id,
    in_reply_to: m.in_reply_to,
    references: m.references,
    from_field: m.from_field,
    to_fields: m.to_fields,
    cc_fields: m.cc_fields,
    bcc_fields: m.bcc_fields,
    reply_to_fields: m.reply_to_fields,
    attachments: m.attachments,
    created_at: m.created_at,
    updated_at: m.updated_at,
  };
}

/** A message in `GET /conversations/:id/messages`: no `body`. */
export function messageListView(m: Message): Record<string, unknown> {
  return { ...headers(m), draft: false, delivered_at: m.delivered_at };
}

/** A message in `GET /messages/:id`: headers, `body` and the full conversation. */
export function messageFullView(data: SimulatorData, m: Message, viewer: User): Record<string, unknown> {
  const conv = data.conversations.find((c) => c.id === m.conversation);
  return {
    ...headers(m),
    delivered_at: m.delivered_at,
    body: m.body,
    conversation: conv ? conversationView(data, conv, viewer) : null,
  };
}

/** A draft: the message shape with `draft: true`, `delivered_at: null` and its author. */
export function draftView(data: SimulatorData, d: Draft): Record<string, unknown> {
  return {
    ...headers(d),
    draft: true,
    delivered_at: null,
    send_at: d.send_at,
    author: authorView(data, d.author),
  };
}

/** The task embedded in a comment, with expanded assignees and team. */
function commentTaskView(data: SimulatorData, task: Task): Record<string, unknown> {
  const team = task.team ? data.teams.find((t) => t.id === task.team) : undefined;
  return {
    description: task.description ?? task.title,
    state: task.state,
    due_at: task.due_at,
    started_at: task.started_at,
    closed_at: task.closed_at,
    assignees: task.assignees.map((id) => authorView(data, id)),
    team: team ? { id: team.id, name: team.name, organization: team.organization } : null,
  };
}

/** A comment; `attachment` is present only when there is one. */
export function commentView(data: SimulatorData, c: Comment): Record<string, unknown> {
  const task = c.task ? data.tasks.find((t) => t.id === c.task) : undefined;
  return {
    id: c.id,
    body: c.body,
    created_at: c.created_at,
    mentions: c.mentions,
    author: authorView(data, c.author),
    ...(c.attachment ? { attachment: c.attachment } : {}),
    task: task ? commentTaskView(data, task) : null,
  };
}

/** A post; `text`/`markdown` appear when set. */
export function postView(p: Post): Record<string, unknown> {
  return {
    id: p.id,
    created_at: p.created_at,
    username: p.username,
    username_icon: p.username_icon,
    notification: p.notification,
    ...(p.text !== null ? { text: p.text } : {}),
    ...(p.markdown !== null ? { markdown: p.markdown } : {}),
    attachments: p.attachments,
  };
}
