/**
 * The gateway in process, with the worker's real modules: in-memory stand-ins for its bindings (KV in
 * a Map, a limiter that always admits, a D1 that counts inserts and holds integration pointers), the
 * Missive seed published as a snapshot, one provisioned account and URL token, and an upstream `fetch` answering with a response captured from the simulator, so the tool
 * engine normalizes a real payload while the network is left out of the CPU figures.
 */
import { randomBytes } from "node:crypto";
import { type Era, type McpMethod, mcpPost, type ToolCall } from "../lib/mcp-requests.ts";
import type { TokenRecordLike, ToolFilterLike, WorkerModules } from "./modules.ts";

/** Origin of the in-process URLs, and the upstream the Missive integration is pointed at. */
export const ORIGIN = "https://edge-mcp.bench.invalid";
export const UPSTREAM = "http://upstream.bench.invalid/v1";
/** The simulator's token, as the account's credentials and the peer's var. */
export const UPSTREAM_TOKEN = "missive_pat-simulator";

/** The KV surface the gateway uses, in memory. Values are stored as strings, like KV. */
class MemoryKv {
  readonly #data = new Map<string, string>();

  /** `get(key)` or `get(key, "json")`. */
  async get(key: string, type?: "text" | "json" | { type: "text" | "json" }): Promise<unknown> {
    const value = this.#data.get(key);
    if (value === undefined) return null;
    const kind = typeof type === "object" ? type.type : type;
    return kind === "json" ? JSON.parse(value) : value;
  }

  /** Stores a value (options such as `expiration` are accepted and ignored). */
  async put(key: string, value: string, _options?: unknown): Promise<void> {
    this.#data.set(key, value);
  }

  /** Deletes a key. */
  async delete(key: string): Promise<void> {
    this.#data.delete(key);
  }
}

/**
 * The D1 database (binding `ACTIVITY`) as the MCP path uses it: takes each activity insert and counts
 * it, and answers the one-row pointer of a published integration (`readPublished`, read by an isolate
 * at most every 30 s). In production both are calls to D1; their cost under `wrangler dev` is the
 * probe's (bench/probe).
 */
class CountingD1 {
  /** Rows inserted so far. */
  rows = 0;
  /** Published integrations: name → live version and snapshot hash. */
  readonly published = new Map<string, { version: number; hash: string }>();

  /** `prepare(sql).bind(...values).run()` (the activity insert) or `.first()` (the pointer). */
  prepare(_sql: string) {
    return {
      bind: (...values: unknown[]) => ({
        run: async () => {
          this.rows++;
          return { success: true };
        },
        first: async () => this.published.get(String(values[0])) ?? null,
      }),
    };
  }
}

/** The bindings the MCP path reads. */
function fakeEnv() {
  return {
    KV: new MemoryKv(),
    ACTIVITY: new CountingD1(),
    MCP_RATE_LIMITER: { limit: async (_options: { key: string }) => ({ success: true }) },
    MCP_RATE_LIMIT_PER_MINUTE: "600",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    UPSTREAM_BASE_URLS: JSON.stringify({ missive: UPSTREAM }),
    ALLOWED_ORIGINS: "",
    ENVIRONMENT: "development",
  };
}

/** A captured upstream answer. */
export interface CannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A `fetch` that answers every request with the canned response (a fresh `Response` each time). */
export function cannedFetch(canned: CannedResponse): typeof fetch {
  return async () => new Response(canned.body, { status: canned.status, headers: canned.headers });
}

/** Captures one real answer of the simulator. */
export async function captureUpstream(url: string): Promise<CannedResponse> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${UPSTREAM_TOKEN}` } });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: res.status, headers, body: await res.text() };
}

/** Runs `fn` with the global `fetch` answering the canned upstream response. */
export async function withCannedFetch<T>(canned: CannedResponse, fn: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  globalThis.fetch = cannedFetch(canned);
  try {
    return await fn();
  } finally {
    globalThis.fetch = real;
  }
}

/** A prepared in-process gateway: fake bindings and one URL token of a server config. */
export interface InProcessGateway {
  env: ReturnType<typeof fakeEnv>;
  token: string;
  record: TokenRecordLike;
  url: string;
  /**
   * Serves one request like `mcpRoute` does for a POST: authorize, then Streamable HTTP, with an
   * `ExecutionContext` so its tool call is recorded (activity row to the counting D1), and drains
   * the body and the `waitUntil` work.
   */
  serve: (request: Request) => Promise<ArrayBuffer>;
}

/**
 * Sets up the gateway in process, with one account and one MCP server of the given filter (default:
 * every tool), written as the admin API writes them.
 */
export async function inProcessGateway(
  m: WorkerModules,
  config: ToolFilterLike = {},
): Promise<InProcessGateway> {
  const env = fakeEnv();
  await publishSeed(m, env, "missive");
  const accountId = "acct_bench";
  const at = new Date().toISOString();
  const credentials = await m.crypto.seal(env.CREDENTIALS_KEY, { api_token: UPSTREAM_TOKEN }, accountId);
  const account = { id: accountId, integration: "missive", name: "bench", credentials };
  await env.KV.put(
    m.records.keys.account(accountId),
    JSON.stringify({ ...account, created_at: at, updated_at: at }),
  );
  const token = `emcp_${randomBytes(32).toString("base64url")}`;
  const record: TokenRecordLike = {
    server_id: "mcp_bench",
    integrated_account_id: accountId,
    integration: "missive",
    config: { ...config },
    expires_at: null,
  };
  await env.KV.put(m.records.keys.token(await m.crypto.sha256Hex(token)), JSON.stringify(record));
  const pending: Array<Promise<unknown>> = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {} };
  const serve = async (request: Request) => {
    const auth = await m.authorize.authorizeMcp(request, env, token);
    const response =
      auth instanceof Response ? auth : await m.streamableHttp.serveStreamableHttp(request, env, auth, ctx);
    const body = await response.arrayBuffer();
    await Promise.all(pending.splice(0));
    return body;
  };
  return { env, token, record, url: `${ORIGIN}/mcp/${token}`, serve };
}

/**
 * Publishes a shipped integration into the in-memory bindings as `POST /integrations` stores it: its
 * content-hashed snapshot text in KV, the live pointer in D1. The gateway's first request reads both
 * through its real isolate registry (worker/integrations/registry.ts).
 */
async function publishSeed(m: WorkerModules, env: ReturnType<typeof fakeEnv>, name: string): Promise<void> {
  const content = m.registry.registry().get(name);
  if (!content) throw new Error(`no shipped integration ${name}`);
  const { snapshot, text } = await m.snapshot.snapshotOf(content);
  await env.KV.put(m.records.keys.integrationSnapshot(snapshot.hash), text);
  env.ACTIVITY.published.set(name, { version: 1, hash: snapshot.hash });
}

/** Builds a fresh request (outside the timed region). */
export function requestFor(url: string, era: Era, method: McpMethod, call?: ToolCall): Request {
  const post = mcpPost(era, method, call);
  return new Request(url, { method: "POST", headers: post.headers, body: post.body });
}
