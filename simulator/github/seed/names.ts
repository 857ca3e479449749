/**
 * Static material of the seed: the accounts, the repositories and the words issue titles and comments
 * are built from. Everything random about the seed is drawn from the PRNG in `seed/index.ts`.
 */

/** An account of the seed: login, display name, and the organizations it belongs to. */
export interface SeedAccount {
  login: string;
  name: string;
  type: "User" | "Organization";
  orgs: string[];
  location: string | null;
  company: string | null;
}

/** The seed's accounts; the first two are the token holders, `simcorp` is the organization. */
export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  {
    login: "octocat-sim",
    name: "The Octocat (simulated)",
    type: "User",
    orgs: ["simcorp"],
    location: "San Francisco",
    company: "@simcorp",
  },
  {
    login: "hubot-sim",
    name: "Hubot (simulated)",
    type: "User",
    orgs: [],
    location: "The Internet",
    company: null,
  },
  { login: "simcorp", name: "SimCorp", type: "Organization", orgs: [], location: "Remote", company: null },
  {
    login: "mona-sim",
    name: "Mona Lisa Octocat",
    type: "User",
    orgs: ["simcorp"],
    location: "Paris",
    company: "@simcorp",
  },
  { login: "linus-sim", name: "Linus T.", type: "User", orgs: [], location: "Portland", company: null },
  {
    login: "ada-sim",
    name: "Ada L.",
    type: "User",
    orgs: ["simcorp"],
    location: "London",
    company: "@simcorp",
  },
  { login: "grace-sim", name: "Grace H.", type: "User", orgs: [], location: "Arlington", company: null },
  { login: "alan-sim", name: "Alan T.", type: "User", orgs: [], location: "Manchester", company: null },
];

/** A repository of the seed: `owner/name`, private or not, and how many issues it gets (or random). */
export interface SeedRepo {
  full: string;
  private?: boolean;
  description: string | null;
  language: string | null;
  issues?: number;
  collaborators?: string[];
  fork?: boolean;
  archived?: boolean;
}

/** The 40 repositories of the seed. */
export const SEED_REPOS: readonly SeedRepo[] = [
  {
    full: "octocat-sim/hello-world",
    description: "My first repository on GitHub!",
    language: "JavaScript",
    issues: 150,
    collaborators: ["mona-sim"],
  },
  {
    full: "octocat-sim/spoon-knife",
    description: "This repo is for demonstration purposes only.",
    language: "HTML",
  },
  {
    full: "octocat-sim/linguist-sim",
    description: "Language savant: detects languages of files",
    language: "Ruby",
  },
  { full: "octocat-sim/dotfiles", description: "Shell, git and editor configuration", language: "Shell" },
  { full: "octocat-sim/octo-blog", description: "A static blog about Octocats", language: "TypeScript" },
  {
    full: "octocat-sim/git-consortium",
    description: "This repo is for demonstration purposes only.",
    language: null,
  },
  { full: "octocat-sim/cli-tools", description: "Small command-line helpers", language: "Go" },
  { full: "octocat-sim/docs-site", description: "Documentation site generator", language: "TypeScript" },
  { full: "octocat-sim/test-repo", description: null, language: null, fork: true },
  {
    full: "octocat-sim/secret-plans",
    private: true,
    description: "World domination, step by step",
    language: "Markdown",
  },
  { full: "octocat-sim/private-notes", private: true, description: "Notes to self", language: null },
  {
    full: "octocat-sim/infra-config",
    private: true,
    description: "Terraform and deploy scripts",
    language: "HCL",
    collaborators: ["hubot-sim"],
  },
  { full: "octocat-sim/diary", private: true, description: "Dear diary", language: null, archived: true },
  {
    full: "hubot-sim/hubot-scripts",
    description: "Scripts for your friendly robot",
    language: "CoffeeScript",
  },
  { full: "hubot-sim/chatops", description: "ChatOps commands for deployments", language: "JavaScript" },
  { full: "hubot-sim/hubot-brain", description: "Persistence for hubot", language: "JavaScript" },
  { full: "hubot-sim/slack-adapter", description: "Slack adapter for hubot", language: "TypeScript" },
  {
    full: "hubot-sim/hubot-secrets",
    private: true,
    description: "Tokens the robot must not tell",
    language: null,
  },
  {
    full: "hubot-sim/ops-runbooks",
    private: true,
    description: "What to do at 3 a.m.",
    language: "Markdown",
  },
  { full: "hubot-sim/hubot-private-lab", private: true, description: "Experiments", language: "Python" },
  {
    full: "simcorp/api-gateway",
    description: "The public API gateway of SimCorp",
    language: "Go",
    issues: 60,
  },
  { full: "simcorp/web-app", description: "SimCorp's customer web application", language: "TypeScript" },
  { full: "simcorp/mobile-app", description: "iOS and Android app", language: "Kotlin" },
  { full: "simcorp/design-system", description: "Components and tokens", language: "TypeScript" },
  { full: "simcorp/data-pipeline", description: "Batch and streaming jobs", language: "Python" },
  { full: "simcorp/billing-service", description: "Invoices, plans and payments", language: "Java" },
  { full: "simcorp/docs", description: "Developer documentation", language: "MDX" },
  { full: "simcorp/sdk-js", description: "JavaScript SDK for the SimCorp API", language: "TypeScript" },
  { full: "simcorp/sdk-python", description: "Python SDK for the SimCorp API", language: "Python" },
  { full: "simcorp/terraform-modules", description: "Shared infrastructure modules", language: "HCL" },
  {
    full: "simcorp/internal-tools",
    private: true,
    description: "Tools for SimCorp staff",
    language: "TypeScript",
  },
  { full: "simcorp/security-audits", private: true, description: "Findings and remediation", language: null },
  { full: "simcorp/payroll", private: true, description: "Payroll exports", language: "Python" },
  { full: "simcorp/roadmap", private: true, description: "What we build next", language: null },
  { full: "mona-sim/mona-lisa", description: "A portrait, version controlled", language: null },
  { full: "mona-sim/octo-art", description: "Octocat artwork", language: "SVG" },
  { full: "linus-sim/kernel-notes", description: "Notes on kernels", language: "C" },
  { full: "ada-sim/analytical-engine", description: "The first program", language: "Rust" },
  { full: "grace-sim/cobol-tools", description: "Compilers and friends", language: "COBOL" },
  { full: "alan-sim/enigma", description: "Rotor machine simulator", language: "Python" },
];

