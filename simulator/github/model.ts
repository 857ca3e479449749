/**
 * The simulated GitHub's records: what the simulator stores, not what it answers (the JSON shapes of
 * GitHub's REST API are built from these by `views/`). Timestamps are epoch milliseconds.
 */

/** A user or an organization account (GitHub models both as accounts with a `type`). */
export interface Account {
  id: number;
  login: string;
  type: "User" | "Organization";
  name: string | null;
  company: string | null;
  blog: string | null;
  location: string | null;
  email: string | null;
  bio: string | null;
  createdAt: number;
  updatedAt: number;
  followers: number;
  following: number;
  /** Logins of the organizations this user belongs to (empty for organizations). */
  orgs: string[];
}

/** A label of one repository. */
export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  /** Whether it is one of GitHub's default labels. */
  isDefault: boolean;
}

/** A repository. Its issues and pull requests share one number sequence, as on GitHub. */
export interface Repo {
  id: number;
  /** Login of the owning account (user or organization). */
  owner: string;
  name: string;
  description: string | null;
  private: boolean;
  fork: boolean;
  archived: boolean;
  language: string | null;
  homepage: string | null;
  topics: string[];
  defaultBranch: string;
  stars: number;
  forks: number;
  watchers: number;
  size: number;
  /** Logins with push access besides the owner (and, for org repos, the org's members). */
  collaborators: string[];
  createdAt: number;
  updatedAt: number;
  pushedAt: number;
  labels: Label[];
  /** The next issue or pull request number. */
  nextNumber: number;
}

/** The pull-request part of an issue that is a pull request. */
export interface PullInfo {
  id: number;
  headRef: string;
  baseRef: string;
  headSha: string;
  baseSha: string;
  draft: boolean;
  mergedAt: number | null;
  mergedBy: string | null;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

/** An issue; with `pull` set it is a pull request (GitHub lists those among the issues too). */
export interface Issue {
  id: number;
  repoId: number;
  number: number;
  title: string;
  body: string | null;
  /** Login of the author. */
  user: string;
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | "duplicate" | null;
  /** Label ids of the issue's repository. */
  labelIds: number[];
  assignees: string[];
  locked: boolean;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  pull: PullInfo | null;
}

/** A comment on an issue or pull request (its conversation, not a review comment). */
export interface Comment {
  id: number;
  repoId: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

/** All the simulator's data. Ids come from one counter per kind so they stay unique after writes. */
export interface GithubData {
  accounts: Account[];
  repos: Repo[];
  issues: Issue[];
  comments: Comment[];
  /** API token → login. */
  tokens: Record<string, string>;
  nextId: { issue: number; comment: number; label: number; pull: number };
}

/** Finds an account by login, case-insensitively as GitHub does. */
export function findAccount(data: GithubData, login: string): Account | undefined {
  const lower = login.toLowerCase();
  return data.accounts.find((a) => a.login.toLowerCase() === lower);
}

/** Finds a repository by owner and name, case-insensitively as GitHub does. */
export function findRepo(data: GithubData, owner: string, name: string): Repo | undefined {
  const o = owner.toLowerCase();
  const n = name.toLowerCase();
  return data.repos.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n);
}

/** The issues (and pull requests) of a repository, in number order. */
export function repoIssues(data: GithubData, repo: Repo): Issue[] {
  return data.issues.filter((i) => i.repoId === repo.id);
}
