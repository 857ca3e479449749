/**
 * In-memory stand-ins for the Worker's bindings in the in-process harness: a KV namespace backed by a
 * Map, an `Env` with fresh secrets, a provisioned URL token and account, and an upstream `fetch`
 * that answers with a canned response captured from the simulator (so the tool engine normalizes a
 * real payload while the network is left out of the CPU figures).
 */
import { randomBytes } from "node:crypto";
import type { TokenRecordLike, ToolFilterLike, WorkerModules } from "./modules.ts";

/** The KV surface the gateway uses, in memory. Values are stored as strings, like KV. */
export class MemoryKv {
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

/** The per-URL rate limiter binding, always allowing (its cost in workerd is a binding call). */
export const allowAllLimiter = { limit: async (_options: { key: string }) => ({ success: true }) };

/**
 * The activity database (D1 binding `ACTIVITY`): takes each insert and counts it. In production the
 * insert is a call to D1 after the response; its CPU under `wrangler dev` (miniflare's SQLite) is
 * probed separately (bench/probe), so here only the gateway's own side of recording is timed.
 */
export class CountingD1 {
  /** Rows inserted so far. */
  rows = 0;

  /** `prepare(sql).bind(...values).run()`, the only D1 call the tool-call path makes. */
  prepare(_sql: string) {
    return {
      bind: (..._values: unknown[]) => ({
        run: async () => {
          this.rows++;
          return { success: true };
        },
      }),
    };
  }
}

/** The bindings the MCP path reads. */
export interface FakeEnv {
  KV: MemoryKv;
  ACTIVITY: CountingD1;
  MCP_RATE_LIMITER: typeof allowAllLimiter;
  MCP_RATE_LIMIT_PER_MINUTE: string;
  CREDENTIALS_KEY: string;
  MISSIVE_BASE_URL: string;
  ALLOWED_ORIGINS: string;
  ENVIRONMENT: string;
}

/** A fake env with one account and one MCP server of the given filter, as the admin API would write them. */
export async function provisionInProcess(
  m: WorkerModules,
  config: ToolFilterLike = {},
): Promise<{ env: FakeEnv; token: string; record: TokenRecordLike }> {
  const env: FakeEnv = {
    KV: new MemoryKv(),
    ACTIVITY: new CountingD1(),
    MCP_RATE_LIMITER: allowAllLimiter,
    MCP_RATE_LIMIT_PER_MINUTE: "600",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    MISSIVE_BASE_URL: "http://upstream.bench.invalid/v1",
    ALLOWED_ORIGINS: "",
    ENVIRONMENT: "development",
  };
  const accountId = "acct_bench";
  const at = new Date().toISOString();
  const credentials = await m.crypto.seal(
    env.CREDENTIALS_KEY,
    { api_token: "missive_pat-simulator" },
    accountId,
  );
  await env.KV.put(
    m.records.keys.account(accountId),
    JSON.stringify({
      id: accountId,
      integration: "missive",
      name: "bench",
      credentials,
      created_at: at,
      updated_at: at,
    }),
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
  return { env, token, record };
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
export async function captureUpstream(url: string, bearer: string): Promise<CannedResponse> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: res.status, headers, body: await res.text() };
}
