/**
 * Per-token rate limiting as Missive documents it (§1.4): concurrency, 300/min and 900/15 min.
 * Windows are fixed and aligned to the epoch so `X-RateLimit-Reset` is a stable UTC epoch in seconds
 * and tests with an injected clock can predict it. Rejected requests do not consume the windows.
 */
import type { RateLimitOptions } from "./types";

/** Effective limits (all set). */
export type RateLimits = Required<RateLimitOptions>;

/** Missive's documented defaults. */
export const DEFAULT_RATE_LIMITS: RateLimits = { concurrent: 5, perMinute: 300, per15Minutes: 900 };

interface Window {
  start: number;
  count: number;
}

interface TokenState {
  inFlight: number;
  minute: Window;
  quarter: Window;
}

/** Values for the `Retry-After` and `X-RateLimit-*` headers. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  /** Seconds. */
  retryAfter: number;
}

/** Outcome of {@link RateLimiter.acquire}: either a slot (release it when done) or a rejection. */
export type Admission =
  | { ok: true; release: () => void; info: RateLimitInfo }
  | { ok: false; info: RateLimitInfo };

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;

/** Builds the header set Missive sends on a 429 (and, optionally, on successes). */
export function rateLimitHeaders(info: RateLimitInfo, withRetryAfter: boolean): Headers {
  const h = new Headers({
    "X-RateLimit-Limit": String(info.limit),
    "X-RateLimit-Remaining": String(info.remaining),
    "X-RateLimit-Reset": String(info.reset),
  });
  if (withRetryAfter) h.set("Retry-After", String(info.retryAfter));
  return h;
}

/** Tracks in-flight requests and window counters per token. */
export class RateLimiter {
  private readonly tokens = new Map<string, TokenState>();

  constructor(public limits: RateLimits) {}

  /** Forgets every counter (limits stay). */
  clear(): void {
    this.tokens.clear();
  }

  /** Admits a request of `token` at `nowMs`, or says which limit it hit. */
  acquire(token: string, nowMs: number): Admission {
    const s = this.state(token, nowMs);
    const { concurrent, perMinute, per15Minutes } = this.limits;
    if (s.inFlight >= concurrent) {
      return {
        ok: false,
        info: { limit: concurrent, remaining: 0, reset: Math.ceil(nowMs / 1000) + 1, retryAfter: 1 },
      };
    }
    if (s.minute.count >= perMinute)
      return { ok: false, info: windowInfo(s.minute, MINUTE, perMinute, nowMs) };
    if (s.quarter.count >= per15Minutes) {
      return { ok: false, info: windowInfo(s.quarter, QUARTER, per15Minutes, nowMs) };
    }
    s.inFlight++;
    s.minute.count++;
    s.quarter.count++;
    // Report the tighter window: that is the limit that will bite first.
    const minuteInfo = windowInfo(s.minute, MINUTE, perMinute, nowMs);
    const quarterInfo = windowInfo(s.quarter, QUARTER, per15Minutes, nowMs);
    const info = quarterInfo.remaining < minuteInfo.remaining ? quarterInfo : minuteInfo;
    let released = false;
    const release = () => {
      if (!released) s.inFlight--;
      released = true;
    };
    return { ok: true, release, info };
  }

  /** Header values for an injected `rate_limit` fault: the minute window, exhausted. */
  exhaustedInfo(nowMs: number): RateLimitInfo {
    const start = Math.floor(nowMs / MINUTE) * MINUTE;
    return { ...windowInfo({ start, count: 0 }, MINUTE, this.limits.perMinute, nowMs), remaining: 0 };
  }

  private state(token: string, nowMs: number): TokenState {
    let s = this.tokens.get(token);
    if (!s) {
      s = { inFlight: 0, minute: { start: 0, count: 0 }, quarter: { start: 0, count: 0 } };
      this.tokens.set(token, s);
    }
    roll(s.minute, MINUTE, nowMs);
    roll(s.quarter, QUARTER, nowMs);
    return s;
  }
}

function roll(w: Window, size: number, nowMs: number): void {
  const start = Math.floor(nowMs / size) * size;
  if (start !== w.start) {
    w.start = start;
    w.count = 0;
  }
}

function windowInfo(w: Window, size: number, limit: number, nowMs: number): RateLimitInfo {
  const endMs = w.start + size;
  return {
    limit,
    remaining: Math.max(0, limit - w.count),
    reset: Math.ceil(endMs / 1000),
    retryAfter: Math.max(1, Math.ceil((endMs - nowMs) / 1000)),
  };
}
