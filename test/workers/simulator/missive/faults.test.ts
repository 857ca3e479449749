import { describe, expect, it } from "vitest";
import { call, setup } from "./helpers";

describe("fault injection", () => {
  it("delays a slow request and then answers normally", async () => {
    const { sim } = setup();
    sim.setFaults([{ kind: "slow", delayMs: 40 }]);
    const started = Date.now();
    const res = await call(sim, "GET", "/users");
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(res.status).toBe(200);
    expect(res.json.users.length).toBeGreaterThan(0);
  });

  it("answers the injected status with a Missive error body", async () => {
    const { sim } = setup();
    sim.setFaults([
      { kind: "status", status: 503 },
      { kind: "status", status: 422, body: "Validation failed: nope" },
    ]);
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: { message: "Service unavailable" } });
    sim.setFaults([{ kind: "status", status: 422, body: "Validation failed: nope" }]);
    expect((await call(sim, "GET", "/users")).json).toEqual({
      error: { message: "Validation failed: nope" },
    });
  });

  it("answers garbage with a JSON content type", async () => {
    const { sim } = setup();
    sim.setFaults([{ kind: "garbage" }]);
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("drops the connection mid-body", async () => {
    const { sim } = setup();
    sim.setFaults([{ kind: "drop" }]);
    const res = await sim.fetch(
      new Request("https://missive.test/v1/users", {
        headers: { authorization: "Bearer missive_pat-simulator" },
      }),
    );
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it("answers a forced 429 with rate-limit headers", async () => {
    const { sim } = setup();
    sim.setFaults([{ kind: "rate_limit" }]);
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(429);
    expect(res.json).toEqual({ error: { message: "Rate limit exceeded" } });
    for (const h of ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) {
      expect(res.headers.get(h), h).not.toBeNull();
    }
  });

  it("answers 200 with an empty body", async () => {
    const { sim } = setup();
    sim.setFaults([{ kind: "empty" }]);
    const res = await call(sim, "GET", "/users");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
  });

  it("matches by method and path prefix and stops after the given number of times", async () => {
    const { sim } = setup();
    sim.setFaults([
      { kind: "status", status: 500, times: 1, match: { method: "get", pathPrefix: "/v1/contact_books" } },
    ]);
    expect((await call(sim, "GET", "/users")).status).toBe(200);
    expect((await call(sim, "GET", "/contact_books")).status).toBe(500);
    expect((await call(sim, "GET", "/contact_books")).status).toBe(200);
  });

  it("accepts path prefixes without /v1 and replaces faults over the control endpoint", async () => {
    const { sim } = setup();
    const set = await sim.fetch(
      new Request("https://missive.test/__simulator/faults", {
        method: "POST",
        body: JSON.stringify({ faults: [{ kind: "status", status: 502, match: { pathPrefix: "/users" } }] }),
      }),
    );
    expect(set.status).toBe(200);
    expect((await call(sim, "GET", "/users")).status).toBe(502);
    expect(sim.requests.at(-1)?.status).toBe(502);
    const bad = await sim.fetch(
      new Request("https://missive.test/__simulator/faults", {
        method: "POST",
        body: JSON.stringify({ faults: [{}] }),
      }),
    );
    expect(bad.status).toBe(400);
  });
});
