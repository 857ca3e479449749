/**
 * Organizations, users and teams (§10). Team writes need an organization admin or owner.
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, forbidden, json, notFound } from "../http";
import type { Team } from "../model";
import { offsetPage } from "../pagination";
import {
  batchItems,
  envelopeArray,
  type JsonObject,
  optString,
  optStringArray,
  queryString,
  splitIds,
} from "../params";
import { teamView } from "../views/records";
import { isAdmin, requireOrganization } from "../visibility";

const ENUMS: Record<string, readonly string[]> = {
  team_mention_behavior: ["all_members", "only_active_members"],
  user_reply_behavior: ["assign_user", "leave_in_team_inbox"],
  received_reply_behavior: ["show_in_assignee_inbox", "show_in_team_inbox"],
  team_sidebar_behavior: ["show_team_space", "show_team_inbox"],
};
const BOOLS = ["team_inbox_enabled", "chat_room_enabled"];

/** The `organization` query filter, checked against the user's memberships. */
function orgFilter(ctx: HandlerContext): string | undefined {
  const org = queryString(ctx.query, "organization");
  if (org) requireOrganization(ctx.user, org);
  return org;
}

/** `GET /organizations`. */
export const listOrganizations: Handler = (ctx) => {
  const orgs = ctx.data.organizations
    .filter((o) => ctx.user.organizations.includes(o.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  return json({ organizations: offsetPage(orgs, ctx.query) });
};

/** `GET /users`: users sharing an organization with the token's user; `me` marks the token owner. */
export const listUsers: Handler = (ctx) => {
  const org = orgFilter(ctx);
  const users = ctx.data.users
    .filter((u) => u.organizations.some((o) => ctx.user.organizations.includes(o) && (!org || o === org)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({
      id: u.id,
      me: u.id === ctx.user.id,
      email: u.email,
      name: u.name,
      avatar_url: u.avatar_url,
    }));
  return json({ users: offsetPage(users, ctx.query) });
};

/** `GET /teams`. */
export const listTeams: Handler = (ctx) => {
  const org = orgFilter(ctx);
  const teams = ctx.data.teams
    .filter((t) => ctx.user.organizations.includes(t.organization) && (!org || t.organization === org))
    .sort((a, b) => a.name.localeCompare(b.name));
  return json({ teams: offsetPage(teams, ctx.query).map((t) => teamView(t, false)) });
};

/** Validates team fields into a patch; `organization` is the team's organization. */
function teamFields(ctx: HandlerContext, input: JsonObject, organization: string): Partial<Team> {
  const patch: Partial<Team> = { settings: {} };
  const name = optString(input, "name");
  if (name !== undefined) patch.name = name;
  for (const field of ["active_members", "observers"] as const) {
    const ids = optStringArray(input, field);
    if (!ids) continue;
    for (const id of ids) {
      if (!ctx.data.users.some((u) => u.id === id && u.organizations.includes(organization))) {
        throw badRequest(`Unknown user in '${field}': ${id}`);
      }
    }
    patch[field] = ids;
  }
  const settings: Record<string, unknown> = {};
  for (const [field, allowed] of Object.entries(ENUMS)) {
    const v = optString(input, field);
    if (v === undefined) continue;
    if (!allowed.includes(v)) throw badRequest(`'${field}' must be one of ${allowed.join(", ")}`);
    settings[field] = v;
  }
  for (const field of BOOLS) if (typeof input[field] === "boolean") settings[field] = input[field];
  for (const field of ["emoji", "color"]) {
    const v = optString(input, field);
    if (v !== undefined) settings[field] = v;
  }
  if (input.inactivity_period !== undefined) {
    if (!Number.isInteger(input.inactivity_period))
      throw badRequest("'inactivity_period' must be an integer");
    settings.inactivity_period = input.inactivity_period;
  }
  if (input.business_hours !== undefined) settings.business_hours = input.business_hours;
  patch.settings = settings;
  return patch;
}

function requireTeamAdmin(ctx: HandlerContext, organization: string): void {
  if (!isAdmin(ctx.user, organization)) {
    throw forbidden("Only organization admins and owners can create or update teams");
  }
}

/** `POST /teams` (admin or owner only). */
export const createTeams: Handler = (ctx) => {
  const plan = envelopeArray(ctx.body, "teams").map((input) => {
    const name = optString(input, "name");
    const organization = optString(input, "organization");
    if (!name || !organization) throw badRequest("'name' and 'organization' are required");
    requireOrganization(ctx.user, organization);
    requireTeamAdmin(ctx, organization);
    return { organization, patch: teamFields(ctx, input, organization) };
  });
  const created = plan.map(({ organization, patch }) => {
    const team: Team = {
      id: ctx.newId(),
      name: "",
      organization,
      active_members: [],
      observers: [],
      ...patch,
      settings: patch.settings ?? {},
    };
    ctx.data.teams.push(team);
    return team;
  });
  return json({ teams: created.map((t) => teamView(t, true)) }, 201);
};

/** `PATCH /teams/:id1,:id2` (admin or owner only). */
export const updateTeams: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const items = batchItems(ctx.body, "teams", ids);
  const plan = ids.map((id) => {
    const team = ctx.data.teams.find((t) => t.id === id && ctx.user.organizations.includes(t.organization));
    if (!team) throw notFound("Team");
    requireTeamAdmin(ctx, team.organization);
    return { team, patch: teamFields(ctx, items.get(id) ?? {}, team.organization) };
  });
  for (const { team, patch } of plan) {
    const { settings, ...rest } = patch;
    Object.assign(team, rest);
    team.settings = { ...team.settings, ...settings };
  }
  return json({ teams: plan.map(({ team }) => teamView(team, true)) });
};
