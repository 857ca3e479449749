/**
 * The Conversation object of §5.1, computed from the records so counts and label names always reflect
 * the latest changes.
 */
import type { Conversation, User, UserFlags } from "../model";
import type { SimulatorData } from "../state";
import { conversationAccess } from "../visibility";
import { labelPath } from "./labels";

const NO_FLAGS: UserFlags = {
  archived: false,
  trashed: false,
  junked: false,
  snoozed: false,
  flagged: false,
};

/** The per-user flags of a conversation (defaults for a user without any). */
export function flagsOf(conv: Conversation, userId: string): UserFlags {
  return conv.flags[userId] ?? NO_FLAGS;
}

/** Missive's UserState: identity plus the conversation's mailbox state for that user. */
export function userState(data: SimulatorData, conv: Conversation, userId: string): Record<string, unknown> {
  const u = data.users.find((x) => x.id === userId);
  const f = flagsOf(conv, userId);
  return {
    id: userId,
    name: u?.name ?? null,
    email: u?.email ?? null,
    unassigned: conv.assignees.length === 0,
    closed: conv.closed,
    archived: f.archived,
    trashed: f.trashed,
    junked: f.junked,
    assigned: conv.assignees.includes(userId),
    flagged: f.flagged,
    snoozed: f.snoozed,
  };
}

/** The Conversation JSON as `viewer` sees it; guests get only `id` and `last_activity_at`. */
export function conversationView(
  data: SimulatorData,
  conv: Conversation,
  viewer: User,
): Record<string, unknown> {
  if (conversationAccess(conv, viewer) === "guest")
    return { id: conv.id, last_activity_at: conv.last_activity_at };
  const org = conv.organization ? data.organizations.find((o) => o.id === conv.organization) : undefined;
  const team = conv.team ? data.teams.find((t) => t.id === conv.team) : undefined;
  const messages = data.messages
    .filter((m) => m.conversation === conv.id)
    .sort((a, b) => b.delivered_at - a.delivered_at);
  const drafts = data.drafts.filter((d) => d.conversation === conv.id);
  const tasks = data.tasks.filter((t) => t.conversation === conv.id && t.type === "task");
  const assignees = conv.assignees.map((id) => data.users.find((u) => u.id === id));
  const labels = conv.shared_labels
    .map((id) => data.sharedLabels.find((l) => l.id === id))
    .filter((l) => l !== undefined)
    .map((l) => ({ id: l.id, name: labelPath(data, l) }));
  const authors = new Map<string, { name: string | null; address: string }>();
  for (const m of messages) {
    const address = m.from_field.address ?? m.from_field.phone_number ?? m.from_field.username;
    if (address && !authors.has(address)) authors.set(address, { name: m.from_field.name ?? null, address });
  }
  return {
    id: conv.id,
    created_at: conv.created_at,
    subject: conv.subject,
    latest_message_subject: messages[0]?.subject ?? null,
    organization: org ? { id: org.id, name: org.name } : null,
    team: team ? { id: team.id, name: team.name, organization: team.organization } : null,
    color: conv.color,
    assignees: conv.assignees.map((id) => userState(data, conv, id)),
    users: conv.users.map((id) => userState(data, conv, id)),
    assignee_names: assignees.map((u) => u?.name ?? "").join(", "),
    assignee_emails: assignees.map((u) => u?.email ?? "").join(", "),
    attachments_count: messages.reduce((n, m) => n + m.attachments.length, 0),
    messages_count: messages.length,
    drafts_count: drafts.length,
    send_later_messages_count: drafts.filter((d) => d.send_at !== null).length,
    tasks_count: tasks.length,
    completed_tasks_count: tasks.filter((t) => t.state === "closed").length,
    authors: [...authors.values()],
    shared_labels: labels,
    shared_label_names: labels.map((l) => l.name).join(", "),
    last_activity_at: conv.last_activity_at,
    web_url: `https://mail.missiveapp.com/#inbox/conversations/${conv.id}`,
    app_url: `missive://mail.missiveapp.com/#inbox/conversations/${conv.id}`,
  };
}
