/**
 * GitHub, imported at runtime: GitHub's own OpenAPI document (`@octokit/openapi`, 12.4 MiB, 1,223
 * operations) goes through the admin API (`POST /integrations`) of the real gateway in `wrangler dev`
 * — never committed as records — is published, and serves a URL in discovery mode against the GitHub
 * simulator of the stack. Its paging (the `Link` header's `rel="next"`) becomes our `next_cursor`;
 * its rate-limit headers (and 403/429 secondary limits with `retry-after`) reach the caller as IETF
 * `ratelimit-*` headers and in-band, never retried; and every request the gateway sent GitHub
 * validates against the operation in the document.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGithubOpenApiValidator } from "../../simulator/github/openapi.js";
import type { GithubRequest } from "../../simulator/github/types.js";
import { admin, stack, v2Client } from "./support.ts";

const SPEC_PATH = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
const MODERN = "2026-07-28";

/** A request as the GitHub simulator logged it. */
type Seen = GithubRequest;

async function github(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack().github}/__simulator/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : null,
  });
  return res.json();
}

async function seen(): Promise<Seen[]> {
  return ((await github("GET", "requests")) as { requests: Seen[] }).requests;
}

/** The JSON a discovery-mode `call_tool` returned, or the error structure. */
function resultOf(r: { content?: unknown; isError?: boolean }): Record<string, unknown> {
  const content = (r.content ?? []) as Array<{ type: string; text?: string }>;
  const text = content.find((c) => c.type === "text")?.text ?? "{}";
  return JSON.parse(text) as Record<string, unknown>;
}

let imported: Record<string, unknown>;
let importMs = 0;
let url = "";
let client: Client;

