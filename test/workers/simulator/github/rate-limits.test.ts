import { describe, expect, it } from "vitest";
import { GITHUB_TOKEN } from "../../../../simulator/github/index.js";
import { call, ORIGIN, simulator } from "./helpers";

/** A whole hour derived from the real clock (never a calendar date: see test/e2e/calendar.test.ts). */
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;

function rate(res: Response): Record<string, string | null> {
  const h = (name: string) => res.headers.get(`x-ratelimit-${name}`);
  return {
    limit: h("limit"),
    remaining: h("remaining"),
    reset: h("reset"),
    used: h("used"),
    resource: h("resource"),
  };
}

describe("the GitHub simulator's rate limits", () => {
  it("put x-ratelimit-* headers on every answer: success, 404, 422 and 401", async () => {
    const sim = simulator({ now: () => T0 });
    const reset = String(T0 / 1000 + 3600);
    const ok = await call(sim, "/user");
    expect(rate(ok)).toEqual({ limit: "5000", remaining: "4999", reset, used: "1", resource: "core" });
    const missing = await call(sim, "/repos/octocat-sim/nope");
    expect(missing.status).toBe(404);
    expect(rate(missing)).toEqual({ limit: "5000", remaining: "4998", reset, used: "2", resource: "core" });
    const invalid = await call(sim, "/repos/octocat-sim/hello-world/issues", { method: "POST", body: {} });
    expect(invalid.status).toBe(422);
    expect(rate(invalid).used).toBe("3");
    const anonymous = await call(sim, "/user", {}, "ghp_wrong");
    expect(anonymous.status).toBe(401);
    expect(rate(anonymous)).toMatchObject({ limit: "60", remaining: "59", used: "1", resource: "core" });
  });

  it("count search on its own resource, 30 a minute", async () => {
    const sim = simulator({ now: () => T0 });
    await call(sim, "/user");
    const res = await call(sim, "/search/repositories?q=sim");
    expect(rate(res)).toEqual({
      limit: "30",
      remaining: "29",
      reset: String(T0 / 1000 + 60),
      used: "1",
      resource: "search",
    });
  });

  it("refuse a request past the primary limit with 403, remaining 0 and GitHub's message", async () => {
    const sim = simulator({ now: () => T0, rateLimits: { core: 3 } });
    for (let i = 0; i < 3; i++) expect((await call(sim, "/user")).status).toBe(200);
    const refused = await call(sim, "/repos/octocat-sim/hello-world");
    expect(refused.status).toBe(403);
    expect(rate(refused)).toMatchObject({ limit: "3", remaining: "0", used: "3", resource: "core" });
    const body = (await refused.json()) as { message: string; documentation_url: string };
    expect(body.message).toMatch(/^API rate limit exceeded for user ID 5830001\./);
    expect(body.documentation_url).toBe(
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
    );
    // Another user has a window of their own.
    expect((await call(sim, "/user", {}, "ghp_simulator_hubot")).status).toBe(200);
  });

  it("open a new window once the reset time has passed", async () => {
    let now = T0;
    const sim = simulator({ now: () => now, rateLimits: { core: 1 } });
    expect((await call(sim, "/user")).status).toBe(200);
    expect((await call(sim, "/user")).status).toBe(403);
    now = T0 + 3_600_000;
    const again = await call(sim, "/user");
    expect(again.status).toBe(200);
    expect(rate(again)).toMatchObject({ remaining: "0", used: "1", reset: String(now / 1000 + 3600) });
  });

  it("answer 429 for an exhausted limit when configured to", async () => {
    const sim = simulator({ now: () => T0, rateLimits: { status: 429 } });
    sim.setRateWindow({ remaining: 0 });
    const refused = await call(sim, "/user");
    expect(refused.status).toBe(429);
    expect(rate(refused).remaining).toBe("0");
  });

  it("refuse a burst of writes past the secondary limit with retry-after and GitHub's message", async () => {
    const sim = simulator({
      now: () => T0,
      rateLimits: { secondary: { writesPerMinute: 2, retryAfter: 42 } },
    });
    const comment = { method: "POST", body: { body: "hello" } };
    expect((await call(sim, "/repos/octocat-sim/hello-world/issues/1/comments", comment)).status).toBe(201);
    expect((await call(sim, "/repos/octocat-sim/hello-world/issues/1/comments", comment)).status).toBe(201);
    const refused = await call(sim, "/repos/octocat-sim/hello-world/issues/1/comments", comment);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBe("42");
    expect(rate(refused)).toMatchObject({ remaining: "4998", used: "2" });
    const body = (await refused.json()) as { message: string };
    expect(body.message).toMatch(/^You have exceeded a secondary rate limit\./);
    // Reads still pass.
    expect((await call(sim, "/repos/octocat-sim/hello-world/issues/1")).status).toBe(200);
  });

  it("refuse a request past the secondary concurrency limit while others are in flight", async () => {
    const sim = simulator({ latencyMs: 30, rateLimits: { secondary: { concurrent: 2 } } });
    const answers = await Promise.all([call(sim, "/user"), call(sim, "/user"), call(sim, "/user")]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 403]);
    const refused = answers.find((r) => r.status === 403) as Response;
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(((await refused.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    // Once they are answered, the slots are free again.
    expect((await call(sim, "/user")).status).toBe(200);
  });

  it("let tests set limits and windows through the control endpoints, and reset them", async () => {
    const sim = simulator({ now: () => T0 });
    const post = (path: string, body: unknown) =>
      sim.fetch(new Request(`${ORIGIN}/__simulator/${path}`, { method: "POST", body: JSON.stringify(body) }));
    const set = await post("rate-limit", {
      limits: { core: 100, secondary: { status: 429 } },
      window: { login: "octocat-sim", remaining: 1, reset: 1_900_000_000 },
    });
    expect(set.status).toBe(200);
    const ok = await call(sim, "/user");
    expect(rate(ok)).toMatchObject({ limit: "100", remaining: "0", reset: "1900000000", used: "100" });
    expect((await call(sim, "/user")).status).toBe(403);
    await post("reset", {});
    expect(rate(await call(sim, "/user"))).toMatchObject({ limit: "5000", remaining: "4999" });
    await post("rate-limit", { limits: { secondary: { writesPerMinute: 0, status: 429 } } });
    const refused = await call(sim, "/repos/octocat-sim/hello-world/issues", {
      method: "POST",
      body: { title: "x" },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
  });

  it("inject failures with fail-next, a 403 with retry-after being a secondary limit", async () => {
    const sim = simulator({ now: () => T0 });
    await sim.fetch(
      new Request(`${ORIGIN}/__simulator/fail`, {
        method: "POST",
        body: JSON.stringify({ status: 403, retry_after: 7 }),
      }),
    );
    sim.failNext(502);
    const limited = await call(sim, "/user");
    expect(limited.status).toBe(403);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    const bad = await call(sim, "/user");
    expect(bad.status).toBe(502);
    expect(await bad.json()).toMatchObject({ message: "Server Error" });
    expect((await call(sim, "/user")).status).toBe(200);
  });

  it("report the windows at GET /rate_limit without counting that request", async () => {
    const sim = simulator({ now: () => T0 });
    await call(sim, "/user");
    const res = await call(sim, "/rate_limit", {}, GITHUB_TOKEN);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rate: { used: number };
      resources: { search: { remaining: number } };
    };
    expect(body.rate).toEqual({ limit: 5000, remaining: 4999, reset: T0 / 1000 + 3600, used: 1 });
    expect(body.resources.search.remaining).toBe(30);
  });
});
