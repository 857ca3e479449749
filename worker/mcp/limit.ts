/**
 * Our own per-URL limit (Workers Rate Limiting binding `MCP_RATE_LIMITER`, keyed by the MCP server
 * id, which has exactly one URL): one leaked URL cannot burn the account's upstream quota. It counts work, not HTTP requests:
 * every `tools/call` and `tools/list` takes one unit, whichever transport or batch carried it, and
 * nothing else does (initialize, ping and discovery do no work). A refusal is never an HTTP 429 —
 * clients treat a 429 on the transport as a broken connection — but travels in-band: an `isError`
 * tool result for a tool call, a JSON-RPC error for other methods, both in a 200, with the same
 * `ratelimit-*` and `retry-after` headers where the response can still carry them.
 */
import { positiveInt } from "../config";
import type { RateLimitState } from "../tools/rate-limit";
import { type ToolResult, toolError } from "../tools/result";

/** Length of the per-URL rate-limit window (the binding's `period`), in seconds. */
export const LIMIT_WINDOW_S = 60;

/** JSON-RPC error code of a refusal of a method other than `tools/call`. */
export const GATEWAY_RATE_LIMITED_CODE = -32000;

/**
 * Our limit refused one unit of work. The binding says only yes or no, so `reset` and `retry_after`
 * are the window length (an upper bound) and `remaining` is 0.
 */
export interface GatewayRateLimited {
  kind: "gateway_rate_limited";
  retry_after: number;
  limit: number;
  remaining: 0;
  reset: number;
}

/** Takes one unit of a URL's budget: null when admitted, the typed refusal otherwise. */
export type AdmitWork = () => Promise<GatewayRateLimited | null>;

/**
 * The admission check of one MCP URL. A limiter failure admits the work: the limit protects the
 * upstream quota, it is not what keeps a URL secret. Code mode's runs per minute use the same check
 * with their own binding (`CODE_RUN_LIMITER`) and limit.
 */
export function urlLimiter(
  env: Env,
  key: string,
  binding: () => RateLimit = () => env.MCP_RATE_LIMITER,
  perMinute: number = positiveInt(env.MCP_RATE_LIMIT_PER_MINUTE, 0),
): AdmitWork {
  return async () => {
    let admitted = true;
    try {
      admitted = (await binding().limit({ key })).success;
    } catch {
      // Admitted: see above.
    }
    if (admitted) return null;
    return {
      kind: "gateway_rate_limited",
      retry_after: LIMIT_WINDOW_S,
      limit: perMinute,
      remaining: 0,
      reset: LIMIT_WINDOW_S,
    };
  };
}

/** The sentence a model or a user reads. */
export function refusalMessage(r: GatewayRateLimited): string {
  return `Too many requests to this MCP URL (${r.limit} per minute); retry after ${r.retry_after} s. The gateway did not call the upstream.`;
}

/** The `isError` tool result of a refused tool call. */
export function refusedToolResult(r: GatewayRateLimited): ToolResult {
  return toolError(refusalMessage(r), { ...r, status: null });
}

/** The refusal as the normalized state the HTTP layer turns into `ratelimit-*` headers. */
export function refusalRateLimitState(r: GatewayRateLimited): RateLimitState {
  return { limit: r.limit, remaining: r.remaining, reset: r.reset, retry_after: r.retry_after };
}
