/**
 * Output of contacts, tasks, teams and canned responses.
 */
import type { CannedResponse, Contact, Task, Team } from "../model";
import type { SimulatorData } from "../state";
import { authorView } from "./entries";

/** A contact with `infos` and expanded membership groups. */
export function contactView(data: SimulatorData, c: Contact): Record<string, unknown> {
  return {
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    ...c.details,
    starred: c.starred,
    contact_book: c.contact_book,
    deleted: c.deleted,
    modified_at: c.modified_at,
    infos: c.infos,
    memberships: c.memberships.map(({ group, ...rest }) => {
      const g = data.contactGroups.find((x) => x.id === group);
      return { ...rest, group: { id: group, kind: g?.kind ?? "group", name: g?.name ?? "" } };
    }),
  };
}

/** What `include_deleted=true` shows of a deleted contact. */
export function deletedContactView(c: Contact): Record<string, unknown> {
  return { id: c.id, deleted: true, modified_at: c.modified_at };
}

/** A task in `GET /tasks`: ids for assignees and team. */
export function taskListView(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    conversation: t.conversation,
    title: t.title,
    description: t.description,
    state: t.state,
    started_at: t.started_at,
    closed_at: t.closed_at,
    assignees: t.assignees,
    team: t.team,
    due_at: t.due_at,
    type: t.type,
    last_activity_at: t.last_activity_at,
  };
}

/** A task in `GET /tasks/:id`: assignees and team expanded into objects. */
export function taskDetailView(data: SimulatorData, t: Task): Record<string, unknown> {
  const team = t.team ? data.teams.find((x) => x.id === t.team) : undefined;
  return {
    ...taskListView(t),
    assignees: t.assignees.map((id) => authorView(data, id)),
    team: team ? { id: team.id, name: team.name, organization: team.organization } : null,
  };
}

/** A task as `POST`/`PATCH /tasks` answer it. */
export function taskWriteView(t: Task): Record<string, unknown> {
  const { id, conversation, title, description, state, assignees, team, due_at } = t;
  return { id, conversation, title, description, state, assignees, team, due_at };
}

/** A team; `full` adds the settings fields that create and update answers carry. */
export function teamView(t: Team, full: boolean): Record<string, unknown> {
  const base = {
    id: t.id,
    name: t.name,
    organization: t.organization,
    active_members: t.active_members,
    observers: t.observers,
  };
  return full ? { ...base, ...t.settings } : base;
}

/** A canned response; `external_*` appear only when set. */
export function responseView(r: CannedResponse): Record<string, unknown> {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    subject: r.subject,
    organization: r.organization,
    user: r.user,
    share_with_team: r.share_with_team,
    modified_at: r.modified_at,
    to_fields: r.to_fields,
    cc_fields: r.cc_fields,
    bcc_fields: r.bcc_fields,
    shared_labels: r.shared_labels,
    ...(r.external_id !== null ? { external_id: r.external_id } : {}),
    ...(r.external_source !== null ? { external_source: r.external_source } : {}),
    attachments: r.attachments,
  };
}
