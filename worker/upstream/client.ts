/**
 * The one place the gateway talks to an upstream API: exactly one attempt, no retry, no backoff,
 * bounded by a timeout below Claude's 300 s tool timeout. The outcome is data for
 * `toToolResult`; credentials never reach an error or a log.
 */

import { readMessageUpTo } from "../http/stream";
import type { UpstreamCall } from "../tools/request";
import type { UpstreamOutcome } from "../tools/result";

/** Default upstream timeout: well under Claude's 300 s tool-call limit. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

/** Upstream answers larger than this are refused rather than buffered (bytes). */
export const MAX_UPSTREAM_BODY_BYTES = 8 * 1024 * 1024;

/** Sends one upstream request and reads the whole answer. */
export async function sendUpstream(
  call: UpstreamCall,
  options: {
    baseUrl: string;
    bearer: string;
    /** The integration's static headers (e.g. a pinned API version); the engine's own win. */
    headers?: Readonly<Record<string, string>>;
    timeoutMs?: number;
    fetchImpl?: typeof fetch;
    /** Aborts the request when the client goes away (reads only: a write is never cut mid-flight). */
    clientSignal?: AbortSignal;
    /** W3C `traceparent` to send. */
    traceparent?: string;
  },
): Promise<UpstreamOutcome> {
  const timeoutMs = options.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const url = new URL(options.baseUrl.replace(/\/+$/, "") + call.path);
  for (const [k, v] of Object.entries(call.query)) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    ...options.headers,
    authorization: `Bearer ${options.bearer}`,
    accept: "application/json",
    "user-agent": "edge-mcp",
  };
  if (call.body !== undefined) headers["content-type"] = "application/json";
  if (options.traceparent) headers.traceparent = options.traceparent;
  const timeout = AbortSignal.timeout(timeoutMs);
  const client = options.clientSignal;
  const signal = client ? AbortSignal.any([timeout, client]) : timeout;
  const failed = (dropped: boolean): UpstreamOutcome =>
    client?.aborted
      ? { kind: "abandoned" }
      : timeout.aborted
        ? { kind: "timeout", afterMs: timeoutMs }
        : { kind: "network", dropped };
  const doFetch = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url.toString(), {
      method: call.method,
      headers,
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal,
      redirect: "manual",
    });
  } catch {
    return failed(false);
  }
  try {
    const text = await readMessageUpTo(response, MAX_UPSTREAM_BODY_BYTES);
    if (text === null) {
      return {
        kind: "too_large",
        limitBytes: MAX_UPSTREAM_BODY_BYTES,
        status: response.status,
        headers: response.headers,
      };
    }
    return { kind: "response", status: response.status, headers: response.headers, text };
  } catch {
    return failed(true);
  }
}
