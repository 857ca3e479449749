/**
 * `GET /search/issues` and `GET /search/repositories`: `{total_count, incomplete_results, items}`,
 * paged like every list but only through the first 1,000 results, as GitHub caps search. Results
 * cover what the token's user may see, private repositories included. Scores count word hits; the
 * default order ("best match") is by score, then most recently updated.
 */
import { GithubError, json } from "../http.js";
import type { Issue, Repo } from "../model.js";
import { paginate } from "../pagination.js";
import { issueSearchItem } from "../views/issues.js";
import { repoSearchItem } from "../views/repos.js";
import { canSee } from "../visibility.js";
import { inRange, parseQuery, type SearchQuery, values, wordScore } from "./search-query.js";
import { type Call, compare, type Route } from "./shared.js";

const DOCS = "https://docs.github.com/rest/search/search";

function requireQuery(call: Call): SearchQuery {
  const q = call.query.get("q");
  if (q === null || q.trim() === "") {
    throw new GithubError(422, "Validation Failed", call.docs, [
      { resource: "Search", field: "q", code: "missing" },
    ]);
  }
  return parseQuery(q);
}

/** Answers `scored` (best match first unless `sort`), one page, with the search envelope. */
function answer<T>(
  call: Call,
  scored: Array<{ item: T; score: number; updated: number }>,
  key: (item: T) => number,
  render: (item: T, score: number) => unknown,
  extra: Record<string, unknown> = {},
): Response {
  const sort = call.query.get("sort");
  const order = call.query.get("order") ?? "desc";
  scored.sort((a, b) =>
    sort ? compare(key(a.item), key(b.item), order) : b.score - a.score || b.updated - a.updated,
  );
  const page = paginate(scored, call.url, 1000);
  return json(
    {
      total_count: scored.length,
      incomplete_results: false,
      ...extra,
      items: page.items.map((s) => render(s.item, s.score)),
    },
    200,
    page.headers,
  );
}

function ownerMatches(query: SearchQuery, repo: Repo): boolean {
  const owners = [...values(query, "user"), ...values(query, "org"), ...values(query, "owner")];
  if (owners.length > 0 && !owners.some((o) => o.toLowerCase() === repo.owner.toLowerCase())) return false;
  const repos = values(query, "repo");
  return (
    repos.length === 0 || repos.some((r) => r.toLowerCase() === `${repo.owner}/${repo.name}`.toLowerCase())
  );
}

function visibilityMatches(query: SearchQuery, repo: Repo): boolean {
  const is = values(query, "is");
  if (is.includes("public") && repo.private) return false;
  return !(is.includes("private") && !repo.private);
}

function issueMatches(call: Call, query: SearchQuery, i: Issue, repo: Repo): boolean {
  const is = [...values(query, "is"), ...values(query, "type")];
  if ((is.includes("issue") && i.pull) || ((is.includes("pr") || is.includes("pull-request")) && !i.pull))
    return false;
  const states = [...is.filter((v) => v === "open" || v === "closed"), ...values(query, "state")];
  if (states.length > 0 && !states.includes(i.state)) return false;
  if (is.includes("merged") && !i.pull?.mergedAt) return false;
  const names = repo.labels.filter((l) => i.labelIds.includes(l.id)).map((l) => l.name.toLowerCase());
  if (!values(query, "label").every((l) => names.includes(l.toLowerCase()))) return false;
  if ((query.negated.get("label") ?? []).some((l) => names.includes(l.toLowerCase()))) return false;
  const author = values(query, "author")[0];
  if (author && author.toLowerCase() !== i.user.toLowerCase()) return false;
  const assignee = values(query, "assignee")[0];
  if (assignee && !i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) return false;
  const no = values(query, "no");
  if ((no.includes("assignee") && i.assignees.length > 0) || (no.includes("label") && i.labelIds.length > 0))
    return false;
  const comments = values(query, "comments")[0];
  const count = call.data.comments.filter((c) => c.repoId === repo.id && c.issueNumber === i.number).length;
  return !comments || inRange(count, comments);
}

function searchIssues(call: Call): Response {
  const query = requireQuery(call);
  const within = values(query, "in");
  const scored: Array<{ item: Issue; score: number; updated: number }> = [];
  for (const repo of call.data.repos) {
    if (!canSee(call.user, repo) || !ownerMatches(query, repo) || !visibilityMatches(query, repo)) continue;
    for (const i of call.data.issues) {
      if (i.repoId !== repo.id || !issueMatches(call, query, i, repo)) continue;
      const text = within.length === 1 && within[0] === "title" ? i.title : `${i.title}\n${i.body ?? ""}`;
      const hits = wordScore(query, text);
      if (hits >= 0) scored.push({ item: i, score: 1 + hits, updated: i.updatedAt });
    }
  }
  const comments = (i: Issue) =>
    call.data.comments.filter((c) => c.repoId === i.repoId && c.issueNumber === i.number).length;
  const sort = call.query.get("sort");
  const key = (i: Issue) =>
    sort === "created" ? i.createdAt : sort === "comments" ? comments(i) : i.updatedAt;
  return answer(call, scored, key, (i, score) => issueSearchItem(i, call.view, score), {
    search_type: "lexical",
  });
}

function searchRepositories(call: Call): Response {
  const query = requireQuery(call);
  const languages = values(query, "language").map((l) => l.toLowerCase());
  const stars = values(query, "stars")[0];
  const fork = values(query, "fork")[0];
  const archived = values(query, "archived")[0];
  const scored: Array<{ item: Repo; score: number; updated: number }> = [];
  for (const repo of call.data.repos) {
    if (!canSee(call.user, repo) || !ownerMatches(query, repo) || !visibilityMatches(query, repo)) continue;
    if (languages.length > 0 && !languages.includes((repo.language ?? "").toLowerCase())) continue;
    if (stars && !inRange(repo.stars, stars)) continue;
    // Forks are left out unless `fork:true` or `fork:only` asks for them, as on GitHub.
    if (fork === "only" ? !repo.fork : fork !== "true" && repo.fork) continue;
    if (archived !== undefined && String(repo.archived) !== archived) continue;
    const hits = wordScore(query, `${repo.owner}/${repo.name}\n${repo.description ?? ""}`);
    if (hits >= 0) scored.push({ item: repo, score: 1 + hits, updated: repo.updatedAt });
  }
  const sort = call.query.get("sort");
  const key = (r: Repo) => (sort === "stars" ? r.stars : sort === "forks" ? r.forks : r.updatedAt);
  return answer(call, scored, key, (r, score) => repoSearchItem(r, call.view, score));
}

/** The search routes (the `search` rate-limit resource). */
export const SEARCH_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/search/issues",
    operationId: "search/issues-and-pull-requests",
    docs: `${DOCS}#search-issues-and-pull-requests`,
    resource: "search",
    handler: searchIssues,
  },
  {
    method: "GET",
    path: "/search/repositories",
    operationId: "search/repos",
    docs: `${DOCS}#search-repositories`,
    resource: "search",
    handler: searchRepositories,
  },
];
