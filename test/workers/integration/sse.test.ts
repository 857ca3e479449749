import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Client, SSEClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { afterEach, describe, expect, it } from "vitest";
import { type SseSessionObject, sseLimits, sseTiming } from "../../../durable-objects/sse-session";
import { setClock } from "../../../worker/clock";
import {
  admin,
  createAccount,
  createServer,
  frozenClockAhead,
  gw,
  installSimulator,
  ORIGIN,
  structuredOf,
  workerFetch,
} from "../support/gateway";

const DEFAULT_TIMING = { ...sseTiming };
const DEFAULT_LIMITS = { ...sseLimits };

afterEach(() => {
  Object.assign(sseTiming, DEFAULT_TIMING);
  Object.assign(sseLimits, DEFAULT_LIMITS);
  setClock();
});

/** One parsed SSE block: an event with data, or a comment. */
interface Frame {
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads SSE frames from a stream, buffering across reads; every wait is bounded. */
class SseReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next frame, or `null` once the stream has ended. Throws after `timeoutMs`. */
  async next(timeoutMs = 3_000): Promise<Frame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseBlock(block);
      }
      const chunk = await withTimeout(this.reader.read(), deadline - Date.now());
      if (chunk.done) return null;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The next `event: message`, parsed (keep-alive comments are skipped). */
  async nextMessage(timeoutMs = 3_000): Promise<JsonRpc> {
    for (;;) {
      const frame = await this.next(timeoutMs);
      if (frame === null) throw new Error("stream ended before a message");
      if (frame.event === "message") return JSON.parse(frame.data ?? "null") as JsonRpc;
    }
  }

  /** Resolves when the stream ends (skipping frames); throws after `timeoutMs`. */
  async ended(timeoutMs = 3_000): Promise<void> {
    while ((await this.next(timeoutMs)) !== null) {
      // drain
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel().catch(() => {});
  }
}