/** GitHub's default labels (name, color, description), created with every repository. */
export const DEFAULT_LABELS: ReadonlyArray<readonly [string, string, string]> = [
  ["bug", "d73a4a", "Something isn't working"],
  ["documentation", "0075ca", "Improvements or additions to documentation"],
  ["duplicate", "cfd3d7", "This issue or pull request already exists"],
  ["enhancement", "a2eeef", "New feature or request"],
  ["good first issue", "7057ff", "Good for newcomers"],
  ["help wanted", "008672", "Extra attention is needed"],
  ["invalid", "e4e669", "This doesn't seem right"],
  ["question", "d876e3", "Further information is requested"],
  ["wontfix", "ffffff", "This will not be worked on"],
];

/** Extra labels some repositories carry. */
export const EXTRA_LABELS: ReadonlyArray<readonly [string, string, string]> = [
  ["priority: high", "b60205", "Needs attention this week"],
  ["area: api", "1d76db", "The public API"],
  ["needs triage", "fbca04", "Not looked at yet"],
];

/** Issue title templates; `{}` is replaced by a component. */
export const TITLES: readonly string[] = [
  "Crash when opening {} with an empty config",
  "Add support for {} in the settings page",
  "Docs: clarify how {} works",
  "Flaky test in {}",
  "Improve performance of {}",
  "{} returns 500 on large payloads",
  "Typo in the {} README",
  "Deprecate the old {} endpoint",
  "Memory leak in {} after reconnect",
  "Make {} configurable",
  "Upgrade dependencies of {}",
  "Dark mode for {}",
];

/** Components issue titles talk about. */
export const COMPONENTS: readonly string[] = [
  "the login form",
  "webhooks",
  "the search index",
  "pagination",
  "the CLI",
  "rate limiting",
  "the billing page",
  "notifications",
  "the importer",
  "OAuth",
  "the cache layer",
  "file uploads",
];

/** Sentences comment and issue bodies are built from. */
export const SENTENCES: readonly string[] = [
  "I can reproduce this on the latest release.",
  "Steps to reproduce are in the description above.",
  "Thanks for the report! We'll take a look.",
  "This looks related to the change from last week.",
  "Could you share the logs with debug output enabled?",
  "A fix is on the way.",
  "Confirmed on macOS and Linux.",
  "Is there a workaround in the meantime?",
  "Closing as this was fixed in the latest version.",
  "+1, we are hitting this in production too.",
];
