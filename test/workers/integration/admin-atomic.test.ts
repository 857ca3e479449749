/**
 * Admin changes are all-or-nothing across the server's four places (DO record, KV token record, KV
 * index, alarm), whatever step fails; `expires_at` takes any date up to 9999 (KV's backstop is only
 * set where KV accepts it); expiry is final; deleting an account leaves no live URL behind, even
 * with servers being created at the same moment.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KV_MAX_EXPIRATION_S, McpServerObject } from "../../../durable-objects/mcp-server";
import { setClock } from "../../../worker/clock";
import { sha256Hex } from "../../../worker/security/crypto";
import { keys, type ServerRecord } from "../../../worker/stores/records";
import { forgetServerTokens } from "../../../worker/stores/servers";
import { admin, createAccount, createServer, gw } from "../support/gateway";

afterEach(() => setClock());

const stub = (serverId: string) => env.MCP_SERVER.get(env.MCP_SERVER.idFromName(serverId));
const tokenKey = async (url: string) => keys.token(await sha256Hex(url.split("/mcp/")[1] ?? ""));

/** The tool names the URL serves right now (isolate cache dropped), or null when it is dead. */
async function served(url: string, serverId: string): Promise<string[] | null> {
  forgetServerTokens(serverId);
  const res = await gw(new URL(url).pathname, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  if (res.status === 404) return null;
  const text = await res.text();
  const json = text.startsWith("{")
    ? text
    : (text
        .split("\n")
        .find((l) => l.startsWith("data: "))
        ?.slice(6) ?? "");
  return (JSON.parse(json) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
}

/** Everything stored for a server: DO record, alarm, KV token record (and its expiration), index. */
async function snapshot(url: string, serverId: string, accountId: string) {
  const key = await tokenKey(url);
  const inObject = await runInDurableObject(stub(serverId), async (_o, state) => ({
    record: (await state.storage.get("server")) ?? null,
    alarm: await state.storage.getAlarm(),
  }));
  return {
    ...inObject,
    token: await env.KV.get(key, "json"),
    tokenExpiration: (await env.KV.list({ prefix: key })).keys[0]?.expiration ?? null,
    index: await env.KV.get(keys.server(accountId, serverId), "json"),
  };
}

type Step = "index" | "token" | "record" | "alarm";

/** Makes the given step of the next change fail once, inside the object. */
function failStep(instance: McpServerObject, state: DurableObjectState, step: Step): void {
  const kv = (instance as unknown as { env: Env }).env.KV;
  const boom = () => Promise.reject(new Error(`injected ${step} failure`));
  vi.spyOn(console, "error").mockImplementation(() => {});
  if (step === "index" || step === "token") {
    const prefix = step === "index" ? "server:" : "token:";
    for (const method of ["put", "delete"] as const) {
      const original = kv[method].bind(kv) as (...a: unknown[]) => Promise<void>;
      let failed = false;
      vi.spyOn(kv, method).mockImplementation(((key: string, ...rest: unknown[]) => {
        if (!failed && key.startsWith(prefix)) {
          failed = true;
          return boom();
        }
        return original(key, ...rest);
      }) as never);
    }
  } else if (step === "record") {
    vi.spyOn(state.storage, "put").mockImplementationOnce(boom as never);
    vi.spyOn(state.storage, "delete").mockImplementationOnce(boom as never);
  } else {
    vi.spyOn(state.storage, "setAlarm").mockImplementationOnce(boom as never);
    vi.spyOn(state.storage, "deleteAlarm").mockImplementationOnce(boom as never);
  }
}

const STEPS: Step[] = ["index", "alarm", "record", "token"];

describe("admin changes are atomic", () => {
  it.each(STEPS)(
    "an update whose %s step fails changes nothing, and the next change starts from the old state",
    async (step) => {
      const account = await createAccount();
      const { url, id } = await createServer(account, {
        name: "read only",
        config: { methods: ["read"] },
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const before = await snapshot(url, id, account);
      const readTools = await served(url, id);
      const result = await runInDurableObject(stub(id), async (instance: McpServerObject, state) => {
        failStep(instance, state, step);
        const r = await instance.update({
          config: { methods: ["write"] },
          expires_at: new Date(Date.now() + 7_200_000).toISOString(),
        });
        vi.restoreAllMocks();
        return r;
      });
      expect(result).toMatchObject({ ok: false, status: 503, code: "change_not_applied" });
      expect(await snapshot(url, id, account)).toEqual(before);
      expect(await served(url, id)).toEqual(readTools);
      // The reproduction: a later unrelated change must not bring the refused config along.
      const later = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { expires_at: null });
      expect(later.status).toBe(200);
      expect(((await later.json()) as { config: unknown }).config).toEqual({
        methods: ["read"],
        auth: "none",
      });
      expect(await served(url, id)).toEqual(readTools);
    },
  );

  it.each(STEPS)("a create whose %s step fails leaves nothing behind", async (step) => {
    const account = await createAccount();
    const id = `mcp_atomic_create_${step}`;
    const token = `emcp_atomic-create-${step}-0123456789`;
    const at = new Date().toISOString();
    const record: ServerRecord = {
      id,
      integrated_account_id: account,
      integration: "missive",
      name: "half",
      config: {},
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      created_at: at,
      updated_at: at,
      token_hash: await sha256Hex(token),
    };
    const result = await runInDurableObject(stub(id), async (instance: McpServerObject, state) => {
      failStep(instance, state, step);
      const r = await instance.create(record);
      vi.restoreAllMocks();
      return r;
    });
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(await snapshot(`https://gw.test/mcp/${token}`, id, account)).toEqual({
      record: null,
      alarm: null,
      token: null,
      tokenExpiration: null,
      index: null,
    });
    expect(await served(`https://gw.test/mcp/${token}`, id)).toBeNull();
  });

  it.each(STEPS)("a delete whose %s step fails keeps the server whole and serving", async (step) => {
    const account = await createAccount();
    const { url, id } = await createServer(account, {
      name: "keep",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const before = await snapshot(url, id, account);
    const result = await runInDurableObject(stub(id), async (instance: McpServerObject, state) => {
      failStep(instance, state, step);
      const r = await instance.destroy();
      vi.restoreAllMocks();
      return r;
    });
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(await snapshot(url, id, account)).toEqual(before);
    expect(await served(url, id)).not.toBeNull();
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}`)).status).toBe(204);
    expect(await served(url, id)).toBeNull();
  });
});

describe("our own log lines", () => {
  it("never contain the URL token, even when a failed step's error message carries it", async () => {
    const account = await createAccount();
    const { url, id } = await createServer(account, { name: "logged" });
    const token = url.split("/mcp/")[1] ?? "";
    const lines: string[] = [];
    await runInDurableObject(stub(id), async (instance: McpServerObject) => {
      vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
      const kv = (instance as unknown as { env: Env }).env.KV;
      vi.spyOn(kv, "put").mockRejectedValueOnce(new Error(`KV refused /mcp/${token} for ${token}`));
      expect((await instance.update({ name: "renamed" })).ok).toBe(false);
      vi.restoreAllMocks();
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).toContain("[redacted]");
    }
  });
});

describe("expires_at range", () => {
  it("accepts an expiry after 2038: exact alarm in steps, no KV backstop, the config applied", async () => {
    const account = await createAccount();
    const { url, id } = await createServer(account, { name: "far" });
    const res = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      expires_at: "2099-01-01T00:00:00Z",
      config: { methods: ["write"] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      expires_at: "2099-01-01T00:00:00.000Z",
      config: { methods: ["write"] },
    });
    const stored = await snapshot(url, id, account);
    expect(stored.tokenExpiration).toBeNull();
    expect(stored.alarm).toBe(KV_MAX_EXPIRATION_S * 1000);
    expect(stored.token).toMatchObject({
      expires_at: "2099-01-01T00:00:00.000Z",
      config: { methods: ["write"] },
    });
    const tools = await served(url, id);
    expect(tools?.length).toBeGreaterThan(0);
    expect(tools?.every((t) => !t.startsWith("list_") && !t.startsWith("get_"))).toBe(true);
    // The stepping alarm fires in 2038 and sets itself again, leaving the URL alive.
    setClock(() => KV_MAX_EXPIRATION_S * 1000 + 1);
    await runDurableObjectAlarm(stub(id));
    setClock();
    expect(await served(url, id)).toEqual(tools);
    const created = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "far create",
      expires_at: "9999-12-31T23:59:59Z",
    });
    expect(created.status).toBe(201);
  });

  it("refuses an expiry past 9999-12-31T23:59:59Z or under a minute away with 400 naming the range", async () => {
    const account = await createAccount();
    const { id } = await createServer(account, { name: "range" });
    for (const expires_at of ["9999-12-31T23:59:59.500Z", new Date(Date.now() + 1_000).toISOString()]) {
      const res = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { expires_at });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe("invalid_expires_at");
      expect(body.error.message).toContain("9999-12-31T23:59:59Z");
      expect(body.error.details).toMatchObject({ field: "expires_at", max: "9999-12-31T23:59:59Z" });
    }
  });
});

describe("expiry is final", () => {
  it("answers 409 server_expired to any PATCH once expires_at has passed, and the URL never answers again", async () => {
    const t0 = Date.now();
    const account = await createAccount();
    const { url, id } = await createServer(account, {
      name: "short",
      expires_at: new Date(t0 + 120_000).toISOString(),
    });
    expect(await served(url, id)).not.toBeNull();
    setClock(() => t0 + 121_000);
    for (const patch of [
      { expires_at: null },
      { expires_at: new Date(t0 + 9_000_000).toISOString() },
      { name: "x" },
    ]) {
      const res = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, patch);
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("server_expired");
      expect(body.error.message).toMatch(/Create a new URL/);
    }
    expect(await served(url, id)).toBeNull();
    await runDurableObjectAlarm(stub(id));
    expect(await env.KV.get(await tokenKey(url))).toBeNull();
    expect(await served(url, id)).toBeNull();
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}`)).status).toBe(204);
  });

  it("still extends an expiry that has not passed", async () => {
    const t0 = Date.now();
    const account = await createAccount();
    const { url, id } = await createServer(account, {
      name: "extend",
      expires_at: new Date(t0 + 120_000).toISOString(),
    });
    setClock(() => t0 + 100_000);
    const res = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, {
      expires_at: new Date(t0 + 600_000).toISOString(),
    });
    expect(res.status).toBe(200);
    setClock(() => t0 + 300_000);
    await runDurableObjectAlarm(stub(id));
    expect(await served(url, id)).not.toBeNull();
  });
});

