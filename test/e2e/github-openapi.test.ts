/**
 * Proof that the GitHub simulator answers as GitHub's own OpenAPI document (@octokit/openapi) says:
 * one or more calls of every implemented operation, in-process (no wrangler), each request validated
 * against its operation and each answer's status and body against the operation's documented
 * responses, with openapi-backend through the simulator's exported validator.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createGithubSimulator,
  GITHUB_HUBOT_TOKEN,
  GITHUB_OPERATIONS,
  GITHUB_TOKEN,
} from "../../simulator/github/index.ts";
import { createGithubOpenApiValidator, type GithubOpenApiValidator } from "../../simulator/github/openapi.ts";

const specPath = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
const spec: unknown = JSON.parse(readFileSync(specPath, "utf8"));
const ORIGIN = "https://api.github.com";
const HW = "/repos/octocat-sim/hello-world";

/** One call: what to send, the status expected, and the token (default the primary user's). */
interface Case {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  token?: string;
}

/** Every implemented operation, with its error answers where the document lists them. */
function cases(pull: number, issue: number, comment: number): Case[] {
  return [
    { method: "GET", path: "/user", status: 200 },
    { method: "GET", path: "/users/hubot-sim", status: 200 },
    { method: "GET", path: "/users/simcorp", status: 200 },
    { method: "GET", path: "/users/nobody-sim", status: 404 },
    { method: "GET", path: "/rate_limit", status: 200 },
    { method: "GET", path: "/user/repos?per_page=100&sort=updated", status: 200 },
    { method: "GET", path: "/user/repos?type=owner&visibility=all", status: 422 },
    { method: "GET", path: "/users/octocat-sim/repos?type=all&per_page=5&page=2", status: 200 },
    { method: "GET", path: "/orgs/simcorp/repos?type=all&per_page=100", status: 200 },
    { method: "GET", path: `${HW}`, status: 200 },
    { method: "GET", path: "/repos/simcorp/roadmap", status: 200 },
    { method: "GET", path: "/repos/octocat-sim/secret-plans", status: 404, token: GITHUB_HUBOT_TOKEN },
    { method: "GET", path: `${HW}/labels?per_page=100`, status: 200 },
    { method: "GET", path: "/repos/octocat-sim/missing/labels", status: 404 },
    { method: "GET", path: `${HW}/issues?state=all&per_page=100&sort=updated&direction=asc`, status: 200 },
    { method: "GET", path: `${HW}/issues?labels=bug&assignee=*`, status: 200 },
    { method: "GET", path: "/repos/octocat-sim/missing/issues", status: 404 },
    {
      method: "POST",
      path: `${HW}/issues`,
      body: { title: "New", body: "b", labels: ["bug"], assignees: ["mona-sim"] },
      status: 201,
    },
    { method: "POST", path: `${HW}/issues`, body: { body: "no title" }, status: 422 },
    { method: "POST", path: "/repos/octocat-sim/missing/issues", body: { title: "x" }, status: 404 },
    { method: "GET", path: `${HW}/issues/${issue}`, status: 200 },
    { method: "GET", path: `${HW}/issues/${pull}`, status: 200 },
    { method: "GET", path: `${HW}/issues/9999`, status: 404 },
    {
      method: "PATCH",
      path: `${HW}/issues/${issue}`,
      body: { state: "closed", state_reason: "completed" },
      status: 200,
    },
    { method: "PATCH", path: `${HW}/issues/${issue}`, body: { state: "done" }, status: 422 },
    { method: "GET", path: `${HW}/issues/1/comments?per_page=100`, status: 200 },
    { method: "GET", path: `${HW}/issues/9999/comments`, status: 404 },
    { method: "POST", path: `${HW}/issues/${issue}/comments`, body: { body: "Hi" }, status: 201 },
    { method: "POST", path: `${HW}/issues/${issue}/comments`, body: {}, status: 422 },
    { method: "GET", path: `${HW}/issues/comments/${comment}`, status: 200 },
    { method: "GET", path: `${HW}/issues/comments/1`, status: 404 },
    { method: "PATCH", path: `${HW}/issues/comments/${comment}`, body: { body: "Edited" }, status: 200 },
    { method: "PATCH", path: `${HW}/issues/comments/${comment}`, body: { body: "" }, status: 422 },
    {
      method: "POST",
      path: `${HW}/issues/${issue}/labels`,
      body: { labels: ["question", "help wanted"] },
      status: 200,
    },
    { method: "POST", path: `${HW}/issues/${issue}/labels`, body: { labels: [] }, status: 422 },
    { method: "GET", path: `${HW}/pulls?state=all&per_page=100`, status: 200 },
    { method: "GET", path: `${HW}/pulls/${pull}`, status: 200 },
    { method: "GET", path: `${HW}/pulls/${issue}`, status: 404 },
    { method: "DELETE", path: `${HW}/issues/comments/${comment}`, status: 204 },
    {
      method: "GET",
      path: `/search/issues?q=${encodeURIComponent("crash repo:octocat-sim/hello-world")}&per_page=100`,
      status: 200,
    },
    {
      method: "GET",
      path: `/search/issues?q=${encodeURIComponent("is:pr is:open")}&sort=created&order=asc`,
      status: 200,
    },
    { method: "GET", path: "/search/issues?q=", status: 422 },
    {
      method: "GET",
      path: `/search/repositories?q=${encodeURIComponent("sdk org:simcorp")}&sort=stars`,
      status: 200,
    },
    { method: "GET", path: "/search/repositories?q=", status: 422 },
  ];
}

let validator: GithubOpenApiValidator;

