/**
 * Accounts as GitHub answers them: `simple-user` (embedded everywhere), `public-user`
 * (`GET /users/{username}`) and `private-user` (`GET /user`, the token's own account).
 */
import { iso } from "../http.js";
import type { Account, GithubData } from "../model.js";

/** Where links in answers point: the simulator's own origin for API URLs. */
export interface ViewContext {
  /** The simulator's origin, e.g. `http://127.0.0.1:8790` (GitHub: `https://api.github.com`). */
  api: string;
  data: GithubData;
}

/** GitHub's web origin, for `html_url`s. */
export const HTML = "https://github.com";

/** A legacy GraphQL node id (`MDQ6VXNlcjE=` is `04:User1`), as REST answers still carry. */
export function nodeId(type: string, id: number): string {
  return btoa(`0${type.length}:${type}${id}`);
}

/** The `simple-user` shape. */
export function simpleUser(a: Account, ctx: ViewContext): Record<string, unknown> {
  const base = `${ctx.api}/users/${a.login}`;
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId(a.type, a.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    gravatar_id: "",
    url: base,
    html_url: `${HTML}/${a.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: a.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** `simple-user` of a login (an unknown login yields a placeholder so views never fail). */
export function userByLogin(login: string, ctx: ViewContext): Record<string, unknown> {
  const account = ctx.data.accounts.find((a) => a.login === login);
  return simpleUser(account ?? ghost(), ctx);
}

/** GitHub's stand-in for deleted accounts. */
function ghost(): Account {
  return {
    id: 10137,
    login: "ghost",
    type: "User",
    name: null,
    company: null,
    blog: null,
    location: null,
    email: null,
    bio: null,
    createdAt: 0,
    updatedAt: 0,
    followers: 0,
    following: 0,
    orgs: [],
  };
}

/** The `public-user` shape; repository counts only include public repositories. */
export function publicUser(a: Account, ctx: ViewContext): Record<string, unknown> {
  const owned = ctx.data.repos.filter((r) => r.owner === a.login);
  return {
    ...simpleUser(a, ctx),
    name: a.name,
    company: a.company,
    blog: a.blog ?? "",
    location: a.location,
    email: a.email,
    hireable: null,
    bio: a.bio,
    twitter_username: null,
    public_repos: owned.filter((r) => !r.private).length,
    public_gists: 0,
    followers: a.followers,
    following: a.following,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}

/** The `private-user` shape: the public one plus what only the account itself sees. */
export function privateUser(a: Account, ctx: ViewContext): Record<string, unknown> {
  const owned = ctx.data.repos.filter((r) => r.owner === a.login);
  const ownedPrivate = owned.filter((r) => r.private).length;
  return {
    ...publicUser(a, ctx),
    user_view_type: "private",
    private_gists: 0,
    total_private_repos: ownedPrivate,
    owned_private_repos: ownedPrivate,
    disk_usage: owned.reduce((sum, r) => sum + r.size, 0),
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: "pro", space: 976562499, private_repos: 9999, collaborators: 0 },
  };
}
