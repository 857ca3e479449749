/**
 * The docs' recipes run as written: the README's "Mint a URL" block and the admin API page's setup,
 * Integrations, tool preview, MCP servers, API tokens and walkthrough blocks are taken from the
 * Markdown files themselves (ids a reader fills in, such as $ACCOUNT, set by the test) and run in bash against the
 * e2e stack — only the local gateway address (`http://127.0.0.1:8787`) is pointed at the stack's
 * port, and `.dev.vars` is the one a fresh `npm start` writes (here, with the stack's admin token).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/dev-stack.ts";
import { admin, stack } from "./support.ts";

/** The `sh` code blocks of a Markdown section (from its heading to the next one of the same level). */
function shellBlocks(file: string, heading: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file}: no section ${heading}`);
  const level = heading.match(/^#+/)?.[0] ?? "##";
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n${level} `));
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

/** admin-api.md's "The examples use" block: `GW` and `ADMIN_TOKEN`, as every other block expects. */
function adminExamples(): string {
  const text = readFileSync(join(ROOT, "docs/admin-api.md"), "utf8");
  const examples = text.match(/The examples use:\n\n```sh\n([\s\S]*?)```/)?.[1];
  if (!examples) throw new Error("docs/admin-api.md: no 'The examples use' block");
  return examples;
}

/** A script whose every curl also prints its HTTP status on a line of its own. */
const withStatus = (script: string) => script.replaceAll("curl -sS", "curl -sS -w '\\n%{http_code}\\n'");

/** The statuses `withStatus` printed, in order. */
const statusesOf = (out: string) => [...out.matchAll(/^(\d{3})$/gm)].map((m) => Number(m[1]));

let home = "";

/** Runs a script in bash with the repository as working directory, as a reader would. */
function run(script: string): { status: number | null; out: string } {
  const local = script
    .replaceAll("http://127.0.0.1:8787", stack().gateway)
    .replaceAll(".dev.vars", join(home, ".dev.vars"));
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", local], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "edge-mcp-recipes-"));
  writeFileSync(join(home, ".dev.vars"), `ADMIN_TOKEN=${stack().adminToken}\n`, { mode: 0o600 });
  // What `npm start` provisions before a reader gets to these recipes: a Missive account.
  await admin("POST", "/integrated-account", {
    integration: "missive",
    name: "Demo Missive (simulator)",
    credentials: { api_token: "missive_pat-simulator" },
  });
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("the docs' recipes, run as written", () => {
  it("README: Mint a URL", () => {
    const [block] = shellBlocks("README.md", "## Mint a URL");
    expect(block).toBeDefined();
    const r = run(block ?? "");
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+\/mcp\/emcp_[A-Za-z0-9_-]+"/);
    expect(r.out).toMatch(/"expires_at":"\d{4}-\d\d-\d\dT/);
  });

  it("docs/admin-api.md: the walkthrough mints a read-only, expiring URL that needs the API token it created", async () => {
    const examples = adminExamples();
    const [walkthrough] = shellBlocks(
      "docs/admin-api.md",
      "## Walkthrough: a read-only, expiring, API-token-protected server with curl alone",
    );
    expect(walkthrough).toContain("claude mcp add");
    // Its last line hands the URL to Claude Code; here `claude` prints what it was given, and the
    // test then uses the URL and API token as Claude Code would.
    const script = [
      examples,
      'claude() { printf "claude %s\\n" "$*"; }',
      walkthrough,
      'printf "URL=%s\\nAPITOKEN=%s\\n" "$URL" "$APITOKEN"',
    ].join("\n");
    const r = run(script);
    expect(r.status, r.out).toBe(0);
    const url = r.out.match(/^URL=(\S+)$/m)?.[1] ?? "";
    const apiToken = r.out.match(/^APITOKEN=(\S+)$/m)?.[1] ?? "";
    expect(url).toMatch(/\/mcp\/emcp_/);
    expect(r.out).toContain(
      `claude mcp add --transport http missive-qa ${url} --header Authorization: Bearer ${apiToken}`,
    );
    // The URL alone is refused; with the API token it serves read tools only.
    const bare = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(bare.status).toBe(401);
    const client = new Client({ name: "walkthrough", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${apiToken}` } },
      }),
    );
    const { tools } = await client.listTools();
    await client.close();
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("docs/admin-api.md: the tool preview, MCP servers and API tokens blocks, with the ids a reader fills in", async () => {
    const examples = adminExamples();
    const account = await admin<{ id: string }>("POST", "/integrated-account", {
      integration: "missive",
      name: "Recipes",
      credentials: { api_token: "missive_pat-simulator" },
    });
    const token = await admin<{ id: string }>("POST", "/api-token", { name: "to revoke", scopes: ["mcp"] });
    const [preview] = shellBlocks("docs/admin-api.md", "## Tool preview");
    const [create, manage] = shellBlocks("docs/admin-api.md", "## MCP servers");
    const [tokens] = shellBlocks("docs/admin-api.md", "## API tokens");

    const first = run(withStatus([examples, `ACCOUNT=${account.id}`, preview, create].join("\n")));
    expect(first.status, first.out).toBe(0);
    expect(statusesOf(first.out), first.out.slice(-2000)).toEqual([200, 201]);
    const mcp = first.out.match(/"id":"(mcp_[A-Za-z0-9_-]+)"/)?.[1];
    expect(mcp, first.out.slice(-2000)).toBeDefined();

    const second = run(
      withStatus(
        [examples, `ACCOUNT=${account.id}`, `MCP=${mcp}`, manage, `TOKEN_ID=${token.id}`, tokens].join("\n"),
      ),
    );
    expect(second.status, second.out).toBe(0);
    // list, get, PATCH, DELETE (204); create an API token (201), list, revoke (204).
    expect(statusesOf(second.out), second.out.slice(-2000)).toEqual([200, 200, 200, 204, 201, 200, 204]);
  });

  it("docs/admin-api.md: the setup and Integrations blocks (import GitHub, versions, publish, edit a tool)", () => {
    const examples = adminExamples();
    expect(examples).toContain("export GW=");
    const blocks = shellBlocks("docs/admin-api.md", "## Integrations");
    expect(blocks.length).toBeGreaterThan(0);
    // Each curl prints its answer; -w adds the status, so a refused call shows in the output.
    const script = withStatus([examples, ...blocks].join("\n"));
    const r = run(script);
    expect(r.status, r.out).toBe(0);
    const statuses = statusesOf(r.out);
    expect(statuses.length).toBeGreaterThanOrEqual(7);
    // Every call of the recipe succeeds, except DELETE while an account uses GitHub (409, as documented).
    expect(
      statuses.filter((s) => s >= 400 && s !== 409),
      r.out.slice(-3000),
    ).toEqual([]);
    expect(r.out).toMatch(/"name":"github","hash":"[0-9a-f]{64}","tool_count":1101/);
    expect(r.out).toMatch(/"published_version":\d+,"previous_version"/);
  });
});
