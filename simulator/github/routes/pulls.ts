/**
 * Pull request routes: list (`state`, `head` as `user:ref`, `base`, `sort`, `direction`) and get.
 * Pull requests are the issues that carry pull request data, numbered with them.
 */
import { json, notFound } from "../http.js";
import { type Issue, repoIssues } from "../model.js";
import { pullSimple, pullView } from "../views/issues.js";
import { callIssue } from "./issues.js";
import { type Call, callRepo, compare, listResponse, type Route } from "./shared.js";

const DOCS = "https://docs.github.com/rest/pulls/pulls";

function list(call: Call): Response {
  const repo = callRepo(call);
  const q = call.query;
  const state = q.get("state") ?? "open";
  const head = q.get("head");
  const base = q.get("base");
  const pulls = repoIssues(call.data, repo).filter((i) => {
    if (!i.pull) return false;
    if (state !== "all" && i.state !== state) return false;
    if (head) {
      const [user, ref] = head.includes(":") ? head.split(":", 2) : [repo.owner, head];
      if (user?.toLowerCase() !== repo.owner.toLowerCase() || ref !== i.pull.headRef) return false;
    }
    return !base || i.pull.baseRef === base;
  });
  const sort = q.get("sort") ?? "created";
  const direction = q.get("direction") ?? "desc";
  const key = (i: Issue): number =>
    sort === "updated"
      ? i.updatedAt
      : sort === "popularity"
        ? call.data.comments.filter((c) => c.repoId === i.repoId && c.issueNumber === i.number).length
        : sort === "long-running"
          ? (i.closedAt ?? call.now) - i.createdAt
          : i.createdAt;
  pulls.sort((a, b) => compare(key(a), key(b), direction) || compare(a.number, b.number, direction));
  return listResponse(call, pulls, (i) => pullSimple(i, call.view));
}

/** The pull request routes. */
export const PULL_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls",
    operationId: "pulls/list",
    docs: `${DOCS}#list-pull-requests`,
    resource: "core",
    handler: list,
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    operationId: "pulls/get",
    docs: `${DOCS}#get-a-pull-request`,
    resource: "core",
    handler: (call) => {
      const { issue } = callIssue(call, call.params.pull_number);
      if (!issue.pull) throw notFound(call.docs);
      return json(pullView(issue, call.view));
    },
  },
];
