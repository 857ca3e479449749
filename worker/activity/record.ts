/**
 * THE recording function of the call path: every tool call — direct `tools/call`, discovery's
 * `call_tool`, a call refused by filters, expiry, the second factor or our own limit, on every
 * transport — becomes one row of `tool_calls` in D1 (binding `ACTIVITY`, docs/STORAGE.md) through
 * {@link recordToolCall}. The write runs after the response via `waitUntil`, so no call waits for it,
 * and a failed write never fails the call: it is counted and logged.
 *
 * Argument values are stored only when the server opts in (`config.log_arguments: true`), redacted.
 * Nothing else in a row comes from the caller's input except the tool name and the client's
 * self-description, so URL tokens, API tokens and upstream credentials have no way in.
 */
import { now } from "../clock";
import { log } from "../log";
import { randomId } from "../security/crypto";
import { ApiTokenRecord, getJson, keys } from "../stores/records";
import type { CallOutcome } from "../tools/error-kinds";
import type { RateLimitState } from "../tools/rate-limit";
import { isTruncated, type ToolResult } from "../tools/result";
import { storedArguments } from "./redact";

/** How the call reached us: Streamable HTTP (both eras) or the legacy HTTP+SSE transport. */
export type Transport = "streamable_http" | "http_sse";
/** `2026`: stateless, per-request `_meta`; `2025`: negotiated by `initialize` (2024-11-05 … 2025-11-25). */
export type ProtocolEra = "2026" | "2025";
/** Why a call was refused before it reached the upstream. */
export type RefusalReason = "filter" | "expired" | "second_factor" | "rate_limit";

/** Who made the call, when a credential beyond the URL said so (API token, or an OAuth grant made with one). */
export interface Caller {
  api_token_id: string;
  /** Resolved from the token's record at write time when not given. */
  api_token_name?: string | null;
}

/** Facts about the request that carried the call, fixed at the edge before any tool runs. */
export interface CallSite {
  env: Env;
  /** `ExecutionContext.waitUntil` of the request: the write happens after the response. */
  waitUntil: (promise: Promise<unknown>) => void;
  request_id: string;
  account_id: string;
  server_id: string;
  transport: Transport;
  protocol_era: ProtocolEra;
  protocol_version: string | null;
  client_name: string | null;
  client_version: string | null;
  user_agent: string | null;
  caller: Caller | null;
  /** The server's `config.log_arguments`. */
  log_arguments: boolean;
  /** The client's W3C trace id, when its request carried one (worker/http/trace.ts). */
  trace_id?: string | null;
  /** Prefixes of the integration's credentials (`auth.token_prefixes`), redacted from logged arguments. */
  secret_prefixes?: readonly string[];
}

/** What one call did. `outcome` defaults to the result's error kind, or `ok`. */
export interface CallFacts {
  tool: string;
  /** When the call arrived (the gateway clock, ms). */
  started_at: number;
  /** Gateway total for the call (ms). */
  duration_ms: number;
  result?: ToolResult | null;
  outcome?: CallOutcome;
  refusal_reason?: RefusalReason | null;
  upstream_status?: number | null;
  upstream_ms?: number | null;
  rate_limit?: RateLimitState | null;
  arguments?: unknown;
  /** Set on the one record of a request refused at the edge: the tools/call messages it held. */
  refused_messages?: number;
}

/** A row of `tool_calls`, as written. */
export interface CallRow {
  id: string;
  ts: number;
  request_id: string;
  account_id: string;
  server_id: string;
  tool: string;
  protocol_era: ProtocolEra;
  protocol_version: string | null;
  transport: Transport;
  client_name: string | null;
  client_version: string | null;
  user_agent: string | null;
  outcome: string;
  refusal_reason: RefusalReason | null;
  upstream_status: number | null;
  duration_ms: number;
  upstream_ms: number | null;
  result_bytes: number | null;
  truncated: number;
  ratelimit_limit: number | null;
  ratelimit_remaining: number | null;
  ratelimit_reset: number | null;
  retry_after: number | null;
  api_token_id: string | null;
  api_token_name: string | null;
  arguments: string | null;
  refused_messages: number | null;
  trace_id: string | null;
}

