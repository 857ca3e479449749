/**
 * Tasks (§12): `until`-paged list, get (expanded), create and single-id update.
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, json, notFound } from "../http";
import type { Task, TaskState } from "../model";
import { untilPage } from "../pagination";
import {
  envelopeObject,
  type JsonObject,
  maxLength,
  optBool,
  optInt,
  optString,
  optStringArray,
  queryInt,
  queryString,
  reqString,
} from "../params";
import { taskDetailView, taskListView, taskWriteView } from "../views/records";
import { canSeeTask, requireOrganization } from "../visibility";
import { targetConversation } from "./write-helpers";

const STATES: readonly TaskState[] = ["todo", "in_progress", "closed"];

function parseState(value: string | undefined): TaskState | undefined {
  if (value !== undefined && !STATES.includes(value as TaskState)) {
    throw badRequest("'state' must be one of todo, in_progress, closed");
  }
  return value as TaskState | undefined;
}

/** Checks team and assignees against the organization. */
function checkPeople(ctx: HandlerContext, organization: string, team?: string, assignees?: string[]): void {
  if (team !== undefined) {
    const t = ctx.data.teams.find((x) => x.id === team);
    if (!t || t.organization !== organization) throw notFound("Team");
  }
  for (const id of assignees ?? []) {
    const u = ctx.data.users.find((x) => x.id === id);
    if (!u?.organizations.includes(organization)) throw badRequest(`Unknown user: ${id}`);
  }
}

function requireTask(ctx: HandlerContext, id: string): Task {
  const task = ctx.data.tasks.find((t) => t.id === id);
  if (!task || !canSeeTask(ctx.data, ctx.user, task)) throw notFound("Task");
  return task;
}

/** `GET /tasks`: newest `last_activity_at` first; limit default 25, min 2, max 50; `until` inclusive. */
export const listTasks: Handler = (ctx) => {
  const q = ctx.query;
  const state = parseState(queryString(q, "state"));
  const type = queryString(q, "type") ?? "all";
  if (!["task", "conversation", "all"].includes(type))
    throw badRequest("'type' must be task, conversation or all");
  const filters: ((t: Task) => boolean)[] = [(t) => canSeeTask(ctx.data, ctx.user, t)];
  const eq = (name: string, get: (t: Task) => string | null) => {
    const v = queryString(q, name);
    if (v !== undefined) filters.push((t) => get(t) === v);
  };
  eq("organization", (t) => t.organization);
  eq("team", (t) => t.team);
  eq("conversation", (t) => t.conversation);
  const assignee = queryString(q, "assignee");
  if (assignee) filters.push((t) => t.assignees.includes(assignee));
  if (state) filters.push((t) => t.state === state);
  if (type !== "all") filters.push((t) => t.type === type);
  const gteq = queryInt(q, "due_at_gteq");
  const lteq = queryInt(q, "due_at_lteq");
  if (gteq !== undefined) filters.push((t) => t.due_at !== null && t.due_at >= gteq);
  if (lteq !== undefined) filters.push((t) => t.due_at !== null && t.due_at <= lteq);
  const matches = ctx.data.tasks.filter((t) => filters.every((f) => f(t)));
  const page = untilPage(matches, (t) => t.last_activity_at, q, { defaultLimit: 25, maxLimit: 50 });
  return json({ tasks: page.map(taskListView) });
};

/** `GET /tasks/:id`: an object, with assignees and team expanded. */
export const getTask: Handler = (ctx) =>
  json({ tasks: taskDetailView(ctx.data, requireTask(ctx, ctx.params.id ?? "")) });

function stateTimes(task: Task, state: TaskState, now: number): void {
  if (state !== "todo" && task.started_at === null) task.started_at = now;
  task.closed_at = state === "closed" ? (task.closed_at ?? now) : null;
  task.state = state;
}

/** `POST /tasks`: a standalone task needs `team` or `assignees`; a subtask needs a parent conversation. */
export const createTask: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "tasks");
  const title = reqString(input, "title");
  maxLength(title, "title", 1000);
  const description = optString(input, "description");
  maxLength(description, "description", 10_000);
  const state = parseState(optString(input, "state")) ?? "todo";
  const organization = optString(input, "organization");
  const team = optString(input, "team");
  const assignees = optStringArray(input, "assignees");
  const addUsers = optStringArray(input, "add_users");
  for (const [field, v] of [
    ["team", team],
    ["assignees", assignees],
    ["add_users", addUsers],
  ] as const) {
    if (v !== undefined && organization === undefined) {
      throw badRequest(`'organization' is required when '${field}' is defined`);
    }
  }
  if (organization) {
    requireOrganization(ctx.user, organization);
    checkPeople(ctx, organization, team, [...(assignees ?? []), ...(addUsers ?? [])]);
  }
  const subtask = optBool(input, "subtask") ?? false;
  let conversation: string | null = null;
  if (subtask) {
    if (!optString(input, "conversation") && !optStringArray(input, "references")?.length) {
      throw badRequest("'conversation' or 'references' is required for a subtask");
    }
    const conv = targetConversation(ctx, input, {
      organization: organization ?? null,
      users: addUsers ?? [],
      subject: optString(input, "conversation_subject") ?? null,
    });
    for (const id of addUsers ?? []) if (!conv.users.includes(id)) conv.users.push(id);
    conversation = conv.id;
  } else if (team === undefined && !assignees?.length) {
    throw badRequest("A standalone task needs 'team' or 'assignees'");
  }
  const task: Task = {
    id: ctx.newId(),
    conversation,
    organization: organization ?? null,
    title,
    description: description ?? null,
    state: "todo",
    started_at: null,
    closed_at: null,
    assignees: assignees ?? [],
    team: team ?? null,
    due_at: optInt(input, "due_at") ?? null,
    type: "task",
    last_activity_at: ctx.nowSec,
    created_at: ctx.nowSec,
  };
  stateTimes(task, state, ctx.nowSec);
  ctx.data.tasks.push(task);
  return json({ tasks: taskWriteView(task) }, 201);
};

/** `PATCH /tasks/:id`: single id only; `assignees` replaces the list. */
export const updateTask: Handler = (ctx) => {
  const id = ctx.params.id ?? "";
  if (id.includes(",")) throw badRequest("Invalid resource ID(s)");
  const task = requireTask(ctx, id);
  const input: JsonObject = envelopeObject(ctx.body, "tasks");
  const title = optString(input, "title");
  maxLength(title, "title", 1000);
  const description = optString(input, "description");
  maxLength(description, "description", 10_000);
  const state = parseState(optString(input, "state"));
  const team = optString(input, "team");
  const assignees = optStringArray(input, "assignees");
  const org = task.organization ?? ctx.user.organizations[0] ?? "";
  checkPeople(ctx, org, team, assignees);
  if (title !== undefined) task.title = title;
  if (description !== undefined) task.description = description;
  if (team !== undefined) task.team = team;
  if (assignees !== undefined) task.assignees = assignees;
  if (input.due_at !== undefined) task.due_at = optInt(input, "due_at") ?? null;
  if (state) stateTimes(task, state, ctx.nowSec);
  task.last_activity_at = ctx.nowSec;
  return json({ tasks: taskWriteView(task) });
};
