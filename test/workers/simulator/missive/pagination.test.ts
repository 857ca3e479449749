import { describe, expect, it } from "vitest";
import { call, setup, untilAll } from "./helpers";

type Item = { id: string; [k: string]: unknown };

describe("offset pagination", () => {
  it("returns every live contact of a large book exactly once when paging at limit 200", async () => {
    const { sim } = setup();
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const expected = sim.data.contacts.filter((c) => c.contact_book === book && !c.deleted).map((c) => c.id);
    expect(expected.length).toBeGreaterThanOrEqual(250);
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let offset = 0; ; offset += 200) {
      const res = await call(sim, "GET", "/contacts", { query: { contact_book: book, limit: 200, offset } });
      expect(res.status).toBe(200);
      const page = res.json.contacts as Item[];
      sizes.push(page.length);
      seen.push(...page.map((c) => c.id));
      if (page.length < 200) break;
    }
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected));
  });

  it("defaults to 50 per page and needs many pages for the large book", async () => {
    const { sim } = setup();
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const seen = new Set<string>();
    let pages = 0;
    for (let offset = 0; ; offset += 50) {
      const res = await call(sim, "GET", "/contacts", { query: { contact_book: book, offset } });
      const page = res.json.contacts as Item[];
      pages++;
      for (const c of page) seen.add(c.id);
      if (page.length < 50) break;
    }
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(seen.size).toBe(sim.data.contacts.filter((c) => c.contact_book === book && !c.deleted).length);
  });

  it("clamps a limit above 200 to 200", async () => {
    const { sim } = setup();
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const res = await call(sim, "GET", "/contacts", { query: { contact_book: book, limit: 500 } });
    expect(res.json.contacts).toHaveLength(200);
  });

  it("requires contact_book on contacts and contact_book plus kind on contact groups", async () => {
    const { sim } = setup();
    const contacts = await call(sim, "GET", "/contacts");
    expect(contacts.status).toBe(400);
    expect(contacts.json.error.message).toContain("contact_book");
    const book = sim.data.facts.contactBooks.vipProspects;
    const groups = await call(sim, "GET", "/contact_groups", { query: { contact_book: book } });
    expect(groups.status).toBe(400);
    expect(groups.json.error.message).toContain("kind");
    const ok = await call(sim, "GET", "/contact_groups", {
      query: { contact_book: book, kind: "organization" },
    });
    expect(ok.json.contact_groups.length).toBeGreaterThan(0);
  });
});

