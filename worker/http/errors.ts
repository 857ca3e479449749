/**
 * The three error layers, one constructor each:
 * - {@link HttpError} → admin API and transport failures: HTTP status + `{"error":{code,message,details?}}`;
 * - {@link jsonRpcErrorResponse} → protocol failures on an MCP URL: HTTP status + JSON-RPC error;
 * - `toolError` (worker/tools/result.ts) → upstream and argument failures: an `isError` tool result.
 * Unknown exceptions become a generic 500 with a request id; details stay in the log, never on the wire.
 */
import { redactUrlTokens } from "../security/url-token";

/** An expected admin/transport failure with a stable machine-readable code. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Serializes an {@link HttpError}. */
export function httpErrorResponse(e: HttpError): Response {
  const error: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.details !== undefined) error.details = e.details;
  return Response.json({ error }, { status: e.status, headers: e.headers });
}

/** A JSON-RPC error body (no `id` when the request's id is unknown) with an HTTP status. */
export function jsonRpcErrorResponse(
  status: number,
  code: number,
  message: string,
  options: { id?: string | number | null; data?: unknown; headers?: Record<string, string> } = {},
): Response {
  const error: Record<string, unknown> = { code, message };
  if (options.data !== undefined) error.data = options.data;
  return Response.json(
    { jsonrpc: "2.0", id: options.id ?? null, error },
    { status, headers: options.headers },
  );
}

/** Logs an unexpected exception under a request id and answers a generic 500. */
export function internalErrorResponse(
  err: unknown,
  requestId: string,
  asJsonRpc: boolean,
  traceId: string | null = null,
): Response {
  // Only the error class and message are logged: stack traces and request data may carry secrets.
  const what = err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown";
  console.error(
    JSON.stringify({ level: "error", request_id: requestId, trace_id: traceId, error: redact(what) }),
  );
  const message = `Internal error (request id ${requestId})`;
  return asJsonRpc
    ? jsonRpcErrorResponse(500, -32603, message)
    : httpErrorResponse(new HttpError(500, "internal_error", message));
}

/** Removes anything shaped like one of our tokens or a bearer credential from a log line. */
export function redact(text: string): string {
  return redactUrlTokens(
    text
      .replace(/\bemat_[A-Za-z0-9_-]{10,}/g, "emat_[redacted]")
      .replace(/Bearer\s+\S+/gi, "Bearer [redacted]"),
  );
}
