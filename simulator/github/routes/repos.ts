/**
 * Repository routes: the three repository lists, `GET /repos/{owner}/{repo}` and the repository's
 * labels. Lists sort by `full_name` ascending unless `sort` says otherwise (then descending by
 * default), as GitHub documents.
 */
import { GithubError, json, notFound } from "../http.js";
import { findAccount, type Repo } from "../model.js";
import { label } from "../views/issues.js";
import { fullRepository, minimalRepository, repository } from "../views/repos.js";
import { canPush, canSee } from "../visibility.js";
import { type Call, callRepo, compare, listResponse, queryTime, type Route } from "./shared.js";

function sorted(call: Call, repos: Repo[]): Repo[] {
  const sort = call.query.get("sort") ?? "full_name";
  const direction = call.query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
  const key = (r: Repo): number | string =>
    sort === "created"
      ? r.createdAt
      : sort === "updated"
        ? r.updatedAt
        : sort === "pushed"
          ? r.pushedAt
          : `${r.owner}/${r.name}`.toLowerCase();
  return [...repos].sort((a, b) => compare(key(a), key(b), direction) || a.id - b.id);
}

/** `GET /user/repos`: `visibility` and `affiliation`, or the older `type`, but not both. */
function listForAuthenticatedUser(call: Call): Response {
  const { query, user } = call;
  const type = query.get("type");
  if (type !== null && (query.has("visibility") || query.has("affiliation"))) {
    throw new GithubError(422, "Validation Failed", call.docs, [
      {
        resource: "Repository",
        field: "type",
        code: "invalid",
        message: "If you specify visibility or affiliation, you cannot specify type.",
      },
    ]);
  }
  const affiliation = (query.get("affiliation") ?? "owner,collaborator,organization_member").split(",");
  const visibility = query.get("visibility") ?? "all";
  const since = queryTime(call, "since", "Repository");
  const before = queryTime(call, "before", "Repository");
  const relation = (r: Repo) =>
    r.owner === user.login
      ? "owner"
      : r.collaborators.includes(user.login)
        ? "collaborator"
        : "organization_member";
  const repos = call.data.repos.filter((r) => {
    if (!canPush(user, r)) return false;
    const rel = relation(r);
    if (type !== null) {
      if (type === "owner" && rel !== "owner") return false;
      if (type === "public" && r.private) return false;
      if (type === "private" && !r.private) return false;
      if (type === "member" && rel === "owner") return false;
    } else {
      if (!affiliation.includes(rel)) return false;
      if (visibility !== "all" && (visibility === "private") !== r.private) return false;
    }
    if (since !== undefined && r.updatedAt <= since) return false;
    if (before !== undefined && r.updatedAt >= before) return false;
    return true;
  });
  return listResponse(call, sorted(call, repos), (r) => repository(r, call.view, user.login));
}

/** `GET /users/{username}/repos`: public repositories only, `type` owner (default), member or all. */
function listForUser(call: Call): Response {
  const account = findAccount(call.data, call.params.username ?? "");
  if (!account) throw notFound(call.docs);
  const type = call.query.get("type") ?? "owner";
  const repos = call.data.repos.filter((r) => {
    if (r.private) return false;
    const owned = r.owner === account.login;
    const member = !owned && canPush(account, r);
    return type === "all" ? owned || member : type === "member" ? member : owned;
  });
  return listResponse(call, sorted(call, repos), (r) => minimalRepository(r, call.view, call.user.login));
}

/** `GET /orgs/{org}/repos`: private repositories only for the organization's members. */
function listForOrg(call: Call): Response {
  const org = findAccount(call.data, call.params.org ?? "");
  if (org?.type !== "Organization") throw notFound(call.docs);
  const type = call.query.get("type") ?? "all";
  const member = call.user.orgs.includes(org.login);
  const repos = call.data.repos.filter((r) => {
    if (r.owner !== org.login || !canSee(call.user, r)) return false;
    if (type === "public") return !r.private;
    if (type === "private") return r.private;
    if (type === "forks") return r.fork;
    if (type === "sources") return !r.fork;
    if (type === "member") return member;
    return true;
  });
  return listResponse(call, sorted(call, repos), (r) => minimalRepository(r, call.view, call.user.login));
}

/** The repository routes. */
export const REPO_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/user/repos",
    operationId: "repos/list-for-authenticated-user",
    docs: "https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user",
    resource: "core",
    handler: listForAuthenticatedUser,
  },
  {
    method: "GET",
    path: "/users/{username}/repos",
    operationId: "repos/list-for-user",
    docs: "https://docs.github.com/rest/repos/repos#list-repositories-for-a-user",
    resource: "core",
    handler: listForUser,
  },
  {
    method: "GET",
    path: "/orgs/{org}/repos",
    operationId: "repos/list-for-org",
    docs: "https://docs.github.com/rest/repos/repos#list-organization-repositories",
    resource: "core",
    handler: listForOrg,
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}",
    operationId: "repos/get",
    docs: "https://docs.github.com/rest/repos/repos#get-a-repository",
    resource: "core",
    handler: (call) => json(fullRepository(callRepo(call), call.view, call.user.login)),
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/labels",
    operationId: "issues/list-labels-for-repo",
    docs: "https://docs.github.com/rest/issues/labels#list-labels-for-a-repository",
    resource: "core",
    handler: (call) => {
      const repo = callRepo(call);
      return listResponse(call, repo.labels, (l) => label(l, repo, call.view));
    },
  },
];
