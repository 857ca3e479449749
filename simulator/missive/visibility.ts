/**
 * Who can see what. Tokens are personal in Missive, so every list and lookup is filtered by the token's
 * user; something a user cannot see answers 404, exactly like an unknown id.
 */
import { notFound } from "./http";
import type { CannedResponse, ContactBook, Conversation, SharedLabel, Task, Team, User } from "./model";
import type { SimulatorData } from "./state";

/** Whether the user administers the organization. */
export function isAdmin(user: User, organization: string): boolean {
  return user.adminOf.includes(organization);
}

/** Checks organization membership; an organization the user is not in is treated as unknown. */
export function requireOrganization(user: User, organization: string): void {
  if (!user.organizations.includes(organization)) throw notFound("Organization");
}

/** Whether the user is an active member or observer of the team. */
export function inTeam(team: Team | undefined, userId: string): boolean {
  return !!team && (team.active_members.includes(userId) || team.observers.includes(userId));
}

/** Contact books the user can reach, in a stable order (by name). */
export function visibleBooks(data: SimulatorData, user: User): ContactBook[] {
  return data.contactBooks
    .filter((b) => canSeeBook(data, user, b))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Whether the user owns, or is shared, the book. */
export function canSeeBook(data: SimulatorData, user: User, book: ContactBook): boolean {
  if (book.user === user.id || book.share_with_users.includes(user.id)) return true;
  if (book.organization && !user.organizations.includes(book.organization)) return false;
  if (book.share_with_organization) return true;
  return !!book.share_with_team && inTeam(findTeam(data, book.share_with_team), user.id);
}

/** The visible book with that id, or 404. */
export function requireBook(data: SimulatorData, user: User, id: string): ContactBook {
  const book = data.contactBooks.find((b) => b.id === id);
  if (!book || !canSeeBook(data, user, book)) throw notFound("Contact book");
  return book;
}

/** Access level of the user to a conversation: full, guest (id and timestamp only) or none. */
export function conversationAccess(conv: Conversation, user: User): "full" | "guest" | null {
  if (conv.merged_into) return null;
  if (conv.users.includes(user.id)) return "full";
  return conv.guests.includes(user.id) ? "guest" : null;
}

/** Follows merges: a merged-away id keeps resolving to the surviving conversation. */
export function resolveConversation(data: SimulatorData, user: User, id: string): Conversation {
  let conv = data.conversations.find((c) => c.id === id);
  for (let hops = 0; conv?.merged_into && hops < 50; hops++) {
    const next: string = conv.merged_into;
    conv = data.conversations.find((c) => c.id === next);
  }
  if (!conv || !conversationAccess(conv, user)) throw notFound("Conversation");
  return conv;
}

/** Like {@link resolveConversation} but guests are refused too (404, as they cannot see it). */
export function requireFullConversation(data: SimulatorData, user: User, id: string): Conversation {
  const conv = resolveConversation(data, user, id);
  if (conversationAccess(conv, user) !== "full") throw notFound("Conversation");
  return conv;
}

/** Shared labels the user can see: their organizations', minus delegate-only labels not shared with them. */
export function canSeeLabel(data: SimulatorData, user: User, label: SharedLabel): boolean {
  if (!user.organizations.includes(label.organization)) return false;
  if (label.visibility === "organization" || isAdmin(user, label.organization)) return true;
  if (label.share_with_users.includes(user.id) || label.share_with_organization) return true;
  return !!label.share_with_team && inTeam(findTeam(data, label.share_with_team), user.id);
}

/** Tasks the user can see: those of their organizations, assigned to them, or in a visible conversation. */
export function canSeeTask(data: SimulatorData, user: User, task: Task): boolean {
  if (task.assignees.includes(user.id)) return true;
  if (task.organization && user.organizations.includes(task.organization)) return true;
  const conv = task.conversation ? data.conversations.find((c) => c.id === task.conversation) : undefined;
  return !!conv && conversationAccess(conv, user) === "full";
}

/** Responses the user can see: personal ones of their own and those of their organizations. */
export function canSeeResponse(user: User, response: CannedResponse): boolean {
  if (response.user) return response.user === user.id;
  return !!response.organization && user.organizations.includes(response.organization);
}

/** A team by id. */
export function findTeam(data: SimulatorData, id: string): Team | undefined {
  return data.teams.find((t) => t.id === id);
}
