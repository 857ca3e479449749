/**
 * GitHub's rate limits. Primary: per user and resource, `core` 5,000 requests an hour and `search`
 * 30 a minute; a window starts with its first request and `x-ratelimit-reset` is its end in epoch
 * seconds. Every answer carries `x-ratelimit-{limit,remaining,reset,used,resource}`; an exhausted
 * window is refused with 403 (or 429 if configured) and remaining 0. Secondary: at most `concurrent`
 * requests in flight and `writesPerMinute` content-creating requests (POST, PATCH, PUT, DELETE) in any
 * 60 s, refused with 403 (or 429) and `retry-after`. Refused requests do not count.
 */

/** The two resources the simulated endpoints belong to. */
export type RateResource = "core" | "search";

/** Secondary-limit settings. */
export interface SecondaryLimits {
  /** Requests in flight per user (GitHub: 100). */
  concurrent: number;
  /** Writes per user in any 60 s (GitHub: 80). */
  writesPerMinute: number;
  /** Status of a secondary refusal: 403 (default) or 429. */
  status: 403 | 429;
  /** The `retry-after` of a secondary refusal, in seconds. */
  retryAfter: number;
}

/** Rate-limit settings; every field is optional in options and control calls. */
export interface RateLimits {
  /** Requests an hour per user on `core`. */
  core: number;
  /** Requests a minute per user on `search`. */
  search: number;
  /** Status of a primary refusal: 403 (GitHub's usual answer, the default) or 429. */
  status: 403 | 429;
  secondary: SecondaryLimits;
}

/** GitHub's documented limits for a personal access token. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  core: 5000,
  search: 30,
  status: 403,
  secondary: { concurrent: 100, writesPerMinute: 80, status: 403, retryAfter: 60 },
};

/** One window as the headers report it. */
export interface RateWindow {
  limit: number;
  used: number;
  /** Epoch milliseconds. */
  resetMs: number;
  resource: RateResource;
}

/** What {@link RateLimiter.admit} decided. */
export type RateDecision =
  | { ok: true; window: RateWindow; release: () => void }
  | { ok: false; kind: "primary" | "secondary"; window: RateWindow };

/** A change of one user's window (control endpoint): any of limit, remaining, reset (epoch s). */
export interface WindowPatch {
  limit?: number;
  remaining?: number;
  reset?: number;
}

const SPAN: Record<RateResource, number> = { core: 3_600_000, search: 60_000 };

/** The `x-ratelimit-*` headers of a window. */
export function rateHeaders(w: RateWindow): Record<string, string> {
  return {
    "x-ratelimit-limit": String(w.limit),
    "x-ratelimit-remaining": String(Math.max(0, w.limit - w.used)),
    "x-ratelimit-reset": String(Math.ceil(w.resetMs / 1000)),
    "x-ratelimit-used": String(w.used),
    "x-ratelimit-resource": w.resource,
  };
}

/** Per-user windows, in-flight counts and recent writes. */
export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>();
  private readonly inFlight = new Map<string, number>();
  private readonly writes = new Map<string, number[]>();

  limits: RateLimits;

  constructor(limits: RateLimits) {
    this.limits = limits;
  }

  /** Forgets every window and counter (the limits stay). */
  clear(): void {
    this.windows.clear();
    this.inFlight.clear();
    this.writes.clear();
  }

  /** The current window of `key` (a login, or `anonymous`) on `resource`, opened if needed. */
  window(key: string, resource: RateResource, nowMs: number, limit?: number): RateWindow {
    const id = `${key}\u0000${resource}`;
    let w = this.windows.get(id);
    if (!w || nowMs >= w.resetMs) {
      w = { limit: limit ?? this.limits[resource], used: 0, resetMs: nowMs + SPAN[resource], resource };
      this.windows.set(id, w);
    }
    return w;
  }

  /** Admits one request of `key`, or says which limit refuses it. */
  admit(key: string, resource: RateResource, write: boolean, nowMs: number): RateDecision {
    const w = this.window(key, resource, nowMs);
    if (w.used >= w.limit) return { ok: false, kind: "primary", window: w };
    const { concurrent, writesPerMinute } = this.limits.secondary;
    const recent = (this.writes.get(key) ?? []).filter((t) => nowMs - t < 60_000);
    this.writes.set(key, recent);
    const flying = this.inFlight.get(key) ?? 0;
    if (flying >= concurrent || (write && recent.length >= writesPerMinute)) {
      return { ok: false, kind: "secondary", window: w };
    }
    w.used++;
    if (write) recent.push(nowMs);
    this.inFlight.set(key, flying + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
    return { ok: true, window: w, release };
  }

  /** Applies the current limits to the open windows (after the limits changed). */
  retune(): void {
    for (const w of this.windows.values()) w.limit = this.limits[w.resource];
  }

  /** The windows of `key` as `GET /rate_limit` reports them. */
  snapshot(key: string, nowMs: number): Record<RateResource, Record<string, number>> {
    const view = (resource: RateResource) => {
      const w = this.window(key, resource, nowMs);
      return {
        limit: w.limit,
        remaining: Math.max(0, w.limit - w.used),
        reset: Math.ceil(w.resetMs / 1000),
        used: w.used,
      };
    };
    return { core: view("core"), search: view("search") };
  }

  /** Sets the window of each of `keys` on `resource` (opening it first). */
  patch(keys: readonly string[], resource: RateResource, patch: WindowPatch, nowMs: number): void {
    for (const key of keys) {
      const w = this.window(key, resource, nowMs);
      if (patch.limit !== undefined) w.limit = patch.limit;
      if (patch.remaining !== undefined) w.used = Math.max(0, w.limit - patch.remaining);
      if (patch.reset !== undefined) w.resetMs = patch.reset * 1000;
    }
  }
}
