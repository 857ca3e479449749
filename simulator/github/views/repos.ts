/**
 * Repositories as GitHub answers them: `minimal-repository` (user and organization lists),
 * `repository` (`GET /user/repos`, pull request heads), `full-repository` (`GET /repos/{owner}/{repo}`)
 * and `repo-search-result-item` (search). API URLs point at the simulator's origin.
 */
import { iso } from "../http.js";
import { findAccount, type Repo } from "../model.js";
import { canPush } from "../visibility.js";
import { HTML, nodeId, userByLogin, type ViewContext } from "./users.js";

/** The `*_url` templates every repository shape carries. */
function urls(r: Repo, ctx: ViewContext): Record<string, string> {
  const base = `${ctx.api}/repos/${r.owner}/${r.name}`;
  const t = (path: string) => `${base}/${path}`;
  return {
    url: base,
    forks_url: t("forks"),
    keys_url: t("keys{/key_id}"),
    collaborators_url: t("collaborators{/collaborator}"),
    teams_url: t("teams"),
    hooks_url: t("hooks"),
    issue_events_url: t("issues/events{/number}"),
    events_url: t("events"),
    assignees_url: t("assignees{/user}"),
    branches_url: t("branches{/branch}"),
    tags_url: t("tags"),
    blobs_url: t("git/blobs{/sha}"),
    git_tags_url: t("git/tags{/sha}"),
    git_refs_url: t("git/refs{/sha}"),
    trees_url: t("git/trees{/sha}"),
    statuses_url: t("statuses/{sha}"),
    languages_url: t("languages"),
    stargazers_url: t("stargazers"),
    contributors_url: t("contributors"),
    subscribers_url: t("subscribers"),
    subscription_url: t("subscription"),
    commits_url: t("commits{/sha}"),
    git_commits_url: t("git/commits{/sha}"),
    comments_url: t("comments{/number}"),
    issue_comment_url: t("issues/comments{/number}"),
    contents_url: t("contents/{+path}"),
    compare_url: t("compare/{base}...{head}"),
    merges_url: t("merges"),
    archive_url: t("{archive_format}{/ref}"),
    downloads_url: t("downloads"),
    issues_url: t("issues{/number}"),
    pulls_url: t("pulls{/number}"),
    milestones_url: t("milestones{/number}"),
    notifications_url: t("notifications{?since,all,participating}"),
    labels_url: t("labels{/name}"),
    releases_url: t("releases{/id}"),
    deployments_url: t("deployments"),
  };
}

function openIssues(r: Repo, ctx: ViewContext): number {
  return ctx.data.issues.filter((i) => i.repoId === r.id && i.state === "open").length;
}

/** The `minimal-repository` shape. */
export function minimalRepository(r: Repo, ctx: ViewContext, viewer?: string): Record<string, unknown> {
  const open = openIssues(r, ctx);
  const owner = findAccount(ctx.data, r.owner);
  const user = viewer ? findAccount(ctx.data, viewer) : undefined;
  const push = user ? canPush(user, r) : false;
  return {
    id: r.id,
    node_id: nodeId("Repository", r.id),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    private: r.private,
    owner: userByLogin(owner?.login ?? r.owner, ctx),
    html_url: `${HTML}/${r.owner}/${r.name}`,
    description: r.description,
    fork: r.fork,
    ...urls(r, ctx),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    pushed_at: iso(r.pushedAt),
    git_url: `git://github.com/${r.owner}/${r.name}.git`,
    ssh_url: `git@github.com:${r.owner}/${r.name}.git`,
    clone_url: `${HTML}/${r.owner}/${r.name}.git`,
    svn_url: `${HTML}/${r.owner}/${r.name}`,
    mirror_url: null,
    homepage: r.homepage,
    size: r.size,
    stargazers_count: r.stars,
    watchers_count: r.stars,
    language: r.language,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: !r.private,
    has_pages: false,
    has_discussions: false,
    forks_count: r.forks,
    archived: r.archived,
    disabled: false,
    open_issues_count: open,
    license: r.private
      ? null
      : {
          key: "mit",
          name: "MIT License",
          spdx_id: "MIT",
          url: `${ctx.api}/licenses/mit`,
          node_id: "MDc6TGljZW5zZTEz",
        },
    allow_forking: !r.private,
    is_template: false,
    web_commit_signoff_required: false,
    topics: r.topics,
    visibility: r.private ? "private" : "public",
    forks: r.forks,
    open_issues: open,
    watchers: r.stars,
    default_branch: r.defaultBranch,
    ...(user
      ? { permissions: { admin: r.owner === user.login, maintain: push, push, triage: push, pull: true } }
      : {}),
  };
}

/** The `repository` shape (what `GET /user/repos` lists). */
export function repository(r: Repo, ctx: ViewContext, viewer?: string): Record<string, unknown> {
  return {
    ...minimalRepository(r, ctx, viewer),
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
  };
}

/** The `full-repository` shape (`GET /repos/{owner}/{repo}`). */
export function fullRepository(r: Repo, ctx: ViewContext, viewer?: string): Record<string, unknown> {
  const owner = findAccount(ctx.data, r.owner);
  return {
    ...repository(r, ctx, viewer),
    subscribers_count: r.watchers,
    network_count: r.forks,
    ...(owner?.type === "Organization" ? { organization: userByLogin(owner.login, ctx) } : {}),
  };
}

/** The `repo-search-result-item` shape. */
export function repoSearchItem(r: Repo, ctx: ViewContext, score: number): Record<string, unknown> {
  const { permissions: _permissions, ...rest } = minimalRepository(r, ctx);
  return { ...rest, score };
}
