/**
 * W3C Trace Context (`traceparent`) across the gateway: a client's trace id, from its request header
 * or from the MCP message's `_meta.traceparent`, is carried into our log lines, the call's activity
 * record and the upstream request, where the gateway takes part as a new span (same trace id, a
 * parent id of its own), as the specification asks of an intermediary. Malformed values are ignored.
 */

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A valid `traceparent` (version 00 format, trace and parent ids not all zero), or null. */
export function parseTraceparent(value: unknown): { traceId: string; flags: string } | null {
  if (typeof value !== "string") return null;
  const m = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m || m[1] === "ff" || /^0+$/.test(m[2] ?? "") || /^0+$/.test(m[3] ?? "")) return null;
  return { traceId: m[2] ?? "", flags: m[4] ?? "00" };
}

/** The trace of a request: its `traceparent` header, else the message's `params._meta.traceparent`. */
export function requestTrace(
  request: Request,
  parsedBody?: unknown,
): { traceId: string; flags: string } | null {
  const fromHeader = parseTraceparent(request.headers.get("traceparent"));
  if (fromHeader) return fromHeader;
  const message = Array.isArray(parsedBody) ? parsedBody[0] : parsedBody;
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  return parseTraceparent(meta?.traceparent);
}

/** The `traceparent` the gateway sends upstream: the client's trace, the gateway's own span. */
export function childTraceparent(trace: { traceId: string; flags: string }): string {
  const span = crypto.getRandomValues(new Uint8Array(8));
  const hex = [...span].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `00-${trace.traceId}-${hex === "0000000000000000" ? "0000000000000001" : hex}-${trace.flags}`;
}
