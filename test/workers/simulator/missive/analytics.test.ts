import { describe, expect, it } from "vitest";
import { call, setup } from "./helpers";

describe("analytics reports", () => {
  it("answers an empty 404 until ready, 200 while ready and an empty 404 after expiry", async () => {
    const { sim, clock } = setup();
    const base = sim.data.facts.baseEpoch;
    const created = await call(sim, "POST", "/analytics/reports", {
      body: {
        reports: { organization: sim.data.facts.organizations.acme, start: base - 30 * 86_400, end: base },
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.reports.id;

    const early = await call(sim, "GET", `/analytics/reports/${id}`);
    expect(early.status).toBe(404);
    expect(early.text).toBe("");

    clock.advance(3_000);
    const ready = await call(sim, "GET", `/analytics/reports/${id}`);
    expect(ready.status).toBe(200);
    expect(ready.json.reports.selected_period.global.totals.metrics.inbound_count.v).toBeGreaterThan(0);
    expect(
      ready.json.reports.previous_period.global.totals.tallies.first_reply_time_counts[0],
    ).toHaveProperty("d");

    clock.advance(59_999);
    expect((await call(sim, "GET", `/analytics/reports/${id}`)).status).toBe(200);
    clock.advance(1);
    const expired = await call(sim, "GET", `/analytics/reports/${id}`);
    expect(expired.status).toBe(404);
    expect(expired.text).toBe("");
  });

  it("answers an empty 404 for an unknown report", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/analytics/reports/00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
    expect(res.text).toBe("");
  });

  it("requires organization, start and end", async () => {
    const { sim } = setup();
    const res = await call(sim, "POST", "/analytics/reports", { body: { reports: { start: 1 } } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("organization");
  });
});
