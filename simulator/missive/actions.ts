/**
 * Conversation state changes shared by `PATCH /conversations`, `POST /posts`, `POST /drafts` and
 * `POST /messages` (§5.4, §14.8). Validation is separate from application so a batch either applies
 * whole or not at all.
 */
import type { HandlerContext } from "./context";
import { badRequest, notFound } from "./http";
import type { Conversation } from "./model";
import { type JsonObject, optBool, optString, optStringArray } from "./params";
import { requireOrganization } from "./visibility";

/** Validated conversation actions. */
export interface ConversationActions {
  subject?: string;
  color?: string;
  organization?: string;
  team?: string;
  forceTeam: boolean;
  addUsers: string[];
  addAssignees: string[];
  removeAssignees: string[];
  addLabels: string[];
  removeLabels: string[];
  addToInbox: boolean;
  addToTeamInbox: boolean;
  close: boolean;
  reopen?: boolean;
}

const COLOR = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|good|warning|danger)$/i;
/** Fields Missive refuses without `organization` (remove_shared_labels too, as live-tested clients report). */
const NEEDS_ORGANIZATION = [
  "add_users",
  "add_assignees",
  "remove_assignees",
  "add_shared_labels",
  "remove_shared_labels",
] as const;

/**
 * Reads and checks the action fields of `input`. `allowSubject` reads `subject` (PATCH) instead of
 * `conversation_subject` (posts, drafts, messages). `color` and `conversation_color` are aliases.
 */
export function parseActions(
  ctx: HandlerContext,
  input: JsonObject,
  allowSubject: boolean,
): ConversationActions {
  const organization = optString(input, "organization");
  for (const field of NEEDS_ORGANIZATION) {
    if (input[field] !== undefined && organization === undefined) {
      throw badRequest(`'organization' is required when '${field}' is defined`);
    }
  }
  if (organization !== undefined) requireOrganization(ctx.user, organization);
  const color = optString(input, "conversation_color") ?? optString(input, "color");
  if (color !== undefined && !COLOR.test(color)) {
    throw badRequest("'conversation_color' must be a HEX color or one of good, warning, danger");
  }
  const team = optString(input, "team");
  if (team !== undefined) {
    const t = ctx.data.teams.find((x) => x.id === team);
    if (!t || !ctx.user.organizations.includes(t.organization)) throw notFound("Team");
  }
  const addToTeamInbox = optBool(input, "add_to_team_inbox") ?? false;
  if (addToTeamInbox && team === undefined)
    throw badRequest("'team' is required when 'add_to_team_inbox' is defined");
  const actions: ConversationActions = {
    subject: allowSubject ? optString(input, "subject") : optString(input, "conversation_subject"),
    color,
    organization,
    team,
    forceTeam: optBool(input, "force_team") ?? false,
    addUsers: optStringArray(input, "add_users") ?? [],
    addAssignees: optStringArray(input, "add_assignees") ?? [],
    removeAssignees: optStringArray(input, "remove_assignees") ?? [],
    addLabels: optStringArray(input, "add_shared_labels") ?? [],
    removeLabels: optStringArray(input, "remove_shared_labels") ?? [],
    addToInbox: optBool(input, "add_to_inbox") ?? false,
    addToTeamInbox,
    close: optBool(input, "close") ?? false,
    reopen: optBool(input, "reopen"),
  };
  if (actions.close && actions.reopen === true) throw badRequest("'close' and 'reopen' cannot be combined");
  for (const id of [...actions.addUsers, ...actions.addAssignees, ...actions.removeAssignees]) {
    const u = ctx.data.users.find((x) => x.id === id);
    if (!u || !organization || !u.organizations.includes(organization))
      throw badRequest(`Unknown user: ${id}`);
  }
  for (const id of actions.addLabels) {
    const l = ctx.data.sharedLabels.find((x) => x.id === id);
    if (!l || l.organization !== organization) {
      throw badRequest(`Shared label ${id} does not belong to the organization`);
    }
  }
  return actions;
}

/** Checks that the actions fit this conversation (organization of a shared conversation must match). */
export function checkActionsFor(conv: Conversation, actions: ConversationActions): void {
  if (actions.organization && conv.organization && conv.organization !== actions.organization) {
    throw badRequest("'organization' does not match the conversation's organization");
  }
}

/** Applies validated actions. Returns nothing; views read the changed record. */
export function applyActions(conv: Conversation, a: ConversationActions): void {
  const addUser = (id: string) => {
    if (!conv.users.includes(id)) conv.users.push(id);
    conv.guests = conv.guests.filter((g) => g !== id);
  };
  if (a.organization && !conv.organization) conv.organization = a.organization;
  if (a.subject !== undefined) conv.subject = a.subject;
  if (a.color !== undefined) conv.color = a.color;
  if (a.team && (!conv.team || a.forceTeam)) conv.team = a.team;
  for (const id of a.addUsers) addUser(id);
  for (const id of a.addAssignees) {
    addUser(id);
    if (!conv.assignees.includes(id)) conv.assignees.push(id);
  }
  conv.assignees = conv.assignees.filter((id) => !a.removeAssignees.includes(id));
  for (const id of a.addLabels) if (!conv.shared_labels.includes(id)) conv.shared_labels.push(id);
  conv.shared_labels = conv.shared_labels.filter((id) => !a.removeLabels.includes(id));
  if (a.addToInbox) {
    conv.closed = false;
    for (const f of Object.values(conv.flags)) {
      f.archived = false;
      f.snoozed = false;
    }
  }
  if (a.addToTeamInbox && a.team) {
    conv.team = a.team;
    conv.closed = false;
  }
  if (a.close) conv.closed = true;
  if (a.reopen === true) conv.closed = false;
}
