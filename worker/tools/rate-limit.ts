/**
 * Rate-limit normalization: upstream headers (as an integration names them, e.g. `X-RateLimit-*` with an epoch reset) become
 * the IETF draft headers `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` (seconds until
 * the window resets) and `retry-after`. Pure: the clock is injected.
 */
import type { Integration } from "../integrations/schema";

/** Normalized rate-limit state; each field is null when the upstream did not say. */
export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window resets. */
  reset: number | null;
  /** Seconds the caller should wait before retrying (429 only, usually). */
  retry_after: number | null;
}

/** Reads the upstream's rate-limit headers; null when none is present. */
export function readRateLimit(
  headers: Headers,
  spec: Integration["rate_limit_headers"],
  nowMs: number,
): RateLimitState | null {
  const num = (name: string | undefined) => {
    if (name === undefined) return null;
    const raw = headers.get(name);
    if (raw === null || raw.trim() === "") return null;
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  };
  const limit = num(spec.limit);
  const remaining = num(spec.remaining);
  const rawReset = num(spec.reset);
  const retryAfter = retryAfterSeconds(headers.get(spec.retry_after), nowMs);
  if (limit === null && remaining === null && rawReset === null && retryAfter === null) return null;
  let reset: number | null = null;
  if (rawReset !== null) {
    reset =
      spec.reset_kind === "epoch_seconds"
        ? Math.max(0, Math.ceil(rawReset - nowMs / 1000))
        : Math.max(0, rawReset);
  }
  return { limit, remaining, reset, retry_after: retryAfter };
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function retryAfterSeconds(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The IETF headers for a state (only the fields that are known). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const h: Record<string, string> = {};
  if (state.limit !== null) h["ratelimit-limit"] = String(state.limit);
  if (state.remaining !== null) h["ratelimit-remaining"] = String(state.remaining);
  if (state.reset !== null) h["ratelimit-reset"] = String(state.reset);
  if (state.retry_after !== null) h["retry-after"] = String(state.retry_after);
  return h;
}