beforeAll(async () => {
  await github("POST", "reset");
  const spec = readFileSync(SPEC_PATH, "utf8");
  const t0 = performance.now();
  // The document as the admin hands it in: a JSON object, 12.4 MiB.
  const res = await fetch(`${stack().gateway}/integrations`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack().adminToken}`, "content-type": "application/json" },
    body: `{"name":"github","openapi":${spec}}`,
  });
  importMs = performance.now() - t0;
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`import → ${res.status}: ${text.slice(0, 2000)}`);
  imported = JSON.parse(text) as Record<string, unknown>;
  await admin("POST", "/integrations/github/publish", { version: imported.version });
  const account = await admin<{ id: string }>("POST", "/integrated-account", {
    integration: "github",
    name: "GitHub (simulator)",
    credentials: { api_token: "ghp_simulator" },
    verify: false,
  });
  const server = await admin<{ url: string }>("POST", `/integrated-account/${account.id}/mcp`, {
    name: "GitHub, discovery",
    config: { tool_exposure: "auto" },
  });
  url = server.url;
  client = await v2Client(url, "modern");
}, 180_000);

afterAll(async () => {
  await client?.close();
});

describe("GitHub imported at runtime through the admin API", () => {
  it("imports 1,000+ operations with a report, a diff and a footprint, tagged from the spec's tags", async () => {
    console.log(`GitHub import through POST /integrations: ${Math.round(importMs)} ms as run (wrangler dev)`);
    expect(imported.tool_count as number).toBeGreaterThan(1_000);
    const report = imported.report as { operations: Array<{ file: string | null; notes: string[] }> };
    expect(report.operations.length).toBe(1_223);
    expect(report.operations.filter((o) => o.file === null).length).toBeGreaterThan(0);
    const diff = imported.diff as { added: string[]; removed: string[] };
    expect(diff.added.length).toBe(imported.tool_count);
    const fp = imported.footprint as { tokens_total: number; warnings: unknown[] };
    expect(fp.tokens_total).toBeGreaterThan(300_000);
    expect(fp.warnings.length).toBeGreaterThan(0);
    const info = await admin<{ result: Array<{ name: string; published_version: number; tags: string[] }> }>(
      "GET",
      "/integrations",
    );
    const gh = info.result.find((i) => i.name === "github");
    expect(gh?.published_version).toBe(imported.version);
    expect(gh?.tags).toEqual(expect.arrayContaining(["issues", "pulls", "repos", "search", "users"]));
  });

  it("serves the 1,000+ tools through discovery: three meta tools, and search finds the issue lister", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_tools", "get_tool_schema", "call_tool"]);
    const hits = resultOf(
      await client.callTool({ name: "search_tools", arguments: { query: "list issues in a repository" } }),
    ).result as Array<{ name: string }>;
    expect(hits.map((h) => h.name)).toContain("list_all_github_repo_issues");
  });

  it("turns GitHub's Link rel=next into next_cursor and pages a repository's issues to the end, each once", async () => {
    const schema = resultOf(
      await client.callTool({ name: "get_tool_schema", arguments: { name: "list_all_github_repo_issues" } }),
    ).result as { inputSchema: { properties: Record<string, unknown> } };
    expect(Object.keys(schema.inputSchema.properties)).toEqual(
      expect.arrayContaining(["limit", "next_cursor"]),
    );
    expect(Object.keys(schema.inputSchema.properties)).not.toContain("page");
    const numbers: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = resultOf(
        await client.callTool({
          name: "call_tool",
          arguments: {
            name: "list_all_github_repo_issues",
            arguments: {
              owner: "octocat-sim",
              repo: "hello-world",
              state: "all",
              limit: 50,
              ...(cursor ? { next_cursor: cursor } : {}),
            },
          },
        }),
      );
      const items = page.result as Array<{ number: number }>;
      numbers.push(...items.map((i) => i.number));
      cursor = page.next_cursor as string | null;
      pages++;
    } while (cursor && pages < 20);
    expect(cursor).toBeNull();
    expect(numbers.length).toBe(150);
    expect(new Set(numbers).size).toBe(150);
    // A page too large for one result (MAX_RESULT_CHARS) is cut to whole items and resumed from
    // the same upstream page, so the upstream pages run 1, 2, 3 with possible repeats, never back.
    const issueLists = (await seen()).filter((r) => r.path === "/repos/octocat-sim/hello-world/issues");
    const asked = issueLists.map((r) => Number(r.query.page ?? "1"));
    expect([...new Set(asked)]).toEqual([1, 2, 3]);
    expect(asked).toEqual([...asked].sort((a, b) => a - b));
    expect(issueLists.every((r) => r.query.per_page === "50" && r.query.state === "all")).toBe(true);
    expect(pages).toBe(asked.length);
  });

  it("hands GitHub's rate-limit state to the caller as ratelimit-* headers and in-band, and never retries a 403/429", async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    await github("POST", "rate-limit", { window: { limit: 5000, remaining: 0, reset } });
    const before = (await seen()).length;
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/call",
        "mcp-name": "call_tool",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: {
          name: "call_tool",
          arguments: {
            name: "list_all_github_repo_issues",
            arguments: { owner: "octocat-sim", repo: "hello-world", limit: 1 },
          },
          _meta: {
            "io.modelcontextprotocol/protocolVersion": MODERN,
            "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": { name: "github-e2e", version: "1" },
          },
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBe("5000");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    const secondsLeft = Number(res.headers.get("ratelimit-reset"));
    expect(secondsLeft).toBeGreaterThan(500);
    expect(secondsLeft).toBeLessThanOrEqual(600);
    const body = (await res.json()) as {
      result: { isError: boolean; structuredContent: { error: Record<string, unknown> } };
    };
    expect(body.result.isError).toBe(true);
    expect(body.result.structuredContent.error).toMatchObject({
      kind: "rate_limited",
      status: 403,
      ratelimit: { limit: 5000, remaining: 0 },
    });
    expect((await seen()).length - before).toBe(1);

    await github("POST", "reset");
    await github("POST", "fail", { status: 429, count: 1, retry_after: 42 });
    const secondary = await client.callTool({
      name: "call_tool",
      arguments: {
        name: "list_all_github_repo_issues",
        arguments: { owner: "octocat-sim", repo: "hello-world", limit: 1 },
      },
    });
    expect(secondary.isError).toBe(true);
    expect((secondary.structuredContent as { error: unknown }).error).toMatchObject({
      kind: "rate_limited",
      status: 429,
      retry_after: 42,
    });
    expect((await seen()).length).toBe(1);
  });

  it("sends GitHub only requests its OpenAPI operations accept", async () => {
    await client.callTool({
      name: "call_tool",
      arguments: {
        name: "create_a_github_repo_issue",
        arguments: { owner: "octocat-sim", repo: "hello-world", title: "From the e2e test", labels: ["bug"] },
      },
    });
    await client.callTool({
      name: "call_tool",
      arguments: {
        name: "list_all_github_search_issues",
        arguments: { q: "repo:octocat-sim/hello-world is:open", limit: 5 },
      },
    });
    const requests = (await seen()).filter((r) => !r.path.startsWith("/__"));
    expect(requests.length).toBeGreaterThan(0);
    const validator = await createGithubOpenApiValidator(JSON.parse(readFileSync(SPEC_PATH, "utf8")), {
      operations: "all",
    });
    const invalid = requests
      .map((r) => ({ r, v: validator.validate(r) }))
      .filter(({ v }) => !v.valid)
      .map(({ r, v }) => `${r.method} ${r.path}: ${v.errors.join("; ")}`);
    expect(invalid).toEqual([]);
  });
});
