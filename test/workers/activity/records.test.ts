import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { failedActivityWrites } from "../../../worker/activity/record";
import { setClock } from "../../../worker/clock";
import { sha256Hex } from "../../../worker/security/crypto";
import { keys } from "../../../worker/stores/records";
import { CLIENT, connectOn, recordsOf, settledRecordsOf, TRANSPORTS } from "../support/activity";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  gw,
  installSimulator,
  withinOneLimiterWindow,
} from "../support/gateway";

afterEach(() => setClock());

async function newServer(body?: Record<string, unknown>) {
  const account = await createAccount();
  const server = await createServer(account, body);
  return { account, server, path: new URL(server.url).pathname };
}

/** A raw tools/call POST of either Streamable HTTP era (for calls refused before the SDK runs). */
function rawToolCall(path: string, era: "2026" | "2025", name: string, headers: Record<string, string> = {}) {
  const modern = era === "2026";
  const meta = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": CLIENT,
  };
  return gw(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "user-agent": "raw-test-agent/1",
      "mcp-protocol-version": modern ? "2026-07-28" : "2025-06-18",
      ...(modern ? { "mcp-method": "tools/call", "mcp-name": name } : {}),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 9,
      method: "tools/call",
      params: { name, arguments: { limit: 5 }, ...(modern ? { _meta: meta } : {}) },
    }),
  });
}

