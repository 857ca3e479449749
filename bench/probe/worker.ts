/**
 * Binding probe for `npm run bench` — a measuring stick, NOT product code.
 *
 * `GET /probe?n=30&upstream=<url>` runs each operation the gateway awaits per MCP request n times and
 * answers the per-operation wall times in ms: a KV get that hits (the URL-token and account records),
 * a KV get that misses, the rate-limit binding, and a `fetch` of the upstream. workerd advances its
 * clock across I/O, so these are I/O latencies as the Worker experiences them. `&only=<name>` runs
 * just one kind, so the bench can charge the workerd process's CPU time to it.
 */

/** The KV surface used. */
interface KvLike {
  get(key: string, type: "json"): Promise<unknown>;
  put(key: string, value: string): Promise<void>;
}

/** The probe's bindings. */
export interface ProbeEnv {
  KV: KvLike;
  LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
}

const RECORD = JSON.stringify({
  server_id: "mcp_probe",
  integrated_account_id: "acct_probe",
  integration: "missive",
  config: {},
  expires_at: null,
});

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
    const upstream = url.searchParams.get("upstream");
    const bearer = url.searchParams.get("bearer") ?? "";
    const only = url.searchParams.get("only");
    const ops: Record<string, () => Promise<unknown>> = {
      kvGetHit: () => env.KV.get("token:probe", "json"),
      kvGetMiss: () => env.KV.get("token:absent", "json"),
      rateLimit: () => env.LIMITER.limit({ key: "mcp_probe" }),
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
