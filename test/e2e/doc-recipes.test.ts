/**
 * The docs' recipes run as written: the README's "Mint a URL" block and, of the admin API page, the
 * setup, Integrations, Integrated accounts (both blocks), Accounts connected by OAuth (with "Each
 * person their own upstream account"), tool preview, MCP servers, OAuth grants of an `oauth` server,
 * Activity (tool calls), API tokens and walkthrough blocks are taken from the Markdown files themselves
 * (ids a reader fills in, such as $ACCOUNT, set by the test) and run in bash against the e2e stack —
 * only the local gateway address (`http://127.0.0.1:8787`) is pointed at the stack's port, `.dev.vars`
 * is the one a fresh `npm start` writes (here, with the stack's admin token), and a placeholder that
 * cannot be sent as written (`…`) is replaced, where named, by what a reader pastes locally.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/dev-stack.ts";
import { admin, newServer, stack } from "./support.ts";
import { MemoryOAuthProvider, signInOverHttp } from "./support-oauth.ts";

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

/** The fields of an admin API answer that these tests read. */
interface Body {
  id?: string;
  url?: string;
  connect_url?: string;
  result?: Array<Record<string, unknown>>;
  next_cursor?: string | null;
}

/** Each curl's answer that `withStatus` delimited: its status and its body (one JSON line, or null). */
function answersOf(out: string): Array<{ status: number; body: Body | null }> {
  const lines = out.split("\n");
  return lines.flatMap((line, i) => {
    if (!/^\d{3}$/.test(line)) return [];
    // -w starts a line before the status: an empty body leaves an empty line there.
    const body = lines[i - 1] ?? "";
    return [{ status: Number(line), body: body ? JSON.parse(body) : null }];
  });
}

/**
 * A block in two: its paragraphs before the first one that uses `$name`, and the rest — a reader runs
 * the first part and fills `name` in from what it printed (or from what they did meanwhile).
 */
function splitBefore(block: string | undefined, name: string): [string, string] {
  const paragraphs = (block ?? "").split("\n\n");
  const i = paragraphs.findIndex((p) => p.includes(`$${name}`));
  if (i <= 0) throw new Error(`no paragraph before the first use of $${name}`);
  return [paragraphs.slice(0, i).join("\n\n"), paragraphs.slice(i).join("\n\n")];
}

/**
 * Runs admin-api.md's "The examples use" block, then `parts` (the variables a reader sets, the doc's
 * blocks), with every curl's status shown: the script must succeed and its curls answer `statuses`, in
 * order. Returns the answers.
 */
