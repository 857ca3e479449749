/**
 * The gateway's own log lines: one JSON object per line, so Workers Logs (`[observability]` in
 * wrangler.toml) indexes every field. Each line names the request id that also appears in the
 * request's activity records, so one id leads from a call record to its log lines and back.
 */
import { redact } from "./http/errors";

const ids = new WeakMap<Request, string>();

/**
 * The request id of an incoming request: Cloudflare's `cf-ray` when present (it also appears in
 * Cloudflare's own request logs), otherwise a random UUID. Stable for the same Request object.
 */
export function requestId(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    id = request.headers.get("cf-ray") ?? crypto.randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Fields of a log line; strings are passed through {@link redact} so no token reaches the log. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Writes one structured log line (`level`, `event`, then the fields). */
export function log(level: "info" | "warn" | "error", event: string, fields: LogFields = {}): void {
  const line: Record<string, unknown> = { level, event };
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined) line[k] = typeof v === "string" ? redact(v) : v;
  }
  const text = JSON.stringify(line);
  if (level === "error") console.error(text);
  else if (level === "warn") console.warn(text);
  else console.log(text);
}
