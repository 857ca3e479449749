/**
 * Fault injection for gateway tests: slow answers, error statuses, garbage and empty bodies, dropped
 * connections and forced 429s. Faults apply after authentication and rate limiting, so a `slow` fault
 * holds a concurrency slot the way a slow upstream would.
 */
import { AUTH_ERROR_MESSAGE, emptyResponse, errorResponse } from "./http";
import { isRecord } from "./params";
import type { RateLimitInfo } from "./rate-limit";
import { rateLimitHeaders } from "./rate-limit";
import type { Fault, FaultKind } from "./types";

const KINDS: readonly FaultKind[] = ["slow", "status", "garbage", "drop", "rate_limit", "empty"];

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad request",
  401: AUTH_ERROR_MESSAGE,
  403: "Forbidden",
  404: "Not found",
  422: "Validation failed",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

/** Holds the active faults and hands out the one that applies to a request. */
export class FaultStore {
  private faults: Fault[] = [];

  /** Replaces the active faults (copies them, so callers may reuse their array). */
  set(faults: Fault[]): void {
    this.faults = faults.map((f) => ({ ...f, match: f.match ? { ...f.match } : undefined }));
  }

  /** Takes the first fault matching the request and counts one use down. */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => matches(f, method, path));
    const fault = this.faults[index];
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      fault.times--;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.pathPrefix) {
    // Accept prefixes written with or without the `/v1` the API is served under.
    const bare = path.startsWith("/v1/") ? path.slice(3) : path;
    if (!path.startsWith(m.pathPrefix) && !bare.startsWith(m.pathPrefix)) return false;
  }
  return true;
}

/** Validates a fault list from the control endpoint; returns an error message or the faults. */
export function parseFaults(value: unknown): Fault[] | string {
  if (!Array.isArray(value)) return "'faults' must be an array";
  for (const f of value) {
    if (!isRecord(f) || !KINDS.includes(f.kind as FaultKind)) {
      return `each fault needs a 'kind' among ${KINDS.join(", ")}`;
    }
  }
  return value as Fault[];
}

/**
 * Produces the faulty answer, or `undefined` after waiting when the fault is `slow` (the request then
 * proceeds normally).
 */
export async function applyFault(fault: Fault, rateInfo: RateLimitInfo): Promise<Response | undefined> {
  switch (fault.kind) {
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
      return undefined;
    case "status": {
      const status = fault.status ?? 500;
      return errorResponse(status, fault.body ?? DEFAULT_MESSAGES[status] ?? "Error");
    }
    case "garbage":
      return new Response(fault.body ?? "<html><body><h1>502 Bad Gateway</h1></body></html>", {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
    case "drop":
      return new Response(droppedStream(), {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
    case "rate_limit": {
      const headers = rateLimitHeaders(rateInfo, true);
      headers.set("content-type", "application/json; charset=utf-8");
      return new Response(JSON.stringify({ error: { message: "Rate limit exceeded" } }), {
        status: 429,
        headers,
      });
    }
    case "empty":
      return emptyResponse(200);
  }
}

/** A body that sends the start of a JSON document and then fails, like a connection cut mid-answer. */
function droppedStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"contacts":[{"id":"'));
    },
    async pull(controller) {
      // Fail a little later so the status line and first bytes reach the client before the cut; an
      // immediate error lets proxies (wrangler dev) answer 500 or retry instead of dropping mid-body.
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.error(new Error("connection dropped by the simulator"));
    },
  });
}
