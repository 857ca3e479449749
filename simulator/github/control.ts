/**
 * Control endpoints under `/__simulator/` (not GitHub's; for tests and local development):
 * `GET requests` (the log), `POST reset`, `POST fail` (`{status, count?, retry_after?}`),
 * `GET rate-limit` (limits in force) and `POST rate-limit` (`{limits?, window?, latency_ms?}`).
 */
import { isObject, json } from "./http.js";
import type { RateLimits } from "./rate-limit.js";
import type { GithubSimulator, RateLimitUpdate, RateWindowUpdate } from "./types.js";

async function body(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = await request.json();
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a control request; `limits` reads the limits in force. */
export async function control(
  request: Request,
  what: string,
  sim: GithubSimulator,
  limits: () => RateLimits,
): Promise<Response> {
  const method = request.method;
  if (what === "requests" && method === "GET") return json({ requests: sim.requests });
  if (what === "reset" && method === "POST") {
    sim.reset();
    return json({ ok: true });
  }
  if (what === "fail" && method === "POST") {
    const b = await body(request);
    if (!b || typeof b.status !== "number") return json({ error: "status (a number) is required" }, 400);
    const count = typeof b.count === "number" ? b.count : 1;
    sim.failNext(b.status, count, typeof b.retry_after === "number" ? b.retry_after : undefined);
    return json({ ok: true });
  }
  if (what === "rate-limit" && method === "GET") return json({ limits: limits() });
  if (what === "rate-limit" && method === "POST") {
    const b = await body(request);
    if (!b) return json({ error: "a JSON object {limits?, window?, latency_ms?} is required" }, 400);
    if (b.limits !== undefined && !isObject(b.limits))
      return json({ error: "limits must be an object" }, 400);
    if (b.window !== undefined && !isObject(b.window))
      return json({ error: "window must be an object" }, 400);
    if (b.latency_ms !== undefined && typeof b.latency_ms !== "number") {
      return json({ error: "latency_ms must be a number" }, 400);
    }
    if (typeof b.latency_ms === "number") sim.setLatency(b.latency_ms);
    if (b.limits) sim.setRateLimits(b.limits as RateLimitUpdate);
    if (b.window) sim.setRateWindow(b.window as RateWindowUpdate);
    return json({ ok: true, limits: limits() });
  }
  return json({ error: "unknown control endpoint" }, 404);
}
