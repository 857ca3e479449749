/**
 * Every `kind` a tool error can carry (`structuredContent.error.kind`), one meaning each. The
 * activity log records the kind as a call's outcome. docs/rate-limits-and-errors.md lists them all
 * (a test keeps the two in step: test/workers/unit/error-kinds.test.ts).
 */

/** Every tool error kind with its one-line meaning (the source of {@link ToolErrorKind}). */
export const TOOL_ERROR_KINDS = {
  invalid_arguments: "the arguments do not match the tool's input schema (or a meta tool's)",
  invalid_cursor: "next_cursor was altered or belongs to another tool",
  invalid_request: "the upstream rejected the arguments (4xx other than 401, 403, 404, 429)",
  unauthorized: "the upstream rejected the account's credentials (401)",
  forbidden: "the connected account lacks permission (403)",
  not_found: "the upstream found nothing at that id (404)",
  rate_limited: "the upstream's own rate limit (429 or the integration's signal); carries retry_after",
  overloaded: "the upstream answered a status its integration declares as overload; carries retry_after",
  upstream_error: "the upstream failed (5xx)",
  invalid_json: "the upstream answered 2xx with a body that is not JSON",
  timeout: "no upstream answer within UPSTREAM_TIMEOUT_MS; the request may or may not have been applied",
  connection_failed: "the upstream could not be reached; nothing was delivered",
  connection_dropped: "the connection dropped before the answer was complete",
  abandoned: "the client disconnected during a read, so the gateway stopped waiting",
  result_too_large: "a result over the result bound that cannot be cut, or an upstream answer over 8 MiB",
  account_missing: "the integrated account behind the MCP server was deleted",
  credentials_unreadable: "the account's stored credentials cannot be decrypted (CREDENTIALS_KEY changed)",
  reconnect_required:
    "the OAuth-connected account must be connected again (the provider refused to refresh its tokens, or it never finished connecting)",
  gateway_rate_limited: "our own per-URL limit refused the call; nothing was sent upstream",
  program_error: "a code-mode program did not parse or threw; the message names the line",
  program_limit:
    "a code-mode program hit a limit of its run (function calls, CPU, wall time); the message names it",
  code_unavailable: "code exposure on a deployment without its Worker Loader binding (LOADER)",
} as const;

/** The `kind` of a tool error: one of {@link TOOL_ERROR_KINDS}. */
export type ToolErrorKind = keyof typeof TOOL_ERROR_KINDS;

/**
 * Outcomes of refusals recorded in the activity log that are not tool results (the caller got a
 * JSON-RPC or HTTP error): an expired URL, a missing or wrong second factor, a tool outside the URL.
 */
export type RefusalOutcome = "expired" | "unauthorized_caller" | "unknown_tool";

/** A call's `outcome` in the activity log: `ok`, a tool error kind, or a refusal. */
export type CallOutcome = "ok" | ToolErrorKind | RefusalOutcome;

/** Every outcome a call record can hold, for filters that must name a real one. */
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  "ok",
  ...(Object.keys(TOOL_ERROR_KINDS) as ToolErrorKind[]),
  "expired",
  "unauthorized_caller",
  "unknown_tool",
];
