/**
 * The seed: 8 accounts (two token holders, one organization), 40 repositories (11 private), about
 * 500 issues of which a quarter are pull requests, and their comments, all drawn from the seeded PRNG
 * so two simulators with the same seed hold identical data.
 */
import { createRng, type Rng } from "../../prng.js";
import type { Account, Comment, GithubData, Issue, Label, PullInfo, Repo } from "../model.js";
import {
  COMPONENTS,
  DEFAULT_LABELS,
  EXTRA_LABELS,
  SEED_ACCOUNTS,
  SEED_REPOS,
  SENTENCES,
  TITLES,
} from "./names.js";

/** The default seed of {@link seedGithub}. */
export const GITHUB_SEED = 20_081;

/** The token of `octocat-sim`, the primary user. */
export const GITHUB_TOKEN = "ghp_simulator";

/** The token of `hubot-sim`, who sees other private repositories. */
export const GITHUB_HUBOT_TOKEN = "ghp_simulator_hubot";

/** The seed's "now": every seeded timestamp is before it (2025-06-01T00:00:00Z). */
export const SEED_NOW = Date.UTC(2025, 5, 1);

const DAY = 86_400_000;

/** A 40-hex-digit commit id. */
export function sha(rng: Rng): string {
  return Array.from({ length: 40 }, () => rng.int(0, 15).toString(16)).join("");
}

function sentences(rng: Rng, min: number, max: number): string {
  return Array.from({ length: rng.int(min, max) }, () => rng.pick(SENTENCES)).join(" ");
}

function seedAccounts(rng: Rng): Account[] {
  return SEED_ACCOUNTS.map((a, i) => {
    const createdAt = SEED_NOW - rng.int(900, 4000) * DAY;
    return {
      id: a.type === "Organization" ? 9_000_001 + i : 5_830_001 + i,
      login: a.login,
      type: a.type,
      name: a.name,
      company: a.company,
      blog: a.type === "Organization" ? "https://simcorp.example" : null,
      location: a.location,
      email: a.type === "User" ? `${a.login}@users.noreply.example` : null,
      bio: a.type === "User" ? "Simulated for edge-mcp's tests." : null,
      createdAt,
      updatedAt: createdAt + rng.int(1, 800) * DAY,
      followers: rng.int(0, 4000),
      following: rng.int(0, 50),
      orgs: [...a.orgs],
    };
  });
}

function seedLabels(nextLabel: () => number, extra: boolean): Label[] {
  const rows = extra ? [...DEFAULT_LABELS, ...EXTRA_LABELS] : DEFAULT_LABELS;
  return rows.map(([name, color, description], i) => ({
    id: nextLabel(),
    name,
    color,
    description,
    isDefault: i < DEFAULT_LABELS.length,
  }));
}

/** Seeds the whole dataset from `seed`. */
export function seedGithub(seed: number = GITHUB_SEED): GithubData {
  const rng = createRng(seed);
  const accounts = seedAccounts(rng);
  const data: GithubData = {
    accounts,
    repos: [],
    issues: [],
    comments: [],
    tokens: { [GITHUB_TOKEN]: "octocat-sim", [GITHUB_HUBOT_TOKEN]: "hubot-sim" },
    nextId: { issue: 1_000_001, comment: 2_000_000_001, label: 3_000_001, pull: 4_000_001 },
  };
  const nextLabel = () => data.nextId.label++;
  SEED_REPOS.forEach((s, index) => {
    const [owner = "", name = ""] = s.full.split("/");
    const createdAt = SEED_NOW - rng.int(200, 1500) * DAY;
    const repo: Repo = {
      id: 700_000_001 + index,
      owner,
      name,
      description: s.description,
      private: s.private ?? false,
      fork: s.fork ?? false,
      archived: s.archived ?? false,
      language: s.language,
      homepage: index % 5 === 0 ? `https://${owner}.example/${name}` : null,
      topics: [],
      defaultBranch: "main",
      stars: s.private ? 0 : rng.int(0, 2500),
      forks: s.private ? 0 : rng.int(0, 300),
      watchers: rng.int(1, 80),
      size: rng.int(10, 90_000),
      collaborators: [...(s.collaborators ?? [])],
      createdAt,
      updatedAt: createdAt + rng.int(10, 190) * DAY,
      pushedAt: createdAt + rng.int(10, 199) * DAY,
      labels: seedLabels(nextLabel, s.issues !== undefined),
      nextNumber: 1,
    };
    data.repos.push(repo);
    const count = s.issues ?? rng.int(0, 16);
    for (let n = 0; n < count; n++) seedIssue(data, repo, rng, count, n);
  });
  return data;
}

