/**
 * Issues, pull requests, labels and comments as GitHub answers them: `issue`, `issue-comment`,
 * `label`, `pull-request-simple`, `pull-request` and `issue-search-result-item`.
 */
import { iso } from "../http.js";
import { type Comment, findAccount, type Issue, type Label, type Repo } from "../model.js";
import { repository } from "./repos.js";
import { HTML, nodeId, userByLogin, type ViewContext } from "./users.js";

/** The `label` shape. */
export function label(l: Label, r: Repo, ctx: ViewContext): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${ctx.api}/repos/${r.owner}/${r.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.isDefault,
    description: l.description,
  };
}

/** How `login` relates to `repo`, as GitHub's `author_association` says it. */
export function association(login: string, r: Repo, ctx: ViewContext): string {
  if (login === r.owner) return "OWNER";
  if (findAccount(ctx.data, login)?.orgs.includes(r.owner)) return "MEMBER";
  if (r.collaborators.includes(login)) return "COLLABORATOR";
  return ctx.data.issues.some((i) => i.repoId === r.id && i.user === login && i.pull?.mergedAt)
    ? "CONTRIBUTOR"
    : "NONE";
}

function reactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

function repoOf(i: Issue, ctx: ViewContext): Repo {
  return ctx.data.repos.find((r) => r.id === i.repoId) as Repo;
}

function issueLabels(i: Issue, r: Repo, ctx: ViewContext): Record<string, unknown>[] {
  return r.labels.filter((l) => i.labelIds.includes(l.id)).map((l) => label(l, r, ctx));
}

/** The `issue` shape; `detail` adds what only `GET` of one issue carries (`closed_by`). */
export function issueView(i: Issue, ctx: ViewContext, detail = false): Record<string, unknown> {
  const r = repoOf(i, ctx);
  const repoUrl = `${ctx.api}/repos/${r.owner}/${r.name}`;
  const url = `${repoUrl}/issues/${i.number}`;
  const html = `${HTML}/${r.owner}/${r.name}/${i.pull ? "pull" : "issues"}/${i.number}`;
  const assignees = i.assignees.map((a) => userByLogin(a, ctx));
  return {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    id: i.id,
    node_id: nodeId(i.pull ? "PullRequest" : "Issue", i.id),
    number: i.number,
    title: i.title,
    user: userByLogin(i.user, ctx),
    labels: issueLabels(i, r, ctx),
    state: i.state,
    locked: i.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: ctx.data.comments.filter((c) => c.repoId === r.id && c.issueNumber === i.number).length,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    closed_at: iso(i.closedAt),
    author_association: association(i.user, r, ctx),
    active_lock_reason: null,
    ...(i.pull
      ? {
          draft: i.pull.draft,
          pull_request: {
            url: `${repoUrl}/pulls/${i.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: iso(i.pull.mergedAt),
          },
        }
      : {}),
    body: i.body,
    ...(detail ? { closed_by: i.closedBy ? userByLogin(i.closedBy, ctx) : null } : {}),
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: i.stateReason,
  };
}

/**
 * The `issue-search-result-item` shape. Its document types `body` as a non-null string, so an issue
 * without a body leaves the (optional) field out here instead of sending null.
 */
export function issueSearchItem(i: Issue, ctx: ViewContext, score: number): Record<string, unknown> {
  const { closed_by: _closedBy, body, ...view } = issueView(i, ctx);
  return { ...view, ...(body === null ? {} : { body }), score };
}

/** The `issue-comment` shape. */
export function commentView(c: Comment, ctx: ViewContext): Record<string, unknown> {
  const r = ctx.data.repos.find((x) => x.id === c.repoId) as Repo;
  const repoUrl = `${ctx.api}/repos/${r.owner}/${r.name}`;
  const issue = ctx.data.issues.find((i) => i.repoId === r.id && i.number === c.issueNumber);
  const kind = issue?.pull ? "pull" : "issues";
  return {
    url: `${repoUrl}/issues/comments/${c.id}`,
    html_url: `${HTML}/${r.owner}/${r.name}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repoUrl}/issues/${c.issueNumber}`,
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    user: userByLogin(c.user, ctx),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    author_association: association(c.user, r, ctx),
    body: c.body,
    reactions: reactions(`${repoUrl}/issues/comments/${c.id}`),
    performed_via_github_app: null,
  };
}

/** The `pull-request-simple` shape of an issue that is a pull request. */
export function pullSimple(i: Issue, ctx: ViewContext): Record<string, unknown> {
  const r = repoOf(i, ctx);
  const p = i.pull;
  if (!p) throw new Error(`issue ${i.number} is not a pull request`);
  const repoUrl = `${ctx.api}/repos/${r.owner}/${r.name}`;
  const url = `${repoUrl}/pulls/${i.number}`;
  const html = `${HTML}/${r.owner}/${r.name}/pull/${i.number}`;
  const issueUrl = `${repoUrl}/issues/${i.number}`;
  const assignees = i.assignees.map((a) => userByLogin(a, ctx));
  const ref = (name: string, commit: string, login: string) => ({
    label: `${r.owner}:${name}`,
    ref: name,
    sha: commit,
    user: userByLogin(login, ctx),
    repo: repository(r, ctx),
  });
  return {
    url,
    id: p.id,
    node_id: nodeId("PullRequest", p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    number: i.number,
    state: i.state,
    locked: i.locked,
    title: i.title,
    user: userByLogin(i.user, ctx),
    body: i.body,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    closed_at: iso(i.closedAt),
    merged_at: iso(p.mergedAt),
    merge_commit_sha: p.mergedAt ? [...p.headSha].reverse().join("") : null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    labels: issueLabels(i, r, ctx),
    milestone: null,
    draft: p.draft,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl}/statuses/${p.headSha}`,
    head: ref(p.headRef, p.headSha, i.user),
    base: ref(p.baseRef, p.baseSha, r.owner),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${p.headSha}` },
    },
    author_association: association(i.user, r, ctx),
    auto_merge: null,
    active_lock_reason: null,
  };
}

/** The `pull-request` shape (`GET /repos/{owner}/{repo}/pulls/{pull_number}`). */
export function pullView(i: Issue, ctx: ViewContext): Record<string, unknown> {
  const p = i.pull;
  if (!p) throw new Error(`issue ${i.number} is not a pull request`);
  const comments = ctx.data.comments.filter((c) => c.repoId === i.repoId && c.issueNumber === i.number);
  const merged = p.mergedAt !== null;
  return {
    ...pullSimple(i, ctx),
    merged,
    mergeable: i.state === "open" ? true : null,
    rebaseable: i.state === "open" ? true : null,
    mergeable_state: i.state === "open" ? "clean" : "unknown",
    merged_by: p.mergedBy ? userByLogin(p.mergedBy, ctx) : null,
    comments: comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: p.commits,
    additions: p.additions,
    deletions: p.deletions,
    changed_files: p.changedFiles,
  };
}