/** Column order of an insert; the single place the column list is spelled for writes. */
const COLUMNS = [
  "id",
  "ts",
  "request_id",
  "account_id",
  "server_id",
  "tool",
  "protocol_era",
  "protocol_version",
  "transport",
  "client_name",
  "client_version",
  "user_agent",
  "outcome",
  "refusal_reason",
  "upstream_status",
  "duration_ms",
  "upstream_ms",
  "result_bytes",
  "truncated",
  "ratelimit_limit",
  "ratelimit_remaining",
  "ratelimit_reset",
  "retry_after",
  "api_token_id",
  "api_token_name",
  "arguments",
  "refused_messages",
  "trace_id",
] as const satisfies readonly (keyof CallRow)[];

const INSERT = `INSERT INTO tool_calls (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;

let failedWrites = 0;

/** Record writes that failed in this isolate since it started (each one was logged). */
export function failedActivityWrites(): number {
  return failedWrites;
}

/** The outcome a result reports: `ok`, or its `structuredContent.error.kind`. */
export function outcomeOf(result: ToolResult): string {
  if (!result.isError) return "ok";
  const error = result.structuredContent?.error as { kind?: unknown } | undefined;
  return typeof error?.kind === "string" ? error.kind : "error";
}

/** Builds the row for a call (pure apart from the id). */
export function callRow(site: CallSite, facts: CallFacts): CallRow {
  const result = facts.result ?? null;
  const rl = facts.rate_limit ?? null;
  return {
    id: randomId("call_"),
    ts: facts.started_at,
    request_id: site.request_id,
    account_id: site.account_id,
    server_id: site.server_id,
    tool: facts.tool.slice(0, 200),
    protocol_era: site.protocol_era,
    protocol_version: site.protocol_version,
    transport: site.transport,
    client_name: site.client_name,
    client_version: site.client_version,
    user_agent: site.user_agent,
    outcome: facts.outcome ?? (result ? outcomeOf(result) : "ok"),
    refusal_reason: facts.refusal_reason ?? null,
    upstream_status: facts.upstream_status ?? null,
    duration_ms: Math.max(0, Math.round(facts.duration_ms)),
    upstream_ms:
      facts.upstream_ms === undefined || facts.upstream_ms === null ? null : Math.round(facts.upstream_ms),
    result_bytes: result ? resultBytes(result) : null,
    truncated: result && isTruncated(result) ? 1 : 0,
    ratelimit_limit: rl?.limit ?? null,
    ratelimit_remaining: rl?.remaining ?? null,
    ratelimit_reset: rl?.reset ?? null,
    retry_after: rl?.retry_after ?? null,
    api_token_id: site.caller?.api_token_id ?? null,
    api_token_name: site.caller?.api_token_name ?? null,
    arguments:
      site.log_arguments && facts.arguments !== undefined
        ? storedArguments(facts.arguments, site.secret_prefixes)
        : null,
    refused_messages: facts.refused_messages ?? null,
    trace_id: site.trace_id ?? null,
  };
}

/**
 * Records one tool call. Returns at once: the insert runs under `waitUntil`; a failure is counted
 * ({@link failedActivityWrites}) and logged with the request id, never thrown.
 */
export function recordToolCall(site: CallSite, facts: CallFacts): void {
  let row: CallRow;
  try {
    row = callRow(site, facts);
  } catch (err) {
    writeFailed(site.request_id, site.trace_id ?? null, err);
    return;
  }
  site.waitUntil(writeRow(site.env, row).catch((err) => writeFailed(row.request_id, row.trace_id, err)));
}

/** Starts timing a call: its arrival time on the gateway clock, and a function giving the elapsed ms. */
export function stopwatch(): { started_at: number; elapsed: () => number } {
  const t0 = performance.now();
  return { started_at: now(), elapsed: () => performance.now() - t0 };
}

async function writeRow(env: Env, row: CallRow): Promise<void> {
  if (row.api_token_id && row.api_token_name === null) {
    // Off the hot path: the name is looked up here, not while the call waits.
    const token = await getJson(env.KV, keys.apiToken(row.api_token_id), ApiTokenRecord).catch(() => null);
    row.api_token_name = token?.name ?? null;
  }
  await env.ACTIVITY.prepare(INSERT)
    .bind(...COLUMNS.map((c) => row[c]))
    .run();
}

function writeFailed(requestId: string, traceId: string | null, err: unknown): void {
  failedWrites++;
  const what = err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown";
  log("error", "activity_write_failed", {
    request_id: requestId,
    trace_id: traceId,
    error: what,
    failed_writes: failedWrites,
  });
}

/** Characters of the result's text content (what the client receives as the tool's answer). */
function resultBytes(result: ToolResult): number {
  let n = 0;
  for (const block of result.content) n += new TextEncoder().encode(block.text).length;
  return n;
}
