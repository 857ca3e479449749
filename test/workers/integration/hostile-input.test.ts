import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { MAX_PATH_PARAM_CHARS } from "../../../worker/tools/request";
import { admin, connectClient, createAccount, createServer, gw, installSimulator } from "../support/gateway";

const adminRaw = (path: string, init: RequestInit) =>
  gw(path, { ...init, headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, ...(init.headers ?? {}) } });

describe("hostile input", () => {
  it.each([
    ["../contacts", "/v1/contacts/..%2Fcontacts"],
    ["a/b", "/v1/contacts/a%2Fb"],
    ["a%2Fb", "/v1/contacts/a%252Fb"],
    ["x?contact_book=y", "/v1/contacts/x%3Fcontact_book%3Dy"],
    ["x#frag", "/v1/contacts/x%23frag"],
  ])("keeps the path parameter %j inside its own segment upstream", async (id, upstreamPath) => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "legacy");
    const r = await client.callTool({ name: "get_single_missive_contact_by_id", arguments: { id } });
    expect(r.isError).toBe(true);
    expect(sim.requests.map((q) => [q.method, q.path, q.query])).toEqual([["GET", upstreamPath, {}]]);
    await client.close();
  });

  it("refuses dot-segment ids before any upstream request", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "modern");
    for (const id of ["..", ".", "%2e%2e"]) {
      const r = await client.callTool({ name: "get_single_missive_contact_by_id", arguments: { id } });
      expect(r.isError).toBe(true);
    }
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });

  it.each([
    ["a lone high surrogate", { id: "\ud800" }, /malformed Unicode/],
    ["a lone low surrogate inside text", { id: "ab\udc00cd" }, /malformed Unicode/],
    ["a 100,000-character id", { id: "x".repeat(100_000) }, /too long/],
    ["an id one character over the bound", { id: "x".repeat(MAX_PATH_PARAM_CHARS + 1) }, /too long/],
  ])(
    "answers %s in a path argument with an invalid_arguments tool error and no upstream request",
    async (_, args, message) => {
      const sim = installSimulator();
      for (const era of ["legacy", "modern"] as const) {
        const client = await connectClient((await createServer(await createAccount())).url, era);
        const r = await client.callTool({ name: "get_single_missive_contact_by_id", arguments: args });
        expect(r.isError, era).toBe(true);
        expect((r.structuredContent as { error?: { kind?: string } }).error?.kind).toBe("invalid_arguments");
        expect(JSON.stringify(r.content)).toMatch(message);
        await client.close();
      }
      expect(sim.requests).toHaveLength(0);
    },
  );

  it("answers malformed Unicode in a query argument and an over-long query with invalid_arguments", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "modern");
    for (const [args, message] of [
      [{ search: "\udfff" }, /malformed Unicode/],
      [{ search: "y".repeat(20_000) }, /too long/],
    ] as const) {
      const r = await client.callTool({
        name: "list_all_missive_contacts",
        arguments: { contact_book: "b", ...args },
      });
      expect(r.isError).toBe(true);
      expect((r.structuredContent as { error?: { kind?: string } }).error?.kind).toBe("invalid_arguments");
      expect(JSON.stringify(r.content)).toMatch(message);
    }
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });

  it("accepts an id of exactly the maximum length", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "modern");
    await client.callTool({
      name: "get_single_missive_contact_by_id",
      arguments: { id: "x".repeat(MAX_PATH_PARAM_CHARS) },
    });
    expect(sim.requests).toHaveLength(1);
    await client.close();
  });

  it("answers a malformed percent-escape in a path with 400, on the admin API and the MCP URL", async () => {
    const res = await admin("GET", "/integrated-account/%E0%A4");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    expect((await gw("/mcp/%E0%A4", { method: "POST", body: "{}" })).status).toBe(400);
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const res = await adminRaw("/integrated-account", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_json", message: "Request body is not valid JSON" },
    });
  });

  it("answers bodies over 64 KiB with 413, on the admin API and the MCP endpoint", async () => {
    const big = JSON.stringify({
      integration: "missive",
      name: "x".repeat(70 * 1024),
      credentials: { api_token: "t" },
    });
    const res = await adminRaw("/integrated-account", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const { url } = await createServer(await createAccount());
    const mcp = await gw(new URL(url).pathname, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/list",
        params: { pad: "x".repeat(1_100_000) },
      }),
    });
    expect(mcp.status).toBe(413);
    expect(await mcp.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 } });
  });

  it("answers a wrong content type with 415", async () => {
    const res = await adminRaw("/integrated-account", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("rejects unknown fields and wrong types with 400 naming the fields", async () => {
    const res = await admin("POST", "/integrated-account", {
      integration: "missive",
      name: 42,
      credentials: { api_token: "t" },
      is_admin: true,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; details: Array<{ field: string }> } };
    expect(body.error.message).toMatch(/name/);
    expect(body.error.message).toMatch(/is_admin/);
    const account = await createAccount();
    const bad = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "x",
      config: { methods: "read", tagz: ["contacts"] },
    });
    expect(bad.status).toBe(400);
    const msg = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(msg).toMatch(/config\.methods/);
    expect(msg).toMatch(/tagz/);
  });

  it("leaves no URL token, API token or upstream credential in logs or in KV values", async () => {
    const logged: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
      });
    }
    const sim = installSimulator();
    const upstreamSecret = "missive_pat-simulator";
    const account = await createAccount(upstreamSecret);
    const apiToken = (
      (await (await admin("POST", "/api-token", { name: "ci", scopes: ["mcp"] })).json()) as { token: string }
    ).token;
    const { url, id } = await createServer(account, {
      name: "locked",
      config: { require_api_token_auth: true },
    });
    const urlToken = url.split("/mcp/")[1] ?? "";
    const client = await connectClient(url, "legacy", { authorization: `Bearer ${apiToken}` });
    await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    sim.setFaults([{ kind: "status", status: 500 }]);
    await client.callTool({ name: "list_all_missive_users", arguments: {} });
    await client.close();
    // An unexpected exception must be logged without secrets too.
    // A URL not looked up yet (so not in the isolate's token cache) whose lookup throws.
    const fresh = (await createServer(account, { name: "fresh" })).url.split("/mcp/")[1] ?? "";
    vi.spyOn(env.KV, "get").mockRejectedValueOnce(new Error(`boom with ${fresh} and Bearer ${apiToken}`));
    const crashed = await gw(`/mcp/${fresh}`, { method: "POST", body: "{}" });
    expect(crashed.status).toBe(500);
    expect(await crashed.text()).not.toContain(fresh);
    await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { name: "renamed" });

    const secrets = [urlToken, fresh, apiToken, upstreamSecret];
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) for (const s of secrets) expect(line).not.toContain(s);
    for (const k of (await env.KV.list()).keys) {
      const value = (await env.KV.get(k.name)) ?? "";
      for (const s of secrets) {
        expect(k.name).not.toContain(s);
        expect(value).not.toContain(s);
      }
    }
  });
});