describe("a record for every tool call, on every transport", () => {
  it.each(TRANSPORTS)("records a successful call ($name)", async (way) => {
    const sim = installSimulator();
    sim.setRateLimits({ headersOnSuccess: true });
    const { account, server } = await newServer();
    const client = await connectOn(server.url, way);
    const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect(r.isError).not.toBe(true);
    await client.close();
    const rows = await recordsOf(server.id, 1);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      account_id: account,
      server_id: server.id,
      tool: "list_all_missive_contact_books",
      protocol_era: way.era,
      transport: way.transport,
      outcome: "ok",
      refusal_reason: null,
      upstream_status: 200,
      truncated: 0,
      arguments: null,
      api_token_id: null,
    });
    // 2026 names the client per request; HTTP+SSE remembers its initialize; stateless 2025 cannot.
    if (way.name === "2025 Streamable HTTP") expect(row?.client_name).toBeNull();
    else expect(row).toMatchObject({ client_name: CLIENT.name, client_version: CLIENT.version });
    expect(row?.protocol_version).toBe(way.version);
    expect(row?.result_bytes).toBe(
      new TextEncoder().encode((r.content as Array<{ text: string }>)[0]?.text ?? "").length,
    );
    expect(row?.duration_ms).toBeGreaterThanOrEqual(row?.upstream_ms ?? 0);
    expect(row?.ratelimit_limit).toBe(300);
    expect(Math.abs((row?.ts ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it.each(TRANSPORTS)("records failed calls with the error kind the caller saw ($name)", async (way) => {
    installSimulator();
    const { server } = await newServer();
    const client = await connectOn(server.url, way);
    const missing = await client.callTool({
      name: "get_single_missive_contact_by_id",
      arguments: { id: "00000000-0000-0000-0000-00000000dead" },
    });
    expect(missing.isError).toBe(true);
    const invalid = await client.callTool({
      name: "list_all_missive_contacts",
      arguments: { limit: "many" },
    });
    expect(invalid.isError).toBe(true);
    await client.close();
    const rows = await recordsOf(server.id, 2);
    expect(rows.map((r) => [r.tool, r.outcome, r.upstream_status, r.refusal_reason])).toEqual([
      ["get_single_missive_contact_by_id", "not_found", 404, null],
      ["list_all_missive_contacts", "invalid_arguments", null, null],
    ]);
    expect(rows.every((r) => r.transport === way.transport)).toBe(true);
  });

  it.each(TRANSPORTS)(
    "records a call refused by the server's filters, and an unknown tool ($name)",
    async (way) => {
      const sim = installSimulator();
      const { server } = await newServer({
        name: "contacts",
        config: { methods: ["read"], tags: ["contacts"] },
      });
      const client = await connectOn(server.url, way);
      await expect(client.callTool({ name: "create_a_missive_contact", arguments: {} })).rejects.toThrow(
        /Unknown tool/,
      );
      await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/Unknown tool/);
      await client.close();
      const rows = await recordsOf(server.id, 2);
      expect(rows.map((r) => [r.tool, r.outcome, r.refusal_reason])).toEqual([
        ["create_a_missive_contact", "unknown_tool", "filter"],
        ["no_such_tool", "unknown_tool", null],
      ]);
      expect(sim.requests).toHaveLength(0);
    },
  );
});

describe("calls refused before the tool runs", () => {
  it.each(["2026", "2025"] as const)(
    "records a call to an expired URL with reason expired (%s)",
    async (era) => {
      installSimulator();
      const { server, path } = await newServer({
        name: "short-lived",
        expires_at: new Date(Date.now() + 120_000).toISOString(),
      });
      setClock(() => Date.now() + 10 * 60_000);
      const res = await rawToolCall(path, era, "list_all_missive_users");
      expect(res.status).toBe(404);
      const [row] = await recordsOf(server.id, 1);
      // One record of the refused request: the tool and client it names are not trusted, only counted.
      expect(row).toMatchObject({
        tool: "(refused request)",
        outcome: "expired",
        refusal_reason: "expired",
        refused_messages: 1,
        client_name: null,
        user_agent: "raw-test-agent/1",
        upstream_status: null,
      });
    },
  );

  it("records calls to a URL purged at expiry as expired, from its tombstone, and nothing for a deleted one", async () => {
    installSimulator();
    const { server, path, account } = await newServer({
      name: "short-lived",
      expires_at: new Date(Date.now() + 120_000).toISOString(),
    });
    setClock(() => Date.now() + 10 * 60_000);
    const stub = env.MCP_SERVER.get(env.MCP_SERVER.idFromName(server.id));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const hash = await sha256Hex(path.split("/mcp/")[1] ?? "");
    expect(await env.KV.get(keys.token(hash))).toBeNull();
    const tombstone = await env.KV.list({ prefix: keys.tokenTombstone(hash) });
    const retentionS = 30 * 86_400;
    expect(tombstone.keys[0]?.expiration).toBeGreaterThan(Math.floor(Date.now() / 1000) + retentionS - 120);
    expect((await rawToolCall(path, "2025", "list_all_missive_users")).status).toBe(404);
    const [row] = await recordsOf(server.id, 1);
    expect(row).toMatchObject({
      tool: "(refused request)",
      outcome: "expired",
      refusal_reason: "expired",
      refused_messages: 1,
    });
    // Deleted, the URL is unknown: no tombstone, no record.
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${server.id}`)).status).toBe(204);
    expect(await env.KV.get(keys.tokenTombstone(hash))).toBeNull();
    expect((await rawToolCall(path, "2025", "list_all_missive_users")).status).toBe(404);
    expect(await settledRecordsOf(server.id, 300)).toHaveLength(1);
  });

  it("records a call without the required API token (second factor), on Streamable HTTP and HTTP+SSE", async () => {
    installSimulator();
    const { server, path } = await newServer({ name: "guarded", config: { require_api_token_auth: true } });
    expect((await rawToolCall(path, "2025", "list_all_missive_users")).status).toBe(401);
    const sse = await gw(`${path}/message?sessionId=${"a".repeat(64)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "list_all_missive_teams" },
      }),
    });
    expect(sse.status).toBe(401);
    const rows = await recordsOf(server.id, 2);
    expect(rows.map((r) => [r.tool, r.transport, r.outcome, r.refusal_reason, r.refused_messages])).toEqual([
      ["(refused request)", "streamable_http", "unauthorized_caller", "second_factor", 1],
      ["(refused request)", "http_sse", "unauthorized_caller", "second_factor", 1],
    ]);
  });

  it("answers a 1 MB batch of 12,000 tool calls without the API token with one 401 and at most one record, claiming nothing it said", async () => {
    installSimulator();
    const { server, path } = await newServer({ name: "guarded", config: { require_api_token_auth: true } });
    const forgedMeta = { "io.modelcontextprotocol/clientInfo": { name: "Forged Client", version: "6.6.6" } };
    const messages = Array.from({ length: 12_000 }, (_, i) => ({
      jsonrpc: "2.0",
      id: i,
      method: "tools/call",
      params: { name: `f${i}`, ...(i === 0 ? { _meta: forgedMeta, arguments: { note: "forged" } } : {}) },
    }));
    const body = JSON.stringify(messages);
    expect(body.length).toBeGreaterThan(900_000);
    expect(body.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const res = await gw(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-03-26",
      },
      body,
    });
    const wall = performance.now() - started;
    expect(res.status).toBe(401);
    // Wall time in workerd bounds the request's CPU from above; 12,000 records used to take 160 s.
    expect(wall).toBeLessThan(2_000);
    const rows = await settledRecordsOf(server.id, 500);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tool: "(refused request)",
      client_name: null,
      client_version: null,
      arguments: null,
      refusal_reason: "second_factor",
      refused_messages: 12_000,
    });
    expect(JSON.stringify(rows)).not.toMatch(/forged|Forged/i);
  });

  it("counts calls of unknown tools against the URL's limit: guessing names is refused like any other work", async () => {
    installSimulator();
    const { server, path } = await newServer();
    await withinOneLimiterWindow();
    let answer = "";
    let calls = 0;
    while (calls < 150 && !answer.includes("gateway_rate_limited")) {
      answer = await (await rawToolCall(path, "2025", "no_such_tool")).text();
      calls++;
    }
    // The test limiter allows 100 units a minute (vitest.config.ts): the 101st guess is refused.
    expect(calls).toBe(101);
    const rows = await recordsOf(server.id, 101);
    expect(rows.filter((r) => r.outcome === "unknown_tool")).toHaveLength(100);
    expect(rows.at(-1)).toMatchObject({
      tool: "no_such_tool",
      outcome: "gateway_rate_limited",
      refusal_reason: "rate_limit",
    });
  }, 40_000);

  it("keeps at most 10 refusal records per URL and minute", async () => {
    installSimulator();
    const { server, path } = await newServer({ name: "guarded", config: { require_api_token_auth: true } });
    for (let i = 0; i < 15; i++) {
      expect((await rawToolCall(path, "2025", "list_all_missive_users")).status).toBe(401);
    }
    expect(await settledRecordsOf(server.id, 500)).toHaveLength(10);
  });

  it("names the API token that was used as the second factor", async () => {
    installSimulator();
    const created = await admin("POST", "/api-token", { name: "Jane's laptop", scopes: ["mcp"] });
    const token = (await created.json()) as { id: string; token: string };
    const { server } = await newServer({ name: "guarded", config: { require_api_token_auth: true } });
    const client = await connectClient(server.url, "modern", { authorization: `Bearer ${token.token}` });
    await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    await client.close();
    const [row] = await recordsOf(server.id, 1);
    expect(row).toMatchObject({ api_token_id: token.id, api_token_name: "Jane's laptop", outcome: "ok" });
  });

  it("records tool calls our own per-URL limit refused, with reason rate_limit", async () => {
    installSimulator();
    const { server, path } = await newServer();
    let limited = false;
    for (let i = 0; i < 201 && !limited; i++) {
      const res = await gw(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      limited = res.status === 429 || (await res.text()).includes("gateway_rate_limited");
    }
    expect(limited).toBe(true);
    await (await rawToolCall(path, "2025", "list_all_missive_users")).text();
    const [row, ...more] = await recordsOf(server.id, 1);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      tool: "list_all_missive_users",
      outcome: "gateway_rate_limited",
      refusal_reason: "rate_limit",
      upstream_status: null,
    });
  });
});

