/**
 * The route table: the 42 method + path rows of missive-api.md §2, served under `/v1`. Unknown paths
 * answer 404, known paths with another method 405.
 */
import type { Handler, HandlerContext } from "./context";
import { createReport, getReport } from "./handlers/analytics";
import {
  createContacts,
  getContact,
  listContactBooks,
  listContactGroups,
  listContacts,
  updateContacts,
} from "./handlers/contacts";
import {
  getConversation,
  listConversations,
  mergeConversation,
  updateConversations,
} from "./handlers/conversations";
import { createTeams, listOrganizations, listTeams, listUsers, updateTeams } from "./handlers/directory";
import { createDraft, deleteDraft } from "./handlers/drafts";
import { listComments, listDrafts, listMessages, listPosts } from "./handlers/entries";
import { createHook, deleteHook } from "./handlers/hooks";
import { createMessage, findMessages, getMessages } from "./handlers/messages";
import { createPost, deletePost } from "./handlers/posts";
import {
  createResponses,
  deleteResponses,
  getResponse,
  listResponses,
  updateResponses,
} from "./handlers/responses";
import { createSharedLabels, listSharedLabels, updateSharedLabels } from "./handlers/shared-labels";
import { createTask, getTask, listTasks, updateTask } from "./handlers/tasks";
import { badRequest, errorResponse, HttpError } from "./http";

/** One row of the route table: method, path pattern below `/v1` (`:name` captures a segment), handler. */
export type Route = readonly [method: string, pattern: string, handler: Handler];

/** Every Missive endpoint the simulator serves, in the order of the reference's endpoint index. */
export const ROUTES: readonly Route[] = [
  ["POST", "/analytics/reports", createReport],
  ["GET", "/analytics/reports/:id", getReport],
  ["POST", "/contacts", createContacts],
  ["PATCH", "/contacts/:ids", updateContacts],
  ["GET", "/contacts", listContacts],
  ["GET", "/contacts/:id", getContact],
  ["GET", "/contact_books", listContactBooks],
  ["GET", "/contact_groups", listContactGroups],
  ["GET", "/conversations", listConversations],
  ["GET", "/conversations/:id", getConversation],
  ["PATCH", "/conversations/:ids", updateConversations],
  ["GET", "/conversations/:id/messages", listMessages],
  ["GET", "/conversations/:id/comments", listComments],
  ["GET", "/conversations/:id/drafts", listDrafts],
  ["GET", "/conversations/:id/posts", listPosts],
  ["POST", "/conversations/:id/merge", mergeConversation],
  ["POST", "/drafts", createDraft],
  ["DELETE", "/drafts/:id", deleteDraft],
  ["POST", "/messages", createMessage],
  ["GET", "/messages/:ids", getMessages],
  ["GET", "/messages", findMessages],
  ["GET", "/organizations", listOrganizations],
  ["GET", "/responses", listResponses],
  ["GET", "/responses/:id", getResponse],
  ["POST", "/responses", createResponses],
  ["PATCH", "/responses/:ids", updateResponses],
  ["DELETE", "/responses/:ids", deleteResponses],
  ["POST", "/posts", createPost],
  ["DELETE", "/posts/:id", deletePost],
  ["POST", "/shared_labels", createSharedLabels],
  ["PATCH", "/shared_labels/:ids", updateSharedLabels],
  ["GET", "/shared_labels", listSharedLabels],
  ["GET", "/teams", listTeams],
  ["POST", "/teams", createTeams],
  ["PATCH", "/teams/:ids", updateTeams],
  ["GET", "/users", listUsers],
  ["GET", "/tasks", listTasks],
  ["GET", "/tasks/:id", getTask],
  ["POST", "/tasks", createTask],
  ["PATCH", "/tasks/:id", updateTask],
  ["POST", "/hooks", createHook],
  ["DELETE", "/hooks/:id", deleteHook],
];

/** Missive caps JSON payloads at 10 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function match(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const seg = segments[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = seg;
    else if (part !== seg) return undefined;
  }
  return params;
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new HttpError(413, "Payload too large (maximum is 10 MB)");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Invalid JSON body");
  }
}

/** Routes an authenticated `/v1` request; `path` is the part after `/v1`. */
export async function dispatch(
  request: Request,
  path: string,
  base: Omit<HandlerContext, "params" | "body">,
): Promise<Response> {
  const segments = path.split("/").filter(Boolean);
  const candidates = ROUTES.map((r) => ({ route: r, params: match(r[1], segments) })).filter((c) => c.params);
  if (candidates.length === 0) return errorResponse(404, "Not found");
  const hit = candidates.find((c) => c.route[0] === request.method);
  if (!hit?.params) {
    const allow = [...new Set(candidates.map((c) => c.route[0]))].join(", ");
    return errorResponse(405, "Method not allowed", { Allow: allow });
  }
  const body = request.method === "POST" || request.method === "PATCH" ? await readBody(request) : undefined;
  return hit.route[2]({ ...base, params: hit.params, body });
}
