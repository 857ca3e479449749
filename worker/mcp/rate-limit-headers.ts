/**
 * The IETF `ratelimit-*` and `retry-after` headers of an MCP HTTP response (design §2.5): the
 * upstream's rate-limit state after a tool call, or our own per-URL limit's when it refused work.
 * Read from the request's {@link McpRequestState} once the answer's body is complete.
 */
import { rateLimitHeaders } from "../tools/rate-limit";
import { refusalRateLimitState } from "./limit";
import type { McpRequestState } from "./server";

/** A tool call's rate-limit headers: our own limit's when it refused a call, else the upstream's. */
export function toolCallHeaders(state: McpRequestState): Record<string, string> {
  if (state.refused) return refusalHeaders(state);
  return state.rateLimit ? rateLimitHeaders(state.rateLimit) : {};
}

/** Our own limit's headers when it refused some work of the request (known once the body is complete). */
export function refusalHeaders(state: McpRequestState): Record<string, string> {
  return state.refused ? rateLimitHeaders(refusalRateLimitState(state.refused)) : {};
}
