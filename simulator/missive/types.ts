/**
 * Public types of the Missive simulator. Other code (gateway tests, `npm start`) depends on these
 * shapes exactly, so changes here are breaking.
 */
import type { SimulatorData } from "./state";

/** Per-token rate limits. Defaults follow Missive's documented limits (§1.4 of missive-api.md). */
export interface RateLimitOptions {
  /** Requests in flight at the same time (default 5). */
  concurrent?: number;
  /** Requests per fixed one-minute window (default 300). */
  perMinute?: number;
  /** Requests per fixed fifteen-minute window (default 900). */
  per15Minutes?: number;
}

/** Options of `createMissiveSimulator`. */
export interface SimulatorOptions {
  /** Clock in epoch milliseconds; drives timestamps of created items, rate windows and analytics readiness. */
  now?: () => number;
  rateLimits?: RateLimitOptions;
  /** Also send the three `X-RateLimit-*` headers on 2xx answers (Missive documents them on 429 only). */
  rateLimitHeadersOnSuccess?: boolean;
}

/** Body of `POST /__simulator/rate-limits` and argument of `setRateLimits`. */
export interface RateLimitUpdate extends RateLimitOptions {
  headersOnSuccess?: boolean;
}

/** One logged API request (control requests are never logged; the Authorization header never is). */
export interface SimulatorRequest {
  method: string;
  /** Pathname including `/v1`. */
  path: string;
  query: Record<string, string>;
  /** The request body: parsed JSON, or the raw text when it is not JSON; absent when there was none. */
  body?: unknown;
  status: number;
  /** Arrival time, epoch milliseconds from the injected clock. */
  at: number;
}

/** The kinds of injected failure. */
export type FaultKind = "slow" | "status" | "garbage" | "drop" | "rate_limit" | "empty";

/**
 * An injected failure. The first fault whose `match` fits a request applies to it; `times` counts down
 * and the fault disappears at zero (absent = unlimited).
 */
export interface Fault {
  match?: { method?: string; pathPrefix?: string };
  kind: FaultKind;
  /** `slow`: wait this long, then answer normally. */
  delayMs?: number;
  /** `status`: the status to answer (default 500). */
  status?: number;
  /** `status`: error message; `garbage`: the raw body. */
  body?: string;
  times?: number;
}

/** The simulator: a fetch handler plus test controls. */
export interface MissiveSimulator {
  /** Serves `/v1/...` (the Missive API) and `/__simulator/...` (test controls) of any host. */
  fetch(request: Request): Promise<Response>;
  /** Completed API requests, oldest first. */
  readonly requests: SimulatorRequest[];
  /** Fresh seed, empty log, no faults, rate limits and counters back to the construction options. */
  reset(): void;
  /** Replaces the active faults. */
  setFaults(faults: Fault[]): void;
  /** Merges new rate limits (and the headers-on-success switch) into the current ones. */
  setRateLimits(limits: RateLimitUpdate): void;
  /**
   * The live in-memory state (seeded data plus whatever requests changed). Replaced by `reset()`, so
   * read it again afterwards. See {@link SimulatorData} and `data.facts` for well-known ids.
   */
  readonly data: SimulatorData;
}