describe("what a record never holds", () => {
  it("stores no argument values unless the server opts in", async () => {
    installSimulator();
    const { server } = await newServer();
    const client = await connectClient(server.url, "modern");
    await client.callTool({ name: "list_all_missive_contacts", arguments: { search: "jane@example.com" } });
    await client.close();
    const rows = await settledRecordsOf(server.id);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("jane@example.com");
  });

  it("stores redacted arguments with config.log_arguments: secret-named keys and secret-looking values", async () => {
    installSimulator();
    const book = "b1";
    const { server } = await newServer({ name: "logged", config: { log_arguments: true } });
    const client = await connectClient(server.url, "legacy");
    await client.callTool({
      name: "list_all_missive_contacts",
      arguments: { contact_book: book, search: "Bearer sk_live_abcdefghijklmnopqrstuvwx", limit: 5 },
    });
    await client.close();
    const [row] = await recordsOf(server.id, 1);
    expect(JSON.parse(row?.arguments ?? "null")).toEqual({
      contact_book: book,
      search: "[redacted]",
      limit: 5,
    });
  });

  it("never holds the URL token, an API token or the account's credentials", async () => {
    installSimulator();
    const created = await admin("POST", "/api-token", { name: "ops", scopes: ["mcp"] });
    const apiToken = ((await created.json()) as { token: string }).token;
    const { server, path } = await newServer({
      name: "everything",
      config: { log_arguments: true, require_api_token_auth: true },
    });
    const urlToken = path.split("/")[2] ?? "";
    expect(urlToken.length).toBeGreaterThan(20);
    const client = await connectClient(server.url, "modern", { authorization: `Bearer ${apiToken}` });
    // Secrets passed as arguments too, under names and shapes a model might use.
    await client.callTool({
      name: "list_all_missive_contacts",
      arguments: { contact_book: urlToken, search: apiToken },
    });
    await client.callTool({
      name: "create_a_missive_contact",
      arguments: { api_key: "missive_pat-simulator" },
    });
    await client.close();
    await rawToolCall(path, "2026", "list_all_missive_users"); // refused: no API token
    const rows = await recordsOf(server.id, 3);
    expect(rows).toHaveLength(3);
    const stored = JSON.stringify(rows);
    for (const secret of [
      urlToken,
      apiToken,
      "missive_pat-simulator",
      env.ADMIN_TOKEN,
      env.CREDENTIALS_KEY,
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(rows.map((r) => r.api_token_id !== null)).toEqual([true, true, false]);
  });
});

describe("a failed record write", () => {
  it("never fails the call: it is counted and logged with the request id", async () => {
    installSimulator();
    const { server } = await newServer();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = failedActivityWrites();
    await env.ACTIVITY.exec("ALTER TABLE tool_calls RENAME TO tool_calls_away");
    try {
      const client = await connectOn(server.url, TRANSPORTS[0]);
      const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
      expect(r.isError).not.toBe(true);
      await client.close();
      await expect.poll(() => failedActivityWrites(), { timeout: 5_000 }).toBe(before + 1);
    } finally {
      await env.ACTIVITY.exec("ALTER TABLE tool_calls_away RENAME TO tool_calls");
    }
    const line = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes("activity_write_failed"));
    expect(JSON.parse(line ?? "{}")).toMatchObject({
      level: "error",
      event: "activity_write_failed",
      request_id: expect.any(String),
      failed_writes: before + 1,
    });
    expect(line).not.toContain(new URL(server.url).pathname);
  });
});