function recipe(statuses: number[], ...parts: string[]): Array<{ status: number; body: Body | null }> {
  const r = run(withStatus([adminExamples(), ...parts].join("\n")));
  expect(r.status, r.out).toBe(0);
  const answers = answersOf(r.out);
  expect(
    answers.map((a) => a.status),
    r.out.slice(-2000),
  ).toEqual(statuses);
  return answers;
}

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

  it("docs/admin-api.md: the Integrated accounts blocks connect, list, get, rotate and delete, and verify:false skips the check", async () => {
    const [accounts, unverified] = shellBlocks("docs/admin-api.md", "## Integrated accounts");
    expect(unverified).toContain('"verify":false');
    // `missive_pat-…` stands for the reader's own token (an ellipsis cannot be sent in a header: 400);
    // locally they paste the simulator's, its primary user's to connect and its guest's to rotate to.
    const [connect, manage] = splitBefore(
      accounts
        ?.replaceAll("missive_pat-new…", "missive_pat-simulator-guest")
        .replaceAll("missive_pat-…", "missive_pat-simulator"),
      "ACCOUNT",
    );

    const [created] = recipe([201], connect);
    expect(created).toMatchObject({ body: { name: "Support inbox", status: "active" } });
    const account = created?.body?.id ?? "";

    const [list, get, patch] = recipe([200, 200, 200, 204], `ACCOUNT=${account}`, manage);
    expect(list?.body?.result?.map((a) => a.id)).toContain(account);
    expect(get?.body).toMatchObject({ id: account, name: "Support inbox" });
    // The rotated token was checked upstream (the guest's is valid) and saved with the new name.
    expect(patch?.body).toMatchObject({ id: account, name: "Support (EU)", status: "active" });
    await expect(admin("GET", `/integrated-account/${account}`)).rejects.toThrow(/→ 404/);

    // A token the simulator does not know: refused when checked, saved when the check is skipped.
    const offline = (unverified ?? "").replaceAll("missive_pat-…", "missive_pat-offline");
    const checked = await fetch(`${stack().gateway}/integrated-account`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack().adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        integration: "missive",
        name: "Offline",
        credentials: { api_token: "missive_pat-offline" },
      }),
    });
    expect(checked.status).toBe(422);
    const [saved] = recipe([201], offline);
    expect(saved).toMatchObject({ body: { name: "Offline", integration: "missive" } });
    await admin("DELETE", `/integrated-account/${saved?.body?.id}`);
  });

  it("docs/admin-api.md: Accounts connected by OAuth, each person their own account, and an oauth server's grants", async () => {
    const [oauth] = shellBlocks("docs/admin-api.md", "## Accounts connected by OAuth");
    const [people] = shellBlocks("docs/admin-api.md", "### Each person their own upstream account");
    const [grants] = shellBlocks("docs/admin-api.md", "### OAuth grants of an `oauth` server");
    // The reader pastes the client ID and secret of the OAuth app they registered; locally the Notion
    // simulator's (what `npm start` registers, scripts/lib/oauth-apps.ts).
    const app = (await (await fetch(`${stack().notion}/__simulator/oauth/app`)).json()) as Record<
      string,
      string
    >;
    const [register, reconnect] = splitBefore(
      oauth?.replaceAll('{"client_id":"…","client_secret":"…"}', JSON.stringify(app)),
      "ACCOUNT",
    );
    const [perPerson, revokePerson] = splitBefore(people, "API_TOKEN_ID");

    // 1–2: no app yet (404), the app (200), a pending account with its connect URL (201).
    const [missing, put, pending] = recipe([404, 200, 201], register);
    expect(missing?.body).toMatchObject({ error: { code: "oauth_app_missing" } });
    expect(put?.body).toMatchObject({
      integration: "notion",
      client_id: app.client_id,
      client_secret_set: true,
    });
    expect(pending?.body).toMatchObject({ integration: "notion", auth: "oauth2", status: "pending" });
    const account = pending?.body?.id ?? "";
    const connectUrl = pending?.body?.connect_url;

    // A new connect URL for the same account.
    const [renewed] = recipe([200], `ACCOUNT=${account}`, reconnect);
    expect(renewed).toMatchObject({ body: { id: account, status: "pending" } });
    expect(renewed?.body?.connect_url).toMatch(/\/upstream-oauth\/connect\/acct_/);
    expect(renewed?.body?.connect_url).not.toBe(connectUrl);

    // A per_person URL on it (201); a person signs in with the SDK client, connecting their own Notion.
    const [server] = recipe([201], `ACCOUNT=${account}`, perPerson);
    expect(server).toMatchObject({ body: { config: { auth: "oauth", upstream: "per_person" } } });
    const mcp = server?.body?.id ?? "";
    const url = server?.body?.url ?? "";
    const alice = await admin<{ id: string; token: string }>("POST", "/api-token", {
      name: "Alice",
      scopes: ["mcp"],
    });
    // The redirect URI is never opened: signInOverHttp reads the code from the redirect itself.
    const provider = new MemoryOAuthProvider("http://127.0.0.1/callback");
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    await expect(new Client({ name: "recipes", version: "1.0.0" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await transport.finishAuth(await signInOverHttp(provider.authorizationUrl?.href ?? "", alice.token));
    const client = new Client({ name: "recipes", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
    const current = (await client.listTools()).tools.find((t) => t.name.includes("current"));
    const me = await client.callTool({ name: current?.name ?? "", arguments: {} });
    await client.close();
    expect(me.isError, JSON.stringify(me)).toBeFalsy();

    // Who connected (Alice), and revoking her connection.
    const [connected] = recipe([200, 204], `ACCOUNT=${account}`, `API_TOKEN_ID=${alice.id}`, revokePerson);
    expect(connected).toMatchObject({
      body: {
        result: [{ account_id: account, api_token_id: alice.id, api_token_name: "Alice", status: "active" }],
      },
    });
    expect(await admin("GET", `/integrated-account/${account}/people`)).toMatchObject({ result: [] });

    // Her sign-in is a grant on the URL: listed, then revoked; her access token is refused at once.
    const grantsPath = `/integrated-account/${account}/mcp/${mcp}/grants`;
    const grant = (await admin<{ result: Array<{ id: string }> }>("GET", grantsPath)).result[0]?.id;
    const [listed] = recipe([200, 204], `ACCOUNT=${account}`, `MCP=${mcp}`, `GRANT=${grant}`, grants ?? "");
    expect(listed).toMatchObject({
      body: { result: [{ id: grant, api_token_id: alice.id, api_token_name: "Alice", scope: ["mcp"] }] },
    });
    expect(await admin("GET", grantsPath)).toMatchObject({ result: [] });
    const refused = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${provider.stored?.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(refused.status).toBe(401);

    // Leave the shared stack as found: no Notion OAuth app, no account.
    await admin("DELETE", `/integrated-account/${account}`);
    await admin("DELETE", "/integrations/notion/oauth-app");
  });

  it("docs/admin-api.md: the Activity blocks list the calls made, newest first, filter them and page on with next_cursor", async () => {
    const [activity] = shellBlocks("docs/admin-api.md", "## Activity (tool calls)");
    const { accountId, serverId, url } = await newServer();
    // 21 reads and one create with invalid arguments (an error), as Claude Code on MCP 2026-07-28.
    const client = new Client(
      { name: "claude-code", version: "2.1.0" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    for (let i = 0; i < 21; i++)
      await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    const failed = await client.callTool({ name: "create_a_missive_contact", arguments: {} });
    await client.close();
    expect(failed.isError).toBe(true);
    // Records are written after each answer: wait until all 22 are there.
    const callsPath = `/integrated-account/${accountId}/calls`;
    await expect
      .poll(async () => (await admin<{ result: unknown[] }>("GET", `${callsPath}?limit=100`)).result.length, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(22);
    const nextCursor = (await admin<{ next_cursor: string }>("GET", `${callsPath}?limit=20`)).next_cursor;

    const [page, failures, filtered, rest] = recipe(
      [200, 200, 200, 200],
      `ACCOUNT=${accountId}`,
      `MCP=${serverId}`,
      `NEXT_CURSOR=${nextCursor}`,
      activity ?? "",
    );
    // The first 20, newest first (the failed create on top), and the cursor to the rest.
    expect(page?.body?.result).toHaveLength(20);
    expect(page?.body?.next_cursor).toBe(nextCursor);
    expect(page?.body?.result?.[0]).toMatchObject({
      tool: "create_a_missive_contact",
      mcp_server_id: serverId,
      protocol_version: "2026-07-28",
      client: { name: "claude-code", version: "2.1.0" },
    });
    expect(page?.body?.result?.[0]?.outcome).not.toBe("ok");
    expect(
      page?.body?.result
        ?.slice(1)
        .every((c) => c.tool === "list_all_missive_contact_books" && c.outcome === "ok"),
    ).toBe(true);
    // The server's failures of the last hour, and the create calls of claude-code: that one call.
    const create = page?.body?.result?.[0]?.id;
    expect(failures?.body?.result?.map((c) => c.id)).toEqual([create]);
    expect(filtered?.body?.result?.map((c) => c.id)).toEqual([create]);
    // The next page: the other two reads, and no further page.
    expect(rest?.body?.result).toHaveLength(2);
    expect(rest?.body?.next_cursor).toBeNull();
    const ids = [...(page?.body?.result ?? []), ...(rest?.body?.result ?? [])].map((c) => c.id);
    expect(new Set(ids).size).toBe(22);
  });
});
