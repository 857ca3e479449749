/**
 * Issue routes: list (with GitHub's filters; pull requests included, as GitHub lists them), create,
 * get, update, and add labels. Writes require only that the token's user sees the repository.
 */
import { GithubError, json, notFound } from "../http.js";
import { type Issue, type Repo, repoIssues } from "../model.js";
import { issueView, label } from "../views/issues.js";
import { checkMilestone, readAssignees, readLabels, readText, readTitle } from "./issue-input.js";
import {
  archived,
  type Call,
  callRepo,
  compare,
  invalidRequest,
  listResponse,
  objectBody,
  queryTime,
  type Route,
} from "./shared.js";

/** The issue (or pull request) `number` of the call's repository, or 404. */
export function callIssue(call: Call, number: string | undefined): { repo: Repo; issue: Issue } {
  const repo = callRepo(call);
  const issue = /^\d+$/.test(number ?? "")
    ? repoIssues(call.data, repo).find((i) => i.number === Number(number))
    : undefined;
  if (!issue) throw notFound(call.docs);
  return { repo, issue };
}

function commentCount(call: Call, issue: Issue): number {
  return call.data.comments.filter((c) => c.repoId === issue.repoId && c.issueNumber === issue.number).length;
}

function listForRepo(call: Call): Response {
  const repo = callRepo(call);
  const q = call.query;
  const state = q.get("state") ?? "open";
  const labels = (q.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const labelIds = labels.map((n) => repo.labels.find((l) => l.name.toLowerCase() === n)?.id ?? -1);
  const assignee = q.get("assignee");
  const creator = q.get("creator")?.toLowerCase();
  const mentioned = q.get("mentioned")?.toLowerCase();
  const milestone = q.get("milestone");
  const since = queryTime(call, "since", "Issue");
  const items = repoIssues(call.data, repo).filter((i) => {
    if (state !== "all" && i.state !== state) return false;
    if (!labelIds.every((id) => i.labelIds.includes(id))) return false;
    if (assignee === "none" && i.assignees.length > 0) return false;
    if (assignee === "*" && i.assignees.length === 0) return false;
    if (
      assignee &&
      assignee !== "none" &&
      assignee !== "*" &&
      !i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())
    )
      return false;
    if (creator && i.user.toLowerCase() !== creator) return false;
    if (mentioned && !(i.body ?? "").toLowerCase().includes(`@${mentioned}`)) return false;
    // No milestones are seeded: `none` keeps every issue, `*` or a number none.
    if (milestone !== null && milestone !== "none") return false;
    return since === undefined || i.updatedAt >= since;
  });
  const sort = q.get("sort") ?? "created";
  const direction = q.get("direction") ?? "desc";
  const key = (i: Issue) =>
    sort === "updated" ? i.updatedAt : sort === "comments" ? commentCount(call, i) : i.createdAt;
  items.sort((a, b) => compare(key(a), key(b), direction) || compare(a.number, b.number, direction));
  return listResponse(call, items, (i) => issueView(i, call.view));
}

function create(call: Call): Response {
  const repo = callRepo(call);
  if (repo.archived) throw archived(call);
  const body = objectBody(call);
  const title = readTitle(call, body.title);
  const text = readText(call, "body", body.body);
  checkMilestone(call, body.milestone);
  const assignees = readAssignees(call, call.data, repo, body.assignees, body.assignee) ?? [];
  const labelIds = readLabels(call, call.data, repo, body.labels) ?? [];
  const issue: Issue = {
    id: call.data.nextId.issue++,
    repoId: repo.id,
    number: repo.nextNumber++,
    title,
    body: text ?? null,
    user: call.user.login,
    state: "open",
    stateReason: null,
    labelIds,
    assignees,
    locked: false,
    createdAt: call.now,
    updatedAt: call.now,
    closedAt: null,
    closedBy: null,
    pull: null,
  };
  call.data.issues.push(issue);
  const view = issueView(issue, call.view, true);
  return json(view, 201, { location: String(view.url) });
}

function update(call: Call): Response {
  const { repo, issue } = callIssue(call, call.params.issue_number);
  if (repo.archived) throw archived(call);
  const body = objectBody(call);
  if ("title" in body) issue.title = readTitle(call, body.title);
  const text = readText(call, "body", body.body);
  if (text !== undefined) issue.body = text;
  if ("milestone" in body) checkMilestone(call, body.milestone);
  const assignees = readAssignees(call, call.data, repo, body.assignees, body.assignee);
  if (assignees !== undefined) issue.assignees = assignees;
  const labelIds = readLabels(call, call.data, repo, body.labels);
  if (labelIds !== undefined) issue.labelIds = labelIds;
  const reasons = ["completed", "not_planned", "duplicate", "reopened"];
  if (
    body.state_reason !== undefined &&
    body.state_reason !== null &&
    !reasons.includes(String(body.state_reason))
  ) {
    throw invalidRequest(
      call,
      `For 'properties/state_reason', ${JSON.stringify(body.state_reason)} is not a valid value.`,
    );
  }
  if (body.state !== undefined) {
    if (body.state !== "open" && body.state !== "closed") {
      throw new GithubError(422, "Validation Failed", call.docs, [
        { resource: "Issue", field: "state", code: "invalid", value: body.state },
      ]);
    }
    if (body.state === "closed" && issue.state === "open") {
      issue.closedAt = call.now;
      issue.closedBy = call.user.login;
      issue.stateReason = issue.pull ? null : ((body.state_reason as Issue["stateReason"]) ?? "completed");
    } else if (body.state === "open" && issue.state === "closed") {
      issue.closedAt = null;
      issue.stateReason = issue.pull ? null : "reopened";
    }
    issue.state = body.state;
  }
  issue.updatedAt = call.now;
  return json(issueView(issue, call.view, true));
}

/** `POST …/labels` takes `{"labels":[…]}` or a bare array, of names or `{name}` objects. */
function addLabels(call: Call): Response {
  const { repo, issue } = callIssue(call, call.params.issue_number);
  if (repo.archived) throw archived(call);
  const raw = Array.isArray(call.body) ? call.body : objectBody(call).labels;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new GithubError(422, "Validation Failed", call.docs, [
      { resource: "Label", field: "labels", code: "missing_field" },
    ]);
  }
  const ids = readLabels(call, call.data, repo, raw) ?? [];
  issue.labelIds = [...issue.labelIds, ...ids.filter((id) => !issue.labelIds.includes(id))];
  issue.updatedAt = call.now;
  const labels = repo.labels.filter((l) => issue.labelIds.includes(l.id));
  return json(labels.map((l) => label(l, repo, call.view)));
}

const ISSUES_DOCS = "https://docs.github.com/rest/issues/issues";

/** The issue routes. */
export const ISSUE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues",
    operationId: "issues/list-for-repo",
    docs: `${ISSUES_DOCS}#list-repository-issues`,
    resource: "core",
    handler: listForRepo,
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues",
    operationId: "issues/create",
    docs: `${ISSUES_DOCS}#create-an-issue`,
    resource: "core",
    handler: create,
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}",
    operationId: "issues/get",
    docs: `${ISSUES_DOCS}#get-an-issue`,
    resource: "core",
    handler: (call) => json(issueView(callIssue(call, call.params.issue_number).issue, call.view, true)),
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/{issue_number}",
    operationId: "issues/update",
    docs: `${ISSUES_DOCS}#update-an-issue`,
    resource: "core",
    handler: update,
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    operationId: "issues/add-labels",
    docs: "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue",
    resource: "core",
    handler: addLabels,
  },
];
