/** The public types of the GitHub simulator. */
import type { OAuthProvider } from "../oauth/provider.js";
import type { GithubData } from "./model.js";
import type { RateLimits, RateResource, SecondaryLimits, WindowPatch } from "./rate-limit.js";

/** One API request as the simulator received it (control endpoints are not logged). */
export interface GithubRequest {
  method: string;
  /** The path, e.g. `/repos/octocat-sim/hello-world/issues`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it did not parse, or undefined when empty. */
  body: unknown;
  status: number;
  /** The matched operation's `operationId`, or null when no route matched. */
  operationId: string | null;
  /** The simulator's clock when it arrived, epoch ms. */
  at: number;
}

/** Partial rate-limit settings, as options and control calls take them. */
export type RateLimitUpdate = Partial<Omit<RateLimits, "secondary">> & {
  secondary?: Partial<SecondaryLimits>;
};

/** A change of the current rate-limit window of one user (all token holders when `login` is absent). */
export interface RateWindowUpdate extends WindowPatch {
  login?: string;
  /** Default `core`. */
  resource?: RateResource;
}

/** Options of {@link createGithubSimulator}. */
export interface GithubSimulatorOptions {
  /** The PRNG seed of the data (default {@link GITHUB_SEED}). */
  seed?: number;
  /** The clock, epoch ms (default `Date.now`); it drives timestamps of writes and rate-limit windows. */
  now?: () => number;
  /** Limits other than GitHub's defaults. */
  rateLimits?: RateLimitUpdate;
  /**
   * Milliseconds each admitted API request takes before it is answered (default 0), so requests
   * overlap and the secondary concurrency limit can bite; also settable with `setLatency`.
   */
  latencyMs?: number;
}

/** A running simulator. */
export interface GithubSimulator {
  /** Answers one request: the API at the origin's root, control endpoints under `/__simulator/`. */
  fetch(request: Request): Promise<Response>;
  /** The live data (tests read ground truth here). */
  readonly data: GithubData;
  /** Every API request handled, oldest first. */
  readonly requests: readonly GithubRequest[];
  /** The OAuth provider side (GitHub App user access tokens; see oauth.ts). */
  readonly oauth: OAuthProvider;
  /** Answers the next `count` API requests with `status` (and `retry-after` when given). */
  failNext(status: number, count?: number, retryAfterSeconds?: number): void;
  /** Changes the limits (also those of open windows). */
  setRateLimits(update: RateLimitUpdate): void;
  /** Changes the current window of one user or of every token holder. */
  setRateWindow(update: RateWindowUpdate): void;
  /** Changes how long each admitted API request takes (see {@link GithubSimulatorOptions.latencyMs}). */
  setLatency(ms: number): void;
  /** Back to the seed: data, log, failures, limits and windows. */
  reset(): void;
}