interface JsonRpc {
  jsonrpc: string;
  id?: number | string | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

function parseBlock(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else if (line.startsWith("event:")) frame.event = line.slice(6).trim();
    else if (line.startsWith("data:"))
      frame.data = (frame.data ? `${frame.data}\n` : "") + line.slice(5).trim();
  }
  return frame;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no SSE data within the time limit`)), Math.max(ms, 0));
  });
  return Promise.race([promise, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2024-11-05",
    capabilities: {},
    clientInfo: { name: "legacy-sse", version: "1" },
  },
};

/** An open legacy session: the stream reader and the POST endpoint from its `endpoint` event. */
interface Session {
  sse: SseReader;
  endpoint: string;
  sessionId: string;
  response: Response;
}

async function openSession(path: string, headers: Record<string, string> = {}): Promise<Session> {
  const response = await gw(path, { headers: { accept: "text/event-stream", ...headers } });
  expect(response.status, await peekError(response)).toBe(200);
  const sse = new SseReader(response.body as ReadableStream<Uint8Array>);
  const first = await sse.next();
  expect(first?.event).toBe("endpoint");
  const endpoint = first?.data ?? "";
  const sessionId = new URL(endpoint, "https://gw.test").searchParams.get("sessionId") ?? "";
  return { sse, endpoint, sessionId, response };
}

async function peekError(response: Response): Promise<string> {
  return response.status === 200 ? "" : await response.clone().text();
}

function post(endpoint: string, message: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return gw(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(message),
  });
}

async function initialize(session: Session, headers: Record<string, string> = {}): Promise<JsonRpc> {
  const res = await post(session.endpoint, INITIALIZE, headers);
  expect(res.status).toBe(202);
  expect(await res.text()).toBe("");
  const msg = await session.sse.nextMessage();
  const notified = await post(
    session.endpoint,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    headers,
  );
  expect(notified.status).toBe(202);
  return msg;
}

function sessionStub(sessionId: string) {
  return env.SSE_SESSION.get(env.SSE_SESSION.idFromName(sessionId));
}

async function newServerPath(body?: Record<string, unknown>) {
  const account = await createAccount();
  const server = await createServer(account, body);
  return { account, server, path: new URL(server.url).pathname };
}

describe("legacy HTTP+SSE transport (2024-11-05)", () => {
  it("opens a stream whose first event names the message endpoint, with SSE headers", async () => {
    const { path } = await newServerPath();
    const s = await openSession(path, { origin: "https://inspector.example" });
    try {
      expect(s.response.headers.get("content-type")).toBe("text/event-stream");
      expect(s.response.headers.get("cache-control")).toBe("no-cache, no-transform");
      expect(s.response.headers.get("x-accel-buffering")).toBe("no");
      expect(s.response.headers.get("content-encoding")).toBeNull();
      expect(s.response.headers.get("access-control-allow-origin")).toBe("https://inspector.example");
      expect(s.endpoint).toMatch(new RegExp(`^${path}/message\\?sessionId=[0-9a-f]{64}$`));
    } finally {
      await s.sse.cancel();
    }
  });

  it("answers initialize and tools/list with 202 and delivers the results on the stream", async () => {
    const { path } = await newServerPath({
      name: "Read contacts",
      config: { methods: ["read"], tags: ["contacts"] },
    });
    const s = await openSession(path);
    try {
      const init = await initialize(s);
      expect(init.id).toBe(1);
      expect(init.result).toMatchObject({ protocolVersion: "2024-11-05", serverInfo: { name: "edge-mcp" } });
      const stored = await runInDurableObject(sessionStub(s.sessionId), (_, state) =>
        state.storage.get("session"),
      );
      expect(stored).toMatchObject({ protocol_version: "2024-11-05" });

      const res = await post(s.endpoint, { jsonrpc: "2.0", id: "list-1", method: "tools/list" });
      expect(res.status).toBe(202);
      const list = await s.sse.nextMessage();
      expect(list.id).toBe("list-1");
      const names = ((list.result?.tools ?? []) as Array<{ name: string }>).map((t) => t.name);
      expect(names).toEqual([
        "get_single_missive_contact_by_id",
        "list_all_missive_contact_books",
        "list_all_missive_contact_groups",
        "list_all_missive_contacts",
      ]);

      expect((await post(s.endpoint, { jsonrpc: "2.0", id: 3, method: "ping" })).status).toBe(202);
      expect(await s.sse.nextMessage()).toEqual({ jsonrpc: "2.0", id: 3, result: {} });
    } finally {
      await s.sse.cancel();
    }
  });

  it("delivers a protocol error for a request with an id on the stream, not on the POST", async () => {
    const { path } = await newServerPath();
    const s = await openSession(path);
    try {
      await initialize(s);
      const res = await post(s.endpoint, { jsonrpc: "2.0", id: 9, method: "no/such-method" });
      expect(res.status).toBe(202);
      const msg = await s.sse.nextMessage();
      expect(msg.id).toBe(9);
      expect(msg.error?.code).toBe(-32601);
    } finally {
      await s.sse.cancel();
    }
  });

  it("answers a body that is not JSON with 400 and an oversized body with 413, writing nothing", async () => {
    const { path } = await newServerPath();
    const s = await openSession(path);
    try {
      const bad = await gw(s.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{nope",
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as JsonRpc).error?.code).toBe(-32700);
      const huge = await gw(s.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "ping",
          params: { pad: "x".repeat(1_100_000) },
        }),
      });
      expect(huge.status).toBe(413);
      expect((await post(s.endpoint, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(202);
      expect((await s.sse.nextMessage()).id).toBe(2);
    } finally {
      await s.sse.cancel();
    }
  });

  it("answers 400 without a sessionId and 404 for an unknown or malformed one", async () => {
    const { path } = await newServerPath();
    const missing = await post(`${path}/message`, INITIALIZE);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as JsonRpc).error?.code).toBe(-32600);
    for (const id of ["0".repeat(64), "not-a-session", "A".repeat(64)]) {
      const res = await post(`${path}/message?sessionId=${id}`, INITIALIZE);
      expect(res.status).toBe(404);
      expect(((await res.json()) as JsonRpc).error).toEqual({ code: -32001, message: "Session not found" });
    }
  });

  it("refuses a valid session posted with another MCP server's token (404)", async () => {
    const { account, path } = await newServerPath();
    const other = new URL((await createServer(account, { name: "Other" })).url).pathname;
    const s = await openSession(path);
    try {
      const res = await post(`${other}/message?sessionId=${s.sessionId}`, INITIALIZE);
      expect(res.status).toBe(404);
      expect(((await res.json()) as JsonRpc).error?.message).toBe("Session not found");
    } finally {
      await s.sse.cancel();
    }
  });

  it("refuses a POST with the session id once the server is deleted, and closes its stream", async () => {
    const { account, server, path } = await newServerPath();
    const s = await openSession(path);
    try {
      await initialize(s);
      expect((await admin("DELETE", `/integrated-account/${account}/mcp/${server.id}`)).status).toBe(204);
      const res = await post(s.endpoint, { jsonrpc: "2.0", id: 2, method: "tools/list" });
      expect(res.status).toBe(404);
      expect(((await res.json()) as JsonRpc).error?.message).toBe("Unknown or expired MCP server URL");
      // The keep-alive tick runs this check; calling it directly keeps the test deterministic.
      const open = await runInDurableObject(sessionStub(s.sessionId), (o: SseSessionObject) => o.check());
      expect(open).toBe(false);
      await s.sse.ended();
      const stored = await runInDurableObject(sessionStub(s.sessionId), (_, state) => state.storage.list());
      expect(stored.size).toBe(0);
    } finally {
      await s.sse.cancel();
    }
  });

  it("closes the stream once the server's expires_at has passed", async () => {
    const expires = Date.now() + 120_000;
    const { path } = await newServerPath({
      name: "Short-lived",
      expires_at: new Date(expires).toISOString(),
    });
    const s = await openSession(path);
    try {
      const stub = sessionStub(s.sessionId);
      expect(await runInDurableObject(stub, (o: SseSessionObject) => o.check())).toBe(true);
      setClock(() => expires + 1_000);
      expect(await runInDurableObject(stub, (o: SseSessionObject) => o.check())).toBe(false);
      await s.sse.ended();
    } finally {
      await s.sse.cancel();
    }
  });

  it("writes keep-alive comments and closes on the tick after the server is deleted", async () => {
    sseTiming.keepAliveMs = 50;
    const { account, server, path } = await newServerPath();
    const s = await openSession(path);
    try {
      expect(await s.sse.next()).toEqual({ comment: "keepalive" });
      expect(await s.sse.next()).toEqual({ comment: "keepalive" });
      await admin("DELETE", `/integrated-account/${account}/mcp/${server.id}`);
      await s.sse.ended();
    } finally {
      await s.sse.cancel();
    }
  });

  it("holds at most 10 open sessions per URL: the 11th is refused (503, never 429) until one closes", async () => {
    const { path } = await newServerPath();
    const open: Session[] = [];
    for (let i = 0; i < 10; i++) open.push(await openSession(path));
    const refused = await gw(path, { headers: { accept: "text/event-stream" } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /10 open SSE sessions/,
    );
    // Another URL is not affected.
    await (await openSession((await newServerPath()).path)).sse.cancel();
    const gone = open[0];
    await gone?.sse.cancel();
    // The session notices its client left (at the latest on its next POST) and frees its slot.
    for (let i = 0; i < 50; i++) {
      if ((await post(gone?.endpoint ?? "", { jsonrpc: "2.0", id: 1, method: "ping" })).status === 404) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    let reopened = 0;
    for (let i = 0; i < 50 && reopened !== 200; i++) {
      const res = await gw(path, { headers: { accept: "text/event-stream" } });
      reopened = res.status;
      if (reopened === 200) await res.body?.cancel();
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(reopened).toBe(200);
    for (const s of open.slice(1)) await s.sse.cancel();
  });

  it("forgets the session when the client disconnects, so a later POST gets 404", async () => {
    const { path } = await newServerPath();
    const s = await openSession(path);
    await s.sse.cancel();
    const stub = sessionStub(s.sessionId);
    let status = 0;
    for (let i = 0; i < 50 && status !== 404; i++) {
      status = (await post(s.endpoint, { jsonrpc: "2.0", id: 1, method: "ping" })).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(404);
    expect((await runInDurableObject(stub, (_, state) => state.storage.list())).size).toBe(0);
  });

  it("answers 404 and deletes the record of a session whose stream was lost (eviction)", async () => {
    const { server, path } = await newServerPath();
    const sessionId = "ab".repeat(32);
    const stub = sessionStub(sessionId);
    await runInDurableObject(stub, (_, state) =>
      state.storage.put("session", {
        server_id: server.id,
        token_hash: "0".repeat(64),
        expires_at: null,
        created_at: new Date().toISOString(),
        protocol_version: "2024-11-05",
      }),
    );
    const res = await post(`${path}/message?sessionId=${sessionId}`, {
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
    });
    expect(res.status).toBe(404);
    expect((await runInDurableObject(stub, (_, state) => state.storage.list())).size).toBe(0);
  });

  it("serves the /sse alias: any GET opens a stream, a POST is Streamable HTTP", async () => {
    const { path } = await newServerPath();
    const stream = await gw(`${path}/sse`);
    expect(stream.status).toBe(200);
    const sse = new SseReader(stream.body as ReadableStream<Uint8Array>);
    try {
      const first = await sse.next();
      expect(first?.event).toBe("endpoint");
      expect(first?.data).toMatch(new RegExp(`^${path}/message\\?sessionId=[0-9a-f]{64}$`));
      const res = await post(first?.data ?? "", { jsonrpc: "2.0", id: 5, method: "ping" });
      expect(res.status).toBe(202);
      expect((await sse.nextMessage()).id).toBe(5);
    } finally {
      await sse.cancel();
    }
    const modern = await post(
      `${path}/sse`,
      { ...INITIALIZE, params: { ...INITIALIZE.params, protocolVersion: "2025-06-18" } },
      {
        accept: "application/json, text/event-stream",
      },
    );
    expect(modern.status).toBe(200);
    expect(await modern.text()).toContain('"protocolVersion":"2025-06-18"');
  });

  it("answers 405 to GETs of Streamable HTTP clients, probes that also accept JSON, and GETs that do not accept text/event-stream", async () => {
    const { path } = await newServerPath();
    const cases: Record<string, string>[] = [
      { accept: "text/event-stream", "mcp-protocol-version": "2025-06-18" },
      { accept: "text/event-stream", "mcp-session-id": "abc" },
      // mcp-remote probes the URL like this for a 401 before it connects.
      { accept: "application/json, text/event-stream" },
      { accept: "application/json" },
      {},
    ];
    for (const headers of cases) {
      const res = await gw(path, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST, OPTIONS");
    }
    // The /sse alias opens a stream for any plain GET, but never for a session's GET or a probe.
    for (const headers of cases.slice(1, 3)) {
      const res = await gw(`${path}/sse`, { headers });
      expect(res.status, `/sse ${JSON.stringify(headers)}`).toBe(405);
    }
    expect((await gw(`${path}/message?sessionId=${"0".repeat(64)}`)).status).toBe(405);
  });

  it("opens a legacy session for a GET asking for the event stream on /sse whatever MCP-Protocol-Version it sends, and on the URL for 2024-11-05", async () => {
    const { path } = await newServerPath();
    for (const version of ["2025-11-25", "2025-06-18", "2026-07-28", "2024-11-05", "garbage"]) {
      const s = await openSession(`${path}/sse`, { "mcp-protocol-version": version });
      try {
        const init = await initialize(s, { "mcp-protocol-version": version });
        expect(init.result, version).toMatchObject({ serverInfo: { name: "edge-mcp" } });
      } finally {
        await s.sse.cancel();
      }
    }
    const bare = await openSession(path, { "mcp-protocol-version": "2024-11-05" });
    await bare.sse.cancel();
    // On the bare URL a 2025-era header is what a Streamable HTTP client's stream GET sends: 405.
    const modern = await gw(path, {
      headers: { accept: "text/event-stream", "mcp-protocol-version": "2025-11-25" },
    });
    expect(modern.status).toBe(405);
  });

  it("serves an SDK v1 SSE client that sends MCP-Protocol-Version on every request over the /sse alias", async () => {
    installSimulator();
    const { path } = await newServerPath();
    const client = new V1Client({ name: "v1-sse-with-version", version: "1" });
    await client.connect(
      new V1SSEClientTransport(new URL(`${ORIGIN}${path}/sse`), {
        fetch: workerFetch,
        eventSourceInit: { fetch: workerFetch },
        requestInit: { headers: { "mcp-protocol-version": "2025-11-25" } },
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(42);
      const called = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
      expect(called.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("requires the API token on the GET and on every POST of a require_api_token_auth server", async () => {
    const { path } = await newServerPath({ name: "Guarded", config: { require_api_token_auth: true } });
    const created = await admin("POST", "/api-token", { name: "sse client", scopes: ["mcp"] });
    const { token } = (await created.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    expect((await gw(path, { headers: { accept: "text/event-stream" } })).status).toBe(401);
    const s = await openSession(path, auth);
    try {
      const bare = await post(s.endpoint, INITIALIZE);
      expect(bare.status).toBe(401);
      expect(bare.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const wrong = await post(s.endpoint, INITIALIZE, { authorization: "Bearer emat_wrong-token-123456" });
      expect(wrong.status).toBe(401);
      const init = await initialize(s, auth);
      expect(init.id).toBe(1);
    } finally {
      await s.sse.cancel();
    }
  });

  it("runs tools/call against the upstream and puts its rate-limit headers on the 202", async () => {
    const sim = installSimulator({ now: frozenClockAhead() });
    sim.setRateLimits({ headersOnSuccess: true });
    const { path } = await newServerPath();
    const s = await openSession(path);
    try {
      await initialize(s);
      const res = await post(s.endpoint, {
        jsonrpc: "2.0",
        id: 4,
        method: "tools/call",
        params: { name: "list_all_missive_contact_books", arguments: {} },
      });
      expect(res.status).toBe(202);
      expect(res.headers.get("ratelimit-limit")).not.toBeNull();
      expect(res.headers.get("ratelimit-remaining")).not.toBeNull();
      const msg = await s.sse.nextMessage();
      expect(msg.id).toBe(4);
      expect(msg.result?.isError).not.toBe(true);
      const books = (structuredOf(msg.result ?? {}).result ?? []) as Array<{ name: string }>;
      expect(books.map((b) => b.name)).toContain("VIP Prospects");
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/contact_books"]);
    } finally {
      await s.sse.cancel();
    }
  });

  it("disconnects a client that does not read its stream once its unread bytes pass the cap, refuses its later POSTs and frees the session", async () => {
    // Room for two POSTs of 10 `tools/list` answers (about 1 MB each), not three.
    sseLimits.maxUnsentBytes = 2.5 * 1024 * 1024;
    const { path } = await newServerPath();
    // Reads the endpoint event, then never reads again.
    const s = await openSession(path);
    const stub = sessionStub(s.sessionId);
    const lists = Array.from({ length: 10 }, (_, i) => ({ jsonrpc: "2.0", id: i + 1, method: "tools/list" }));
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 20 && !refusal; i++) {
      const res = await post(s.endpoint, lists);
      statuses.push(res.status);
      if (res.status !== 202) refusal = res;
      expect(await stub.unsentBytes()).toBeLessThanOrEqual(sseLimits.maxUnsentBytes);
    }
    // Some answers were queued before the cap was reached: the cap, not the first POST, refused.
    expect(statuses[0]).toBe(202);
    if (!refusal) throw new Error("a non-reading client was never disconnected");
    expect(refusal.status).toBe(410);
    const body = (await refusal.json()) as JsonRpc;
    expect(body.error?.message).toMatch(/did not read the event stream/);
    // Later POSTs get the same clear answer, without running anything.
    const later = await post(s.endpoint, { jsonrpc: "2.0", id: 99, method: "ping" });
    expect(later.status).toBe(410);
    // The session's memory is released: no stream, no queue, only a small tombstone until the sweep.
    expect(await stub.unsentBytes()).toBe(0);
    const held = await runInDurableObject(stub, async (instance: SseSessionObject, state) => ({
      writer: (instance as unknown as { writer: unknown }).writer,
      record: (await state.storage.get("session")) as { closed?: string } | undefined,
    }));
    expect(held.writer).toBeNull();
    expect(held.record?.closed).toBe("unread");
    // The client's stream ends (errored or closed) rather than hanging on queued data.
    const ending = await s.sse.ended(5_000).then(
      () => "closed",
      (e: unknown) => String(e),
    );
    expect(ending).not.toMatch(/no SSE data within the time limit/);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_, state) => state.storage.get("session"))).toBeUndefined();
    expect((await post(s.endpoint, { jsonrpc: "2.0", id: 100, method: "ping" })).status).toBe(404);
  });

  it("counts every tools/call of a batch against the per-URL limit and answers refusals in-band, headers on the 202", async () => {
    const sim = installSimulator();
    const { path } = await newServerPath();
    const s = await openSession(path);
    try {
      await initialize(s);
      let admitted = 0;
      let refused = 0;
      // 100 per 60 s window, up to 200 across a window boundary: 21 batches of 10 reach a refusal.
      for (let batch = 0; batch < 21 && refused === 0; batch++) {
        const calls = Array.from({ length: 10 }, (_, i) => ({
          jsonrpc: "2.0",
          id: batch * 10 + i + 100,
          method: "tools/call",
          params: { name: "list_all_missive_contact_books", arguments: {} },
        }));
        const res = await post(s.endpoint, calls);
        expect(res.status).toBe(202);
        for (let i = 0; i < calls.length; i++) {
          const msg = await s.sse.nextMessage();
          const error = (msg.result?.structuredContent as { error?: Record<string, unknown> } | undefined)
            ?.error;
          if (error?.kind === "gateway_rate_limited") {
            refused++;
            expect(msg.result?.isError).toBe(true);
            expect(error).toMatchObject({ retry_after: 60, limit: 100, remaining: 0, reset: 60 });
          } else {
            admitted++;
          }
        }
        if (refused > 0) {
          expect(res.headers.get("ratelimit-remaining")).toBe("0");
          expect(res.headers.get("retry-after")).toBe("60");
        }
      }
      expect(refused).toBeGreaterThan(0);
      expect(sim.requests).toHaveLength(admitted);
    } finally {
      await s.sse.cancel();
    }
  });

  it("refuses a batch on a session that negotiated a version without batching, writing nothing", async () => {
    const sim = installSimulator();
    const { path } = await newServerPath();
    const s = await openSession(path);
    try {
      const init = await post(s.endpoint, {
        ...INITIALIZE,
        params: { ...INITIALIZE.params, protocolVersion: "2025-11-25" },
      });
      expect(init.status).toBe(202);
      expect((await s.sse.nextMessage()).result).toMatchObject({ protocolVersion: "2025-11-25" });
      const batch = [1, 2].map((id) => ({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: "list_all_missive_contact_books", arguments: {} },
      }));
      const res = await post(s.endpoint, batch);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: -32600 } });
      expect(sim.requests).toHaveLength(0);
      const ping = await post(s.endpoint, { jsonrpc: "2.0", id: 3, method: "ping" });
      expect(ping.status).toBe(202);
      expect((await s.sse.nextMessage()).id).toBe(3);
    } finally {
      await s.sse.cancel();
    }
  });

  it.each([
    ["SDK v2", "/sse"],
    ["SDK v2", ""],
    ["SDK v1", "/sse"],
  ])(
    "serves the %s SSEClientTransport end to end on the URL%s: connect, list tools, call a tool",
    async (sdk, suffix) => {
      installSimulator();
      const { path } = await newServerPath({ name: "Contacts", config: { tags: ["contacts"] } });
      const url = new URL(`${ORIGIN}${path}${suffix}`);
      const options = { fetch: workerFetch, eventSourceInit: { fetch: workerFetch } };
      const info = { name: "legacy-sse-client", version: "1.0.0" };
      const client =
        sdk === "SDK v1" ? new V1Client(info) : new Client(info, { versionNegotiation: { mode: "legacy" } });
      await client.connect(
        sdk === "SDK v1" ? new V1SSEClientTransport(url, options) : new SSEClientTransport(url, options),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toContain("list_all_missive_contact_books");
        const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
        expect(r.isError).not.toBe(true);
        expect(JSON.stringify(structuredOf(r).result)).toContain("VIP Prospects");
      } finally {
        await client.close();
      }
    },
  );
});
