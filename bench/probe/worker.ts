/**
 * Binding probe for `npm run bench` — a measuring stick, NOT product code.
 *
 * `GET /probe?n=30&upstream=<url>` runs each operation the gateway awaits per MCP request n times and
 * answers the per-operation wall times in ms: a KV get that hits (the URL-token and account records),
 * a KV get that misses, the rate-limit binding, a D1 insert of one activity row (the gateway writes
 * one per tool call, after the response) and a `fetch` of the upstream. workerd advances its
 * clock across I/O, so these are I/O latencies as the Worker experiences them. `&only=<name>` runs
 * just one kind, so the bench can charge the workerd process's CPU time to it.
 */

/** The KV surface used. */
interface KvLike {
  get(key: string, type: "json"): Promise<unknown>;
  put(key: string, value: string): Promise<void>;
}

/** The D1 surface used. */
interface D1Like {
  exec(sql: string): Promise<unknown>;
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> } };
}

/** The probe's bindings. */
export interface ProbeEnv {
  KV: KvLike;
  DB: D1Like;
  LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
}

const RECORD = JSON.stringify({
  server_id: "mcp_probe",
  integrated_account_id: "acct_probe",
  integration: "missive",
  config: {},
  expires_at: null,
});

/** A table as wide as the gateway's `tool_calls` (26 columns), with its indexes' shape. */
const CALLS_TABLE =
  "CREATE TABLE IF NOT EXISTS calls (id TEXT PRIMARY KEY, ts INTEGER, request_id TEXT, account_id TEXT, server_id TEXT, tool TEXT, protocol_era TEXT, protocol_version TEXT, transport TEXT, client_name TEXT, client_version TEXT, user_agent TEXT, outcome TEXT, refusal_reason TEXT, upstream_status INTEGER, duration_ms INTEGER, upstream_ms INTEGER, result_bytes INTEGER, truncated INTEGER, ratelimit_limit INTEGER, ratelimit_remaining INTEGER, ratelimit_reset INTEGER, retry_after INTEGER, api_token_id TEXT, api_token_name TEXT, arguments TEXT); " +
  "CREATE INDEX IF NOT EXISTS calls_server_ts ON calls (server_id, ts); CREATE INDEX IF NOT EXISTS calls_account_ts ON calls (account_id, ts);";
const INSERT = `INSERT INTO calls VALUES (${Array.from({ length: 26 }, () => "?").join(", ")})`;

/** One row like the gateway writes for a successful `list_all_missive_contacts` call. */
function callRow(): unknown[] {
  const now = Date.now();
  return [
    `call_${crypto.randomUUID()}`,
    now,
    crypto.randomUUID(),
    "acct_probe",
    "mcp_probe",
    "list_all_missive_contacts",
    "2026",
    "2026-07-28",
    "streamable_http",
    "bench",
    "1.0.0",
    "node",
    "ok",
    null,
    200,
    40,
    20,
    6300,
    0,
    300,
    299,
    60,
    null,
    null,
    null,
    null,
  ];
}

async function times(n: number, op: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Worker entry. */
export default {
  async fetch(request: Request, env: ProbeEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    if (url.pathname !== "/probe") return new Response("not found", { status: 404 });
    const n = Math.min(200, Math.max(1, Number(url.searchParams.get("n") ?? "30")));
    await env.KV.put("token:probe", RECORD);
    await env.DB.exec(CALLS_TABLE.replaceAll("; ", ";\n"));
    const upstream = url.searchParams.get("upstream");
    const bearer = url.searchParams.get("bearer") ?? "";
    const only = url.searchParams.get("only");
    const ops: Record<string, () => Promise<unknown>> = {
      kvGetHit: () => env.KV.get("token:probe", "json"),
      kvGetMiss: () => env.KV.get("token:absent", "json"),
      rateLimit: () => env.LIMITER.limit({ key: "mcp_probe" }),
      d1Insert: () =>
        env.DB.prepare(INSERT)
          .bind(...callRow())
          .run(),
      upstreamFetch: async () => {
        if (!upstream) return;
        const res = await fetch(upstream, { headers: { authorization: `Bearer ${bearer}` } });
        await res.text();
      },
    };
    const out: Record<string, number[]> = {};
    for (const [name, op] of Object.entries(ops))
      out[name] = !only || only === name ? await times(n, op) : [];
    return Response.json(out);
  },
};