describe("names and credentials an admin stores", () => {
  it.each([
    ["a newline", "Support\ninbox"],
    ["a right-to-left override", "invoice\u202Efdp.exe"],
    ["a first-strong isolate", "\u2068admin\u2069"],
    ["a NUL", "a\u0000b"],
  ])("refuses a name with %s, naming the field", async (_what, bad) => {
    const account = await admin("POST", "/integrated-account", {
      integration: "missive",
      name: bad,
      credentials: { api_token: "missive_pat-simulator" },
      verify: false,
    });
    expect(account.status).toBe(400);
    expect(await account.json()).toMatchObject({
      error: {
        code: "invalid_request",
        details: [{ field: "name", message: expect.stringMatching(/control/) }],
      },
    });
    const id = await createAccount();
    const server = await admin("POST", `/integrated-account/${id}/mcp`, { name: bad });
    expect(server.status).toBe(400);
    const token = await admin("POST", "/api-token", { name: bad, scopes: ["mcp"] });
    expect(token.status).toBe(400);
  });

  it.each([
    ["non-ASCII", "tökén-value"],
    ["a space", "missive pat"],
    ["a line break (header injection)", "abc\r\nx-evil: 1"],
    ["a tab", "abc\tdef"],
  ])("refuses a credential with %s: it could not travel in an HTTP header", async (_what, bad) => {
    const res = await admin("POST", "/integrated-account", {
      integration: "missive",
      name: "x",
      credentials: { api_token: bad },
      verify: false,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ field: string; message: string }> } };
    expect(body.error.details).toEqual([
      { field: "credentials.api_token", message: expect.stringMatching(/visible ASCII/) },
    ]);
    expect(JSON.stringify(body)).not.toContain(bad);
    const id = await createAccount();
    const rotate = await admin("PATCH", `/integrated-account/${id}`, { credentials: { api_token: bad } });
    expect(rotate.status).toBe(400);
  });
});

describe("tool names that are Object.prototype members", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])(
    "treats %s as an unknown tool directly and through discovery",
    async (name) => {
      installSimulator();
      const account = await createAccount();
      const direct = await connectClient((await createServer(account)).url, "modern");
      await expect(direct.callTool({ name, arguments: {} })).rejects.toThrow(`Unknown tool: ${name}.`);
      await direct.close();
      const discovery = await connectClient(
        (await createServer(account, { name: "d", config: { tool_exposure: "discovery" } })).url,
        "modern",
      );
      await expect(
        discovery.callTool({ name: "call_tool", arguments: { name, arguments: {} } }),
      ).rejects.toThrow(`Unknown tool: ${name}.`);
      await expect(discovery.callTool({ name: "get_tool_schema", arguments: { name } })).rejects.toThrow(
        `Unknown tool: ${name}.`,
      );
      await discovery.close();
    },
  );
});
