import { describe, expect, it } from "vitest";
import { ROUTES } from "../../../../simulator/missive";
import { call, GUEST, setup } from "./helpers";

const AUTH_BODY = { error: { message: "Authentication token is invalid or has been revoked" } };

describe("authentication", () => {
  it("answers 401 with Missive's exact body when the bearer token is missing", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/contact_books", { token: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual(AUTH_BODY);
  });

  it("answers 401 with the same body for an unknown token", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/contact_books", { token: "missive_pat-nope" });
    expect(res.status).toBe(401);
    expect(res.text).toBe(JSON.stringify(AUTH_BODY));
  });

  it("accepts both seeded tokens", async () => {
    const { sim } = setup();
    expect((await call(sim, "GET", "/organizations")).status).toBe(200);
    expect((await call(sim, "GET", "/organizations", { token: GUEST })).status).toBe(200);
  });
});

describe("routing", () => {
  it("serves exactly the 42 method and path rows of the reference", () => {
    expect(ROUTES).toHaveLength(42);
    expect(new Set(ROUTES.map(([m, p]) => `${m} ${p}`)).size).toBe(42);
  });

  it("answers 404 with an error body for an unknown route", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/webhooks");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { message: "Not found" } });
  });

  it("answers 405 with an Allow header for a known path with the wrong method", async () => {
    const { sim } = setup();
    const res = await call(sim, "DELETE", "/contacts");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, GET");
    expect(res.json.error.message).toBe("Method not allowed");
  });

  it("answers 404 for unknown ids", async () => {
    const { sim } = setup();
    const id = "00000000-0000-4000-8000-000000000000";
    for (const path of [`/contacts/${id}`, `/conversations/${id}`, `/tasks/${id}`, `/messages/${id}`]) {
      const res = await call(sim, "GET", path);
      expect(res.status, path).toBe(404);
      expect(res.json.error.message).toMatch(/not found/);
    }
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { sim } = setup();
    const res = await sim.fetch(
      new Request("https://missive.test/v1/contacts", {
        method: "POST",
        headers: { authorization: "Bearer missive_pat-simulator" },
        body: "{nope",
      }),
    );
    expect(res.status).toBe(400);
  });
});

describe("request log", () => {
  it("records method, path, query, status and time of every API call", async () => {
    const { sim, clock } = setup();
    await call(sim, "GET", "/conversations", { query: { inbox: true, limit: 5 } });
    clock.advance(1000);
    await call(sim, "GET", "/contact_books", { token: null });
    expect(sim.requests).toEqual([
      {
        method: "GET",
        path: "/v1/conversations",
        query: { inbox: "true", limit: "5" },
        status: 200,
        at: clock.now() - 1000,
      },
      { method: "GET", path: "/v1/contact_books", query: {}, status: 401, at: clock.now() },
    ]);
  });

  it("never records the Authorization header", async () => {
    const { sim } = setup();
    await call(sim, "GET", "/users");
    expect(JSON.stringify(sim.requests)).not.toContain("missive_pat");
  });

  it("serves the log over the control endpoint without logging control calls", async () => {
    const { sim } = setup();
    await call(sim, "GET", "/users");
    const res = await sim.fetch(new Request("https://missive.test/__simulator/requests"));
    const body = (await res.json()) as { requests: unknown[] };
    expect(body.requests).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
  });

  it("clears the log, faults and changed data on reset", async () => {
    const { sim } = setup();
    const book = sim.data.facts.contactBooks.vipProspects;
    await call(sim, "POST", "/contacts", { body: { contacts: [{ contact_book: book, first_name: "New" }] } });
    const before = sim.data.contacts.length;
    sim.setFaults([{ kind: "status", status: 503 }]);
    await sim.fetch(new Request("https://missive.test/__simulator/reset", { method: "POST" }));
    expect(sim.requests).toHaveLength(0);
    expect(sim.data.contacts.length).toBe(before - 1);
    expect((await call(sim, "GET", "/users")).status).toBe(200);
  });

  it("seeds identical data in every instance", () => {
    const a = setup().sim.data;
    const b = setup().sim.data;
    expect(a.facts).toEqual(b.facts);
    expect(a.contacts).toEqual(b.contacts);
  });
});
