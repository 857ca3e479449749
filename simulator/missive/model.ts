/**
 * The simulator's internal records. They hold ids (not expanded objects); `views/*` turns them into the
 * JSON Missive answers with, so one fact lives in one place.
 */

/** An organization (`GET /organizations`). */
export interface Organization {
  id: string;
  name: string;
}

/** A user; `organizations` and `adminOf` drive visibility and admin-only operations. */
export interface User {
  id: string;
  name: string;
  email: string;
  avatar_url: string;
  organizations: string[];
  adminOf: string[];
}

/** A team; `settings` keeps the optional create/update fields (emoji, business_hours, …) verbatim. */
export interface Team {
  id: string;
  name: string;
  organization: string;
  active_members: string[];
  observers: string[];
  settings: Record<string, unknown>;
}

/** A shared label; `name_with_parent_names` is computed from `parent` at read time. */
export interface SharedLabel {
  id: string;
  name: string;
  color: string | null;
  parent: string | null;
  organization: string;
  share_with_organization: boolean;
  share_with_team: string | null;
  share_with_users: string[];
  visibility: "organization" | "delegates";
}

/** A contact book; `organization` is null for a personal book owned by `user`. */
export interface ContactBook {
  id: string;
  user: string;
  share_with_organization: boolean;
  share_with_team: string | null;
  share_with_users: string[];
  organization: string | null;
  name: string;
  description: string | null;
}

/** A contact group or contact organization, scoped to one contact book. */
export interface ContactGroup {
  id: string;
  contact_book: string;
  kind: "group" | "organization";
  name: string;
}

/** A contact info item as accepted and returned (`kind`, `label`, `value` or `name`, address parts, …). */
export type ContactInfo = Record<string, string>;

/** A membership; `group` is a ContactGroup id, expanded on output. */
export interface Membership {
  group: string;
  title?: string;
  location?: string;
  department?: string;
  description?: string;
}

/** A contact; `details` holds the optional scalar fields (middle_name, notes, gender, …). */
export interface Contact {
  id: string;
  contact_book: string;
  first_name: string | null;
  last_name: string | null;
  starred: boolean;
  deleted: boolean;
  modified_at: number;
  infos: ContactInfo[];
  memberships: Membership[];
  details: Record<string, string>;
}

/** Per-user mailbox flags of a conversation. */
export interface UserFlags {
  archived: boolean;
  trashed: boolean;
  junked: boolean;
  snoozed: boolean;
  flagged: boolean;
}

/**
 * A conversation. `users` have full access, `guests` see only `{id, last_activity_at}`.
 * `merged_into` is set on a merged-away source; its id keeps resolving to the survivor.
 */
export interface Conversation {
  id: string;
  created_at: number;
  subject: string | null;
  organization: string | null;
  team: string | null;
  color: string | null;
  assignees: string[];
  users: string[];
  guests: string[];
  flags: Record<string, UserFlags>;
  closed: boolean;
  shared_labels: string[];
  last_activity_at: number;
  merged_into: string | null;
}

/** A participant of a message: email (`name`, `address`), SMS (`phone_number`) or custom channel. */
export interface Participant {
  name?: string;
  address?: string;
  phone_number?: string;
  id?: string;
  username?: string;
}

/** A file attachment as Missive describes it. */
export interface Attachment {
  id: string;
  filename: string;
  extension: string;
  url: string;
  media_type: string;
  sub_type: string;
  size: number;
  width?: number;
  height?: number;
}

/** A delivered message (drafts live in {@link Draft}). */
export interface Message {
  id: string;
  conversation: string;
  type: string;
  subject: string | null;
  preview: string;
  body: string;
  delivered_at: number;
  created_at: number;
  updated_at: number;
  email_message_id: string | null;
  in_reply_to: string[];
  references: string[];
  from_field: Participant;
  to_fields: Participant[];
  cc_fields: Participant[];
  bcc_fields: Participant[];
  reply_to_fields: Participant[];
  attachments: Attachment[];
  external_id: string | null;
  account: string | null;
}

/** A draft (never delivered); paged by `created_at` because its `delivered_at` is null. */
export interface Draft extends Omit<Message, "delivered_at"> {
  author: string;
  send_at: number | null;
  auto_followup: boolean;
}

/** An internal comment; `author` is a user id, `task` a Task id. */
export interface Comment {
  id: string;
  conversation: string;
  body: string;
  created_at: number;
  mentions: { id: string; index: number; length: number }[];
  author: string;
  attachment: Attachment | null;
  task: string | null;
}

/** A post injected by an integration. */
export interface Post {
  id: string;
  conversation: string;
  created_at: number;
  author: string;
  username: string | null;
  username_icon: string | null;
  notification: { title: string; body: string } | null;
  text: string | null;
  markdown: string | null;
  attachments: Record<string, unknown>[];
}

/** Task states. */
export type TaskState = "todo" | "in_progress" | "closed";

/** A task; `type: "conversation"` marks a tasked conversation, `"task"` a standalone task or subtask. */
export interface Task {
  id: string;
  conversation: string | null;
  organization: string | null;
  title: string;
  description: string | null;
  state: TaskState;
  started_at: number | null;
  closed_at: number | null;
  assignees: string[];
  team: string | null;
  due_at: number | null;
  type: "task" | "conversation";
  last_activity_at: number;
  created_at: number;
}

/** A canned response; `external` marks one created by an integration (not updatable or deletable). */
export interface CannedResponse {
  id: string;
  title: string;
  body: string;
  subject: string | null;
  organization: string | null;
  user: string | null;
  share_with_team: string | null;
  modified_at: number;
  to_fields: Participant[];
  cc_fields: Participant[];
  bcc_fields: Participant[];
  shared_labels: string[];
  external_id: string | null;
  external_source: string | null;
  external: boolean;
  attachments: Attachment[];
}

/** A webhook subscription (a rule with a webhook action). */
export interface Hook {
  id: string;
  user: string;
  type: string;
  url: string;
  organization: string | null;
  conditions: Record<string, unknown>;
}

/** An analytics report; it answers only between `readyAtMs` and `expiresAtMs`. */
export interface Report {
  id: string;
  user: string;
  organization: string;
  start: number;
  end: number;
  time_zone: string | null;
  filters: Record<string, string[]>;
  readyAtMs: number;
  expiresAtMs: number;
}

/** A sender identity of a user, checked by `POST /drafts`. */
export interface Alias {
  user: string;
  address?: string;
  name?: string;
  phone_number?: string;
  type?: string;
}

/** A channel account; only `custom` accounts accept `POST /messages`. */
export interface Account {
  id: string;
  type: "email" | "custom" | "sms";
  name: string;
  organization: string | null;
  users: string[];
}