describe("until pagination", () => {
  it("returns every conversation of a mailbox exactly once at limit 10, with a page larger than the limit", async () => {
    const { sim } = setup();
    const { items, pageSizes } = await untilAll<Item>(
      async (until) =>
        (
          await call(sim, "GET", "/conversations", {
            query: { all: true, limit: 10, ...(until ? { until } : {}) },
          })
        ).json.conversations,
      (c) => c.last_activity_at as number,
      10,
    );
    expect(items).toHaveLength(46);
    expect(pageSizes[0]).toBe(12);
  });

  it("straddles a tie across the default page size of 25", async () => {
    const { sim } = setup();
    const first = await call(sim, "GET", "/conversations", { query: { all: true } });
    const page = first.json.conversations as Item[];
    expect(page).toHaveLength(27);
    const tail = page.slice(23).map((c) => c.last_activity_at);
    expect(new Set(tail).size).toBe(1);
    const { items } = await untilAll<Item>(
      async (until) =>
        (await call(sim, "GET", "/conversations", { query: { all: true, ...(until ? { until } : {}) } })).json
          .conversations,
      (c) => c.last_activity_at as number,
      25,
    );
    expect(new Set(items.map((c) => c.id)).size).toBe(46);
  });

  it("treats until as inclusive", async () => {
    const { sim } = setup();
    const page = (await call(sim, "GET", "/conversations", { query: { all: true, limit: 5 } })).json
      .conversations;
    const oldest = page[4].last_activity_at;
    const next = (await call(sim, "GET", "/conversations", { query: { all: true, limit: 5, until: oldest } }))
      .json.conversations;
    expect(next[0].id).toBe(page[4].id);
  });

  it("pages the messages of a long conversation through a tied delivered_at", async () => {
    const { sim } = setup();
    const id = sim.data.facts.conversations.manyMessages;
    const { items, pageSizes } = await untilAll<Item>(
      async (until) =>
        (await call(sim, "GET", `/conversations/${id}/messages`, { query: until ? { until } : {} })).json
          .messages,
      (m) => m.delivered_at as number,
      10,
    );
    expect(items).toHaveLength(14);
    expect(pageSizes[0]).toBe(12);
    expect(items.every((m) => !("body" in m))).toBe(true);
  });

  it("pages the comments of the database outage conversation through a tied created_at", async () => {
    const { sim } = setup();
    const id = sim.data.facts.conversations.databaseOutage;
    const { items, pageSizes } = await untilAll<Item>(
      async (until) =>
        (
          await call(sim, "GET", `/conversations/${id}/comments`, {
            query: until ? { until, limit: 10 } : {},
          })
        ).json.comments,
      (c) => c.created_at as number,
      10,
    );
    expect(items).toHaveLength(14);
    expect(pageSizes[0]).toBeGreaterThan(10);
    expect(items.some((c) => String(c.body).includes("database outage"))).toBe(true);
  });

  it("pages tasks through tied last_activity_at values at limit 10 and 25", async () => {
    const { sim } = setup();
    for (const limit of [10, 25]) {
      const { items, pageSizes } = await untilAll<Item>(
        async (until) =>
          (await call(sim, "GET", "/tasks", { query: { limit, ...(until ? { until } : {}) } })).json.tasks,
        (t) => t.last_activity_at as number,
        limit,
      );
      expect(new Set(items.map((t) => t.id)).size).toBe(36);
      expect(items).toHaveLength(36);
      expect(pageSizes[0]).toBeGreaterThan(limit);
    }
  });

  it("rejects limit 1 with Missive's message on every until-paged endpoint", async () => {
    const { sim } = setup();
    const conv = sim.data.facts.conversations.manyMessages;
    for (const [path, query] of [
      ["/conversations", { inbox: true }],
      ["/tasks", {}],
      [`/conversations/${conv}/messages`, {}],
      [`/conversations/${conv}/comments`, {}],
      [`/conversations/${conv}/drafts`, {}],
      [`/conversations/${conv}/posts`, {}],
    ] as const) {
      const res = await call(sim, "GET", path, { query: { ...query, limit: 1 } });
      expect(res.status, path).toBe(400);
      expect(res.json).toEqual({ error: { message: "min 'limit' value is 2" } });
    }
  });

  it("clamps limits above the per-endpoint maximum", async () => {
    const { sim } = setup();
    const conversations = await call(sim, "GET", "/conversations", { query: { all: true, limit: 500 } });
    expect(conversations.json.conversations.length).toBeLessThanOrEqual(52);
    expect(conversations.json.conversations.length).toBeGreaterThanOrEqual(46);
    const id = sim.data.facts.conversations.manyMessages;
    const messages = await call(sim, "GET", `/conversations/${id}/messages`, { query: { limit: 50 } });
    expect(messages.json.messages).toHaveLength(12);
  });
});

describe("conversation list filters", () => {
  it("refuses a list without a mailbox filter, with the top-level message live clients report", async () => {
    const { sim } = setup();
    const queries: Record<string, string | boolean>[] = [
      {},
      { organization: sim.data.facts.organizations.acme },
      { inbox: false },
    ];
    for (const query of queries) {
      const res = await call(sim, "GET", "/conversations", { query });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ message: "You need to paginate at least one mailbox" });
    }
  });

  it("refuses email, domain and contact_organization together", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/conversations", {
      query: { all: true, email: "a@b.example", domain: "b.example" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("mutually exclusive");
  });

  it("finds conversations by a correspondent's email and domain", async () => {
    const { sim } = setup();
    const msg = sim.data.messages.find((m) => m.conversation === sim.data.facts.conversations.manyMessages);
    const address = msg?.from_field.address ?? "";
    const byEmail = await call(sim, "GET", "/conversations", { query: { all: true, email: address } });
    expect(byEmail.json.conversations.map((c: Item) => c.id)).toContain(
      sim.data.facts.conversations.manyMessages,
    );
    const byDomain = await call(sim, "GET", "/conversations", {
      query: { all: true, domain: address.split("@")[1] ?? "" },
    });
    expect(byDomain.json.conversations.length).toBeGreaterThanOrEqual(byEmail.json.conversations.length);
  });

  it("filters by shared label and team mailboxes", async () => {
    const { sim } = setup();
    const urgent = sim.data.facts.labels["Support / Urgent"] ?? "";
    const res = await call(sim, "GET", "/conversations", { query: { shared_label: urgent, limit: 50 } });
    const ids = res.json.conversations.map((c: Item) => c.id);
    expect(ids).toContain(sim.data.facts.conversations.databaseOutage);
    for (const c of res.json.conversations) expect(c.shared_label_names).toContain("Support / Urgent");
    const team = await call(sim, "GET", "/conversations", {
      query: { team_all: sim.data.facts.teams.engineering },
    });
    expect(
      team.json.conversations.every(
        (c: { team: { id: string } }) => c.team.id === sim.data.facts.teams.engineering,
      ),
    ).toBe(true);
  });
});
