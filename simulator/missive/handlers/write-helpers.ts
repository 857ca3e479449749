/**
 * Pieces shared by the endpoints that write into conversations: participants, file attachments and
 * "append to this conversation, or the one matching these references, or a new one".
 */
import type { HandlerContext } from "../context";
import { badRequest } from "../http";
import type { Attachment, Conversation, Participant } from "../model";
import { isRecord, type JsonObject, optString, optStringArray } from "../params";
import { requireFullConversation } from "../visibility";
import { conversationByReferences } from "./conversations";

const PARTICIPANT_KEYS = ["name", "address", "phone_number", "id", "username"] as const;
const MEDIA_TYPES: Record<string, [string, string]> = {
  pdf: ["application", "pdf"],
  png: ["image", "png"],
  jpg: ["image", "jpeg"],
  jpeg: ["image", "jpeg"],
  gif: ["image", "gif"],
  txt: ["text", "plain"],
  csv: ["text", "csv"],
  html: ["text", "html"],
};

/** One participant object (only string fields Missive knows are kept). */
export function parseParticipant(value: unknown, field: string): Participant {
  if (!isRecord(value)) throw badRequest(`'${field}' must be an object`);
  const p: Participant = {};
  for (const k of PARTICIPANT_KEYS) {
    const v = optString(value, k);
    if (v !== undefined) p[k] = v;
  }
  return p;
}

/** An optional array of participants. */
export function parseParticipants(input: JsonObject, field: string): Participant[] {
  const v = input[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`'${field}' must be an array`);
  return v.map((p, i) => parseParticipant(p, `${field}[${i}]`));
}

/** File attachments `[{base64_data, filename, id?}]`; `id` is the temporary inline reference, if any. */
export function parseFileAttachments(
  ctx: HandlerContext,
  input: JsonObject,
): (Attachment & { ref?: string })[] {
  const v = input.attachments;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest("'attachments' must be an array");
  return v.map((raw, i) => {
    if (!isRecord(raw)) throw badRequest(`attachments[${i}] must be an object`);
    const data = optString(raw, "base64_data");
    const filename = optString(raw, "filename");
    if (!data || !filename) throw badRequest(`attachments[${i}]: 'base64_data' and 'filename' are required`);
    if (!/^[A-Za-z0-9+/=\s]+$/.test(data))
      throw badRequest(`attachments[${i}]: 'base64_data' is not valid base64`);
    const extension = filename.includes(".") ? (filename.split(".").pop() ?? "").toLowerCase() : "";
    const [media_type, sub_type] = MEDIA_TYPES[extension] ?? ["application", "octet-stream"];
    const id = ctx.newId();
    const clean = data.replace(/\s/g, "");
    const size = Math.floor((clean.length * 3) / 4) - (clean.match(/=+$/)?.[0].length ?? 0);
    const ref = optString(raw, "id");
    return {
      id,
      filename,
      extension,
      url: `https://files.missive.test/${id}/${encodeURIComponent(filename)}`,
      media_type,
      sub_type,
      size,
      ...(ref ? { ref } : {}),
    };
  });
}

/** Strips the internal `ref` of parsed attachments. */
export function storedAttachments(list: (Attachment & { ref?: string })[]): Attachment[] {
  return list.map(({ ref: _ref, ...a }) => a);
}

/** Plain-text preview of an HTML body. */
export function previewOf(body: string): string {
  return body
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
}

/** Options of a newly created conversation. */
export interface NewConversation {
  organization: string | null;
  users: string[];
  subject: string | null;
}

/**
 * The conversation to write into: `conversation` (must be visible), else the first whose messages
 * match `references`, else a new one.
 */
export function targetConversation(
  ctx: HandlerContext,
  input: JsonObject,
  fresh: NewConversation,
): Conversation {
  const id = optString(input, "conversation");
  if (id) return requireFullConversation(ctx.data, ctx.user, id);
  const refs = optStringArray(input, "references");
  if (refs && refs.length > 0) {
    const found = conversationByReferences(ctx, refs, fresh.organization ?? undefined);
    if (found) return found;
  }
  const users = [...new Set([ctx.user.id, ...fresh.users])];
  const conv: Conversation = {
    id: ctx.newId(),
    created_at: ctx.nowSec,
    subject: fresh.subject,
    organization: fresh.organization,
    team: null,
    color: null,
    assignees: [],
    users,
    guests: [],
    flags: {},
    closed: false,
    shared_labels: [],
    last_activity_at: ctx.nowSec,
    merged_into: null,
  };
  ctx.data.conversations.push(conv);
  return conv;
}
