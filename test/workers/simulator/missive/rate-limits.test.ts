import { describe, expect, it } from "vitest";
import { call, setup } from "./helpers";

describe("rate limits", () => {
  it("answers 429 with Retry-After and X-RateLimit headers past the per-minute limit", async () => {
    const { sim, clock } = setup({ rateLimits: { perMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await call(sim, "GET", "/users")).status).toBe(200);
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(429);
    expect(res.json).toEqual({ error: { message: "Rate limit exceeded" } });
    const windowEnd = Math.ceil((Math.floor(clock.now() / 60_000) + 1) * 60);
    expect(res.headers.get("x-ratelimit-limit")).toBe("3");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(windowEnd));
    expect(Number(res.headers.get("retry-after"))).toBe(windowEnd - Math.floor(clock.now() / 1000));
    clock.advance(60_000);
    expect((await call(sim, "GET", "/users")).status).toBe(200);
  });

  it("applies the fifteen-minute limit too", async () => {
    const { sim, clock } = setup({ rateLimits: { perMinute: 100, per15Minutes: 2 } });
    await call(sim, "GET", "/users");
    clock.advance(61_000);
    await call(sim, "GET", "/users");
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(429);
    expect(res.headers.get("x-ratelimit-limit")).toBe("2");
  });

  it("answers 429 past the concurrency limit while slow requests are in flight", async () => {
    const { sim } = setup({ rateLimits: { concurrent: 2 } });
    sim.setFaults([{ kind: "slow", delayMs: 50 }]);
    const results = await Promise.all([1, 2, 3].map(() => call(sim, "GET", "/users")));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    const rejected = results.find((r) => r.status === 429);
    expect(rejected?.headers.get("retry-after")).toBe("1");
    expect(rejected?.headers.get("x-ratelimit-limit")).toBe("2");
    expect((await call(sim, "GET", "/users")).status).toBe(200);
  });

  it("counts limits per token", async () => {
    const { sim } = setup({ rateLimits: { perMinute: 1 } });
    expect((await call(sim, "GET", "/users")).status).toBe(200);
    expect((await call(sim, "GET", "/users")).status).toBe(429);
    expect((await call(sim, "GET", "/users", { token: "missive_pat-simulator-guest" })).status).toBe(200);
  });

  it("adds the X-RateLimit headers to successes only when asked", async () => {
    const off = setup().sim;
    expect((await call(off, "GET", "/users")).headers.get("x-ratelimit-limit")).toBeNull();
    const { sim } = setup({ rateLimitHeadersOnSuccess: true, rateLimits: { perMinute: 10 } });
    const res = await call(sim, "GET", "/users");
    expect(res.headers.get("x-ratelimit-limit")).toBe("10");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(res.headers.get("retry-after")).toBeNull();
  });

  it("is configurable over the control endpoint", async () => {
    const { sim } = setup();
    const control = await sim.fetch(
      new Request("https://missive.test/__simulator/rate-limits", {
        method: "POST",
        body: JSON.stringify({ perMinute: 1, headersOnSuccess: true }),
      }),
    );
    expect(control.status).toBe(200);
    expect((await call(sim, "GET", "/users")).headers.get("x-ratelimit-remaining")).toBe("0");
    expect((await call(sim, "GET", "/users")).status).toBe(429);
    sim.reset();
    expect((await call(sim, "GET", "/users")).status).toBe(200);
    expect((await call(sim, "GET", "/users")).status).toBe(200);
  });
});
