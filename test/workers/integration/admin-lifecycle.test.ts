import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { McpServerObject } from "../../../durable-objects/mcp-server";
import { setClock } from "../../../worker/clock";
import { sha256Hex } from "../../../worker/security/crypto";
import { keys } from "../../../worker/stores/records";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  initialize,
  installSimulator,
  structuredOf,
} from "../support/gateway";

// "Now" for each test, from the real clock: local KV and alarms compare expirations with it, so a
// test that pinned a calendar date would start failing once that date has passed.
let T0 = 0;
beforeEach(() => {
  T0 = Math.floor(Date.now() / 1000) * 1000;
});
afterEach(() => setClock());

const pathOf = (url: string) => new URL(url).pathname;
const tokenHash = async (url: string) => sha256Hex(url.split("/mcp/")[1] ?? "");
const stub = (serverId: string) => env.MCP_SERVER.get(env.MCP_SERVER.idFromName(serverId));

describe("integrated accounts", () => {
  it("lists accounts in the {result, next_cursor} envelope, paging with the cursor", async () => {
    for (const n of ["A", "B", "C"]) await createAccount("missive_pat-simulator", n);
    const first = (await (await admin("GET", "/integrated-account?limit=2")).json()) as {
      result: unknown[];
      next_cursor: string;
    };
    expect(first.result).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const rest = (await (
      await admin("GET", `/integrated-account?limit=2&cursor=${first.next_cursor}`)
    ).json()) as {
      result: unknown[];
      next_cursor: null;
    };
    expect(rest).toMatchObject({ next_cursor: null });
    expect(rest.result).toHaveLength(1);
  });

  it("renames and rotates credentials; the next tool call uses the new credentials", async () => {
    const sim = installSimulator();
    const account = await createAccount("missive_pat-simulator");
    const { url } = await createServer(account);
    const client = await connectClient(url, "legacy");
    const before = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect((structuredOf(before).result as unknown[]).length).toBe(6);
    const res = await admin("PATCH", `/integrated-account/${account}`, {
      name: "Guest view",
      credentials: { api_token: "missive_pat-simulator-guest" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Guest view" });
    const after = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect((structuredOf(after).result as unknown[]).length).toBe(2);
    // Saved unchecked, as a token revoked after it was connected would be.
    await admin("PATCH", `/integrated-account/${account}`, {
      credentials: { api_token: "revoked-token" },
      verify: false,
    });
    const denied = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect(denied.isError).toBe(true);
    expect(structuredOf(denied).error).toMatchObject({
      status: 401,
      kind: "unauthorized",
    });
    expect(JSON.stringify(denied)).not.toContain("revoked-token");
    // Two tool calls, the guest token's verification, the denied call.
    expect(sim.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      "/v1/contact_books 200",
      "/v1/organizations 200",
      "/v1/contact_books 200",
      "/v1/contact_books 401",
    ]);
    await client.close();
  });

  it("deletes an account with its MCP servers: their URLs stop working at once", async () => {
    const account = await createAccount();
    const one = await createServer(account, { name: "one" });
    const two = await createServer(account, { name: "two" });
    expect((await initialize(pathOf(one.url))).status).toBe(200);
    expect((await admin("DELETE", `/integrated-account/${account}`)).status).toBe(204);
    expect((await initialize(pathOf(one.url))).status).toBe(404);
    expect((await initialize(pathOf(two.url))).status).toBe(404);
    expect((await admin("GET", `/integrated-account/${account}`)).status).toBe(404);
    expect((await env.KV.list({ prefix: keys.serverPrefix(account) })).keys).toHaveLength(0);
  });

  it("previews the tools a filter yields", async () => {
    const account = await createAccount();
    const res = await admin("GET", `/integrated-account/${account}/tools?methods=read&tags=labels`);
    const body = (await res.json()) as {
      result: Array<{ name: string; annotations: { readOnlyHint: boolean } }>;
    };
    expect(body.result.map((t) => t.name)).toEqual(["list_all_missive_shared_labels"]);
    const bad = await admin("GET", `/integrated-account/${account}/tools?tags=nope`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/"nope"/);
  });
});

describe("MCP servers", () => {
  it("never shows the token or URL again after create", async () => {
    const account = await createAccount();
    const created = await createServer(account, { name: "secret", config: { methods: ["read"] } });
    const token = created.url.split("/mcp/")[1] ?? "";
    const got = await (await admin("GET", `/integrated-account/${account}/mcp/${created.id}`)).text();
    const listed = await (await admin("GET", `/integrated-account/${account}/mcp`)).text();
    for (const body of [got, listed]) {
      expect(body).not.toContain(token);
      expect(body).not.toContain("url");
    }
    expect(JSON.parse(got)).toMatchObject({
      id: created.id,
      name: "secret",
      config: { methods: ["read"] },
      expired: false,
    });
  });

  it("shallow-merges config on PATCH, re-validates it, and keeps the old config on refusal", async () => {
    const account = await createAccount();
    const { id, url } = await createServer(account, {
      name: "s",
      config: { methods: ["read"], tags: ["contacts"] },
    });
    const merged = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      config: { methods: ["write"] },
    });
    expect(merged.status).toBe(200);
    expect(await merged.json()).toMatchObject({ config: { methods: ["write"], tags: ["contacts"] } });
    const client = await connectClient(url, "modern");
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
      "create_a_missive_contact",
      "update_a_missive_contact_by_id",
    ]);
    const refused = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      config: { tags: ["users"] },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("empty_tool_set");
    const cleared = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      config: { methods: null },
    });
    expect(await cleared.json()).toMatchObject({ config: { tags: ["contacts"] } });
    await client.close();
  });

  it("applies a tightened filter at once, although the URL's token record was just cached", async () => {
    const account = await createAccount();
    const { id, url } = await createServer(account, { name: "s" });
    const client = await connectClient(url, "legacy");
    expect((await client.listTools()).tools).toHaveLength(42);
    await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      config: { methods: ["read"], tags: ["labels"] },
    });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["list_all_missive_shared_labels"]);
    await client.close();
  });

  it("refuses an expires_at less than 60 seconds ahead", async () => {
    setClock(() => T0);
    const account = await createAccount();
    const soon = new Date(T0 + 30_000).toISOString();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, { name: "x", expires_at: soon });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_expires_at" } });
  });

  it("deletes a server: its URL is dead at once", async () => {
    const account = await createAccount();
    const { id, url } = await createServer(account);
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}`)).status).toBe(204);
    expect((await initialize(pathOf(url))).status).toBe(404);
    expect(await env.KV.get(keys.token(await tokenHash(url)))).toBeNull();
  });
});

describe("expiry, exactly", () => {
  async function expiring(leadMs: number) {
    setClock(() => T0);
    const account = await createAccount();
    const expires_at = new Date(T0 + leadMs).toISOString();
    const server = await createServer(account, { name: "qa agent", expires_at });
    return { account, ...server, expires_at };
  }

  it("stops serving at the expiry second, before the alarm purges the token", async () => {
    const { url, id } = await expiring(120_000);
    expect((await initialize(pathOf(url))).status).toBe(200);
    expect(await runInDurableObject(stub(id), (_o, state) => state.storage.getAlarm())).toBe(T0 + 120_000);
    setClock(() => T0 + 120_000);
    expect((await initialize(pathOf(url))).status).toBe(404);
    expect(await env.KV.get(keys.token(await tokenHash(url)))).not.toBeNull();
    expect(await runDurableObjectAlarm(stub(id))).toBe(true);
    expect(await env.KV.get(keys.token(await tokenHash(url)))).toBeNull();
  });

  it("sets a KV expiration backstop on the token record", async () => {
    const { url } = await expiring(3_600_000);
    const { metadata, value } = await env.KV.getWithMetadata(keys.token(await tokenHash(url)));
    expect(value).not.toBeNull();
    expect(metadata).toBeNull();
    const listed = await env.KV.list({ prefix: keys.token(await tokenHash(url)) });
    expect(listed.keys[0]?.expiration).toBe(Math.floor((T0 + 3_600_000) / 1000));
  });

  it("keeps a renewed URL alive when the old alarm fires", async () => {
    const { url, id, account } = await expiring(120_000);
    const renewed = new Date(T0 + 7_200_000).toISOString();
    expect(
      (await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { expires_at: renewed })).status,
    ).toBe(200);
    setClock(() => T0 + 120_000);
    await runDurableObjectAlarm(stub(id));
    expect((await initialize(pathOf(url))).status).toBe(200);
    expect(await runInDurableObject(stub(id), (_o, state) => state.storage.getAlarm())).toBe(T0 + 7_200_000);
  });

  it("cancels expiry when expires_at is cleared with null", async () => {
    const { url, id, account } = await expiring(120_000);
    const res = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { expires_at: null });
    expect(await res.json()).toMatchObject({ expires_at: null });
    expect(await runInDurableObject(stub(id), (_o, state) => state.storage.getAlarm())).toBeNull();
    setClock(() => T0 + 10 * 120_000);
    expect((await initialize(pathOf(url))).status).toBe(200);
  });

  it("retries an alarm that throws without harm, and a repeated alarm is a no-op", async () => {
    const { url, id } = await expiring(120_000);
    setClock(() => T0 + 121_000);
    const hash = keys.token(await tokenHash(url));
    await runInDurableObject(stub(id), async (instance: McpServerObject) => {
      const kv = (instance as unknown as { env: Env }).env.KV;
      const spy = vi.spyOn(kv, "delete").mockRejectedValueOnce(new Error("KV unavailable"));
      await expect(instance.alarm()).rejects.toThrow("KV unavailable");
      expect(await env.KV.get(hash)).not.toBeNull();
      await instance.alarm();
      await instance.alarm();
      spy.mockRestore();
    });
    expect(await env.KV.get(hash)).toBeNull();
    expect((await initialize(pathOf(url))).status).toBe(404);
  });

  it("marks an expired server as expired in the admin API", async () => {
    const { id, account } = await expiring(120_000);
    setClock(() => T0 + 200_000);
    const got = (await (await admin("GET", `/integrated-account/${account}/mcp/${id}`)).json()) as {
      expired: boolean;
    };
    expect(got.expired).toBe(true);
  });
});

describe("API tokens and the second factor", () => {
  async function token(scopes: string[]) {
    const res = await admin("POST", "/api-token", { name: `t-${scopes.join()}`, scopes });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; token: string; scopes: string[] };
  }

  it("returns the token once, stores it hashed, lists without secrets, and revokes on DELETE", async () => {
    const t = await token(["admin"]);
    expect(t.token).toMatch(/^emat_[A-Za-z0-9_-]{43}$/);
    const listed = await (await admin("GET", "/api-token")).text();
    expect(listed).not.toContain(t.token);
    expect(JSON.parse(listed).result[0]).toEqual({
      id: t.id,
      name: "t-admin",
      scopes: ["admin"],
      created_at: expect.any(String),
    });
    for (const k of (await env.KV.list()).keys) expect(await env.KV.get(k.name)).not.toContain(t.token);
    expect((await admin("GET", "/integrated-account", undefined, t.token)).status).toBe(200);
    expect((await admin("DELETE", `/api-token/${t.id}`)).status).toBe(204);
    expect((await admin("GET", "/integrated-account", undefined, t.token)).status).toBe(401);
  });

  it("does not let an mcp-scoped token use the admin API", async () => {
    const t = await token(["mcp"]);
    expect((await admin("GET", "/integrated-account", undefined, t.token)).status).toBe(403);
  });

  it("requires an API token on MCP requests when require_api_token_auth is set", async () => {
    const account = await createAccount();
    const { url } = await createServer(account, { name: "locked", config: { require_api_token_auth: true } });
    const path = pathOf(url);
    const missing = await initialize(path);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.json()).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32001, message: expect.stringMatching(/^This MCP server requires an API token/) },
    });
    const wrong = await initialize(path, { authorization: "Bearer emat_wrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect(await wrong.json()).toMatchObject({
      error: { message: expect.stringMatching(/^The API token sent is not valid/) },
    });
    const t = await token(["mcp"]);
    expect((await initialize(path, { authorization: `Bearer ${t.token}` })).status).toBe(200);
    const client = await connectClient(url, "modern", { authorization: `Bearer ${t.token}` });
    expect((await client.listTools()).tools.length).toBe(42);
    await client.close();
    await admin("DELETE", `/api-token/${t.id}`);
    expect((await initialize(path, { authorization: `Bearer ${t.token}` })).status).toBe(401);
  });
});
