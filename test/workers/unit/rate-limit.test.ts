import { describe, expect, it } from "vitest";
import { rateLimitHeaders, readRateLimit } from "../../../worker/tools/rate-limit";

const spec = {
  limit: "x-ratelimit-limit",
  remaining: "x-ratelimit-remaining",
  reset: "x-ratelimit-reset",
  reset_kind: "epoch_seconds" as const,
  retry_after: "retry-after",
};

describe("rate-limit normalization", () => {
  it("turns Missive's epoch reset into seconds-until-reset IETF headers", () => {
    const now = 1_800_000_000_000;
    const h = new Headers({
      "X-RateLimit-Limit": "300",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(now / 1000 + 42),
      "Retry-After": "42",
    });
    const state = readRateLimit(h, spec, now);
    expect(state).toEqual({ limit: 300, remaining: 0, reset: 42, retry_after: 42 });
    expect(rateLimitHeaders(state!)).toEqual({
      "ratelimit-limit": "300",
      "ratelimit-remaining": "0",
      "ratelimit-reset": "42",
      "retry-after": "42",
    });
  });

  it("reads an HTTP-date Retry-After and reports null when no header is present", () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const httpDate = new Date(now + 30_000).toUTCString();
    expect(readRateLimit(new Headers({ "retry-after": httpDate }), spec, now)?.retry_after).toBe(30);
    expect(readRateLimit(new Headers(), spec, now)).toBeNull();
  });
});
