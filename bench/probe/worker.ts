/**
 * Binding probe for `npm run bench` — a measuring stick, NOT product code.
 *
 * Per request, measured from outside like the gateway (the bench's load cells):
 * - `GET /bare` answers a small JSON and touches no binding: the probe's own routing baseline;
 * - `GET /emulated?shape=call` does the emulated work of one gateway tools/call: awaits one
 *   rate-limit call, hands ONE D1 insert of a `tool_calls`-shaped row to `ctx.waitUntil`, answers;
 * - `GET /emulated?shape=list` does that of one tools/list: awaits one rate-limit call, answers.
 * With `&upstream=<url>` (tools/call cells) both sides also make the tool call's upstream round trip,
 * the request's `authorization` passed on, before they answer (see `callUpstream`).
 * emulated − bare (p50, and workerd CPU per request) is what local emulation adds to a gateway request,
 * including the per-request costs an in-loop timing misses (waitUntil, the insert after the response
 * competing with the next request in the same single-threaded workerd).
 */

/** The D1 surface used. */
interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> } };
}

/** The probe's bindings. */
export interface ProbeEnv {
  ACTIVITY: D1Like;
  LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
}

/** The part of the `ExecutionContext` used. */
interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/** The gateway's `tool_calls` columns (migrations/, applied to this probe's D1 by the bench). */
const COLUMNS =
  "id, ts, request_id, account_id, server_id, tool, protocol_era, protocol_version, transport, client_name, " +
  "client_version, user_agent, outcome, refusal_reason, upstream_status, duration_ms, upstream_ms, result_bytes, " +
  "truncated, ratelimit_limit, ratelimit_remaining, ratelimit_reset, retry_after, api_token_id, api_token_name, arguments";
const INSERT = `INSERT INTO tool_calls (${COLUMNS}) VALUES (${Array.from({ length: 26 }, () => "?").join(", ")})`;

/** Keys the limiter is called with in turn, like the gateway's per-URL keys over the bench's pool of 24 URLs. */
const LIMITER_KEYS = 24;
let limiterCalls = 0;

let failedInserts = 0;

/** The D1 insert the gateway makes for one tool call (worker/activity/record.ts). */
function insertCall(env: ProbeEnv): Promise<unknown> {
  return env.ACTIVITY.prepare(INSERT)
    .bind(...callRow())
    .run();
}

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

/**
 * One gateway request's emulated binding work: the limiter call awaited before anything is answered,
 * and for a tool call the activity insert handed to `waitUntil` (a failure is counted, as the gateway does).
 */
async function emulated(
  shape: string | null,
  env: ProbeEnv,
  ctx: WaitUntil,
  upstream: () => Promise<void>,
): Promise<Response> {
  if (shape !== "call" && shape !== "list")
    return new Response("shape must be call or list", { status: 400 });
  const { success } = await env.LIMITER.limit({ key: `mcp_probe_${limiterCalls++ % LIMITER_KEYS}` });
  await upstream();
  if (shape === "call") {
    ctx.waitUntil(
      insertCall(env).catch(() => {
        failedInserts++;
      }),
    );
  }
  return Response.json({ ok: true, admitted: success, failedInserts });
}

/**
 * The upstream round trip of a tool call, when the bench asks for one (`&upstream=<url>`, the bench's
 * `authorization` header passed on): both sides then have the gateway's request shape, so the limiter
 * call, the insert after the response and the next requests overlap an upstream fetch as they do in
 * the gateway. Without the parameter, nothing.
 */
function callUpstream(target: string | null, authorization: string | null): () => Promise<void> {
  return async () => {
    if (!target) return;
    const res = await fetch(target, { headers: authorization ? { authorization } : {} });
    const text = await res.text();
    // A refused upstream call would be cheaper than the gateway's: fail the request, so the bench sees it.
    if (!res.ok) throw new Error(`upstream answered ${res.status}: ${text.slice(0, 100)}`);
  };
}

/** Worker entry. */
export default {
  async fetch(request: Request, env: ProbeEnv, ctx: WaitUntil): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    const upstream = callUpstream(url.searchParams.get("upstream"), request.headers.get("authorization"));
    if (url.pathname === "/bare") {
      await upstream();
      return Response.json({ ok: true, admitted: true, failedInserts });
    }
    if (url.pathname === "/emulated") return emulated(url.searchParams.get("shape"), env, ctx, upstream);
    return new Response("not found", { status: 404 });
  },
};