/** Who writes in a repository: its owner's people, plus anyone on public repositories. */
function people(data: GithubData, repo: Repo): string[] {
  const users = data.accounts.filter((a) => a.type === "User").map((a) => a.login);
  if (!repo.private) return users;
  return users.filter(
    (u) =>
      u === repo.owner ||
      repo.collaborators.includes(u) ||
      data.accounts.find((a) => a.login === u)?.orgs.includes(repo.owner),
  );
}

function seedIssue(data: GithubData, repo: Repo, rng: Rng, count: number, n: number): void {
  const who = people(data, repo);
  const span = Math.max(1, Math.floor((SEED_NOW - repo.createdAt) / count));
  const createdAt = repo.createdAt + n * span + rng.int(0, span - 1);
  const closed = rng.chance(0.35);
  const isPull = rng.chance(0.25);
  const closedAt = closed ? Math.min(SEED_NOW - 1000, createdAt + rng.int(1, 40) * DAY) : null;
  const author = rng.pick(who);
  const labelIds = repo.labels.filter(() => rng.chance(0.12)).map((l) => l.id);
  const assignees = rng.chance(0.4) ? [rng.pick(who)] : [];
  const pull: PullInfo | null = isPull
    ? {
        id: data.nextId.pull++,
        headRef: `${author}/patch-${repo.nextNumber}`,
        baseRef: repo.defaultBranch,
        headSha: sha(rng),
        baseSha: sha(rng),
        draft: !closed && rng.chance(0.15),
        mergedAt: closed && closedAt !== null && rng.chance(0.7) ? closedAt : null,
        mergedBy: null,
        commits: rng.int(1, 12),
        additions: rng.int(1, 900),
        deletions: rng.int(0, 400),
        changedFiles: rng.int(1, 30),
      }
    : null;
  if (pull?.mergedAt) pull.mergedBy = repo.owner === "simcorp" ? "mona-sim" : repo.owner;
  const issue: Issue = {
    id: data.nextId.issue++,
    repoId: repo.id,
    number: repo.nextNumber++,
    title: rng.pick(TITLES).replace("{}", rng.pick(COMPONENTS)),
    body: rng.chance(0.9) ? sentences(rng, 1, 4) : null,
    user: author,
    state: closed ? "closed" : "open",
    stateReason: closed && !isPull ? (rng.chance(0.8) ? "completed" : "not_planned") : null,
    labelIds,
    assignees,
    locked: false,
    createdAt,
    updatedAt: closedAt ?? createdAt,
    closedAt,
    closedBy: closed && !isPull ? author : null,
    pull,
  };
  data.issues.push(issue);
  // The first issue of the busiest repository has enough comments to page through.
  const comments = repo.name === "hello-world" && n === 0 ? 45 : rng.int(0, 5);
  for (let c = 0; c < comments; c++) {
    const at = Math.min(SEED_NOW - 1000, createdAt + (c + 1) * rng.int(1, 6) * 3_600_000);
    const comment: Comment = {
      id: data.nextId.comment++,
      repoId: repo.id,
      issueNumber: issue.number,
      user: rng.pick(who),
      body: sentences(rng, 1, 3),
      createdAt: at,
      updatedAt: at,
    };
    data.comments.push(comment);
    issue.updatedAt = Math.max(issue.updatedAt, at);
  }
}
