/**
 * Issue comment routes: list and create on an issue (or pull request), and get, update and delete
 * one comment by its repository-wide id. Lists are in ascending id order, as on GitHub.
 */
import { GithubError, json, notFound } from "../http.js";
import type { Comment } from "../model.js";
import { commentView } from "../views/issues.js";
import { callIssue } from "./issues.js";
import {
  archived,
  type Call,
  callRepo,
  invalidRequest,
  listResponse,
  objectBody,
  queryTime,
  type Route,
} from "./shared.js";

const DOCS = "https://docs.github.com/rest/issues/comments";

/** The required, non-empty `body` of a comment. */
function commentBody(call: Call): string {
  const body = objectBody(call).body;
  if (body === undefined || body === null || body === "") {
    throw new GithubError(422, "Validation Failed", call.docs, [
      { resource: "IssueComment", code: "missing_field", field: "body" },
    ]);
  }
  if (typeof body !== "string")
    throw invalidRequest(call, `For 'properties/body', ${JSON.stringify(body)} is not a string.`);
  return body;
}

/** The comment `comment_id` of the call's repository, or 404. */
function callComment(call: Call): Comment {
  const repo = callRepo(call);
  const id = call.params.comment_id ?? "";
  const comment = /^\d+$/.test(id)
    ? call.data.comments.find((c) => c.repoId === repo.id && c.id === Number(id))
    : undefined;
  if (!comment) throw notFound(call.docs);
  if (repo.archived && call.method !== "GET") throw archived(call);
  return comment;
}

function list(call: Call): Response {
  const { issue } = callIssue(call, call.params.issue_number);
  const since = queryTime(call, "since", "IssueComment");
  const comments = call.data.comments
    .filter((c) => c.repoId === issue.repoId && c.issueNumber === issue.number)
    .filter((c) => since === undefined || c.updatedAt >= since)
    .sort((a, b) => a.id - b.id);
  return listResponse(call, comments, (c) => commentView(c, call.view));
}

function create(call: Call): Response {
  const { repo, issue } = callIssue(call, call.params.issue_number);
  if (repo.archived) throw archived(call);
  const body = commentBody(call);
  const comment: Comment = {
    id: call.data.nextId.comment++,
    repoId: repo.id,
    issueNumber: issue.number,
    user: call.user.login,
    body,
    createdAt: call.now,
    updatedAt: call.now,
  };
  call.data.comments.push(comment);
  issue.updatedAt = call.now;
  const view = commentView(comment, call.view);
  return json(view, 201, { location: String(view.url) });
}

/** The comment routes. */
export const COMMENT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    operationId: "issues/list-comments",
    docs: `${DOCS}#list-issue-comments`,
    resource: "core",
    handler: list,
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    operationId: "issues/create-comment",
    docs: `${DOCS}#create-an-issue-comment`,
    resource: "core",
    handler: create,
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    operationId: "issues/get-comment",
    docs: `${DOCS}#get-an-issue-comment`,
    resource: "core",
    handler: (call) => json(commentView(callComment(call), call.view)),
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    operationId: "issues/update-comment",
    docs: `${DOCS}#update-an-issue-comment`,
    resource: "core",
    handler: (call) => {
      const comment = callComment(call);
      comment.body = commentBody(call);
      comment.updatedAt = call.now;
      return json(commentView(comment, call.view));
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    operationId: "issues/delete-comment",
    docs: `${DOCS}#delete-an-issue-comment`,
    resource: "core",
    handler: (call) => {
      const comment = callComment(call);
      call.data.comments.splice(call.data.comments.indexOf(comment), 1);
      return new Response(null, { status: 204 });
    },
  },
];