beforeAll(async () => {
  validator = await createGithubOpenApiValidator(spec);
});

describe("the GitHub simulator answers as GitHub's OpenAPI document says", () => {
  it("the validator refuses requests their operation does not accept and accepts valid ones", async () => {
    const bad = (method: string, path: string, body?: unknown) =>
      validator.validateRequest(
        new Request(`${ORIGIN}${path}`, {
          method,
          headers: { "content-type": "application/json" },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
    expect((await bad("GET", `${HW}/issues?per_page=10&state=open`)).valid).toBe(true);
    expect((await bad("GET", `${HW}/issues?perpage=10`)).valid).toBe(false);
    expect((await bad("GET", `${HW}/issues?per_page=many`)).valid).toBe(false);
    expect((await bad("GET", `${HW}/issues?state=done`)).valid).toBe(false);
    expect((await bad("GET", "/search/issues")).valid).toBe(false);
    expect((await bad("POST", `${HW}/issues`, { title: { text: "x" } })).valid).toBe(false);
    expect((await bad("POST", `${HW}/issues/1/comments`, { text: "x" })).valid).toBe(false);
    const unknown = await bad("GET", "/repos/octocat-sim/hello-world/wiki");
    expect(unknown).toMatchObject({ valid: false, operationId: null });
    const ok = await bad("PATCH", `${HW}/issues/3`, { state: "closed", labels: ["bug"] });
    expect(ok).toEqual({ valid: true, operationId: "issues/update", errors: [] });
  });

  it("the validator refuses an answer with an undocumented status or a body off its schema", () => {
    expect(validator.validateResponse("issues/get", 418, {}).valid).toBe(false);
    expect(validator.validateResponse("issues/get", 200, { id: 1 }).valid).toBe(false);
    expect(validator.validateResponse("issues/get", 404, { message: "Not Found" }).valid).toBe(true);
  });

  it("every operation's requests and answers (statuses and bodies) validate, with zero errors", async () => {
    const sim = createGithubSimulator({ now: () => Math.floor(Date.now() / 3_600_000) * 3_600_000 });
    const repo = sim.data.repos.find((r) => r.name === "hello-world");
    const issues = sim.data.issues.filter((i) => i.repoId === repo?.id);
    const pull = issues.find((i) => i.pull?.mergedAt)?.number ?? 0;
    const issue = issues.find((i) => !i.pull && i.state === "open")?.number ?? 0;
    const comment = sim.data.comments.find((c) => c.repoId === repo?.id)?.id ?? 0;
    const errors: string[] = [];
    const covered = new Set<string>();
    for (const c of cases(pull, issue, comment)) {
      const request = new Request(`${ORIGIN}${c.path}`, {
        method: c.method,
        headers: {
          authorization: `Bearer ${c.token ?? GITHUB_TOKEN}`,
          accept: "application/vnd.github+json",
          ...(c.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: c.body === undefined ? null : JSON.stringify(c.body),
      });
      const checked = await validator.validateRequest(request);
      // Requests meant to be refused for their content are not expected to pass the request check.
      if (c.status < 400 && !checked.valid)
        errors.push(`request ${c.method} ${c.path}: ${checked.errors.join("; ")}`);
      const res = await sim.fetch(request);
      const text = await res.text();
      const body: unknown = text === "" ? null : JSON.parse(text);
      const label = `${c.method} ${c.path} → ${res.status}`;
      expect(res.status, `${label}: ${text.slice(0, 300)}`).toBe(c.status);
      const operationId = sim.requests.at(-1)?.operationId ?? checked.operationId;
      expect(operationId, label).toBeTruthy();
      covered.add(String(operationId));
      const answer = validator.validateResponse(String(operationId), res.status, body);
      if (!answer.valid) errors.push(`${label}: ${answer.errors.slice(0, 5).join("; ")}`);
    }
    expect(errors).toEqual([]);
    expect([...covered].sort()).toEqual(GITHUB_OPERATIONS.map((o) => o.operationId).sort());
  });

  it("rate-limit and credential refusals validate where the operation documents their status", async () => {
    const sim = createGithubSimulator({ rateLimits: { core: 1, secondary: { writesPerMinute: 0 } } });
    const send = (method: string, path: string, token: string, body?: unknown) =>
      sim.fetch(
        new Request(`${ORIGIN}${path}`, {
          method,
          headers: { authorization: `token ${token}` },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
    const checks: Array<[string, Response]> = [
      ["users/get-authenticated", await send("GET", "/user", "ghp_wrong")],
      ["issues/create", await send("POST", `${HW}/issues`, GITHUB_TOKEN, { title: "x" })],
      ["users/get-authenticated", await send("GET", "/user", GITHUB_TOKEN)],
      ["users/get-authenticated", await send("GET", "/user", GITHUB_TOKEN)],
    ];
    expect(checks.map(([, r]) => r.status)).toEqual([401, 403, 200, 403]);
    for (const [operationId, res] of checks) {
      const result = validator.validateResponse(operationId, res.status, await res.json());
      expect(result.errors, `${operationId} ${res.status}`).toEqual([]);
    }
  });

  it("every operation the simulator routes exists in the document with the same method, path and operationId", () => {
    const paths = (spec as { paths: Record<string, Record<string, { operationId?: string }>> }).paths;
    for (const op of GITHUB_OPERATIONS) {
      expect(paths[op.path]?.[op.method.toLowerCase()]?.operationId, `${op.method} ${op.path}`).toBe(
        op.operationId,
      );
    }
    expect(GITHUB_OPERATIONS.length).toBeGreaterThanOrEqual(20);
  });
});