describe("deleting an account leaves no orphan", () => {
  it("kills every URL of servers created while the account was being deleted, and empties its index", async () => {
    const account = await createAccount();
    const existing = await createServer(account, { name: "before" });
    // The worst interleaving, made deterministic: 8 creates have checked the account and wait at
    // their Durable Object while the whole account delete runs; then they go on.
    let arrived = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const original = McpServerObject.prototype.create;
    vi.spyOn(McpServerObject.prototype, "create").mockImplementation(async function (
      this: McpServerObject,
      record,
    ) {
      arrived++;
      await gate;
      return original.call(this, record);
    });
    const creates = Array.from({ length: 8 }, (_, i) =>
      admin("POST", `/integrated-account/${account}/mcp`, { name: `racer ${i}` }),
    );
    await vi.waitFor(() => expect(arrived).toBe(8), { timeout: 10_000 });
    expect((await admin("DELETE", `/integrated-account/${account}`)).status).toBe(204);
    release();
    const answers = await Promise.all(creates);
    const urls = [{ url: existing.url, id: existing.id }];
    for (const res of answers) {
      expect([201, 404]).toContain(res.status);
      if (res.status === 201) urls.push((await res.json()) as { url: string; id: string });
    }
    for (const { url, id } of urls) {
      expect(await served(url, id), url).toBeNull();
      expect(await env.KV.get(await tokenKey(url))).toBeNull();
    }
    expect((await env.KV.list({ prefix: keys.serverPrefix(account) })).keys).toEqual([]);
    expect((await admin("GET", `/integrated-account/${account}`)).status).toBe(404);
    expect((await admin("DELETE", `/integrated-account/${account}`)).status).toBe(404);
  });
});
