import { describe, expect, it } from "vitest";
import { call, GUEST, setup } from "./helpers";

describe("contacts", () => {
  it("replaces the whole infos array on PATCH", async () => {
    const { sim } = setup();
    const contact = sim.data.contacts.find((c) => c.infos.length >= 2 && !c.deleted);
    const res = await call(sim, "PATCH", `/contacts/${contact?.id}`, {
      body: {
        contacts: [
          { id: contact?.id, infos: [{ kind: "email", label: "home", value: "only@home.example" }] },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.contacts[0].infos).toEqual([
      { kind: "email", label: "home", value: "only@home.example" },
    ]);
    expect(res.json.contacts[0].memberships.length).toBeGreaterThan(0);
  });

  it("updates several contacts in one batch PATCH, one body object per id", async () => {
    const { sim } = setup();
    const [a, b] = sim.data.contacts;
    const res = await call(sim, "PATCH", `/contacts/${a?.id},${b?.id}`, {
      body: {
        contacts: [
          { id: a?.id, first_name: "Ada" },
          { id: b?.id, starred: true },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.contacts.map((c: { id: string }) => c.id)).toEqual([a?.id, b?.id]);
    expect(res.json.contacts[0].first_name).toBe("Ada");
    expect(res.json.contacts[1].starred).toBe(true);
  });

  it("rejects a batch whose body ids do not match the path", async () => {
    const { sim } = setup();
    const [a, b] = sim.data.contacts;
    const res = await call(sim, "PATCH", `/contacts/${a?.id},${b?.id}`, {
      body: { contacts: [{ id: a?.id, first_name: "Ada" }] },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { message: "Invalid resource ID(s)" } });
  });

  it("validates the label of each info kind and ignores flat handle fields", async () => {
    const { sim } = setup();
    const contact_book = sim.data.facts.contactBooks.vipProspects;
    const bad = await call(sim, "POST", "/contacts", {
      body: {
        contacts: [{ contact_book, infos: [{ kind: "phone_number", label: "personal", value: "+1" }] }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("'label' must be one of main, mobile");
    const ok = await call(sim, "POST", "/contacts", {
      body: {
        contacts: [
          {
            contact_book,
            first_name: "Flat",
            email: "ignored@example.com",
            company_name: "Ignored",
            infos: [{ kind: "facebook", label: "work", name: "flat.fb" }],
            memberships: [{ title: "CTO", group: { kind: "organization", name: "Initech" } }],
          },
        ],
      },
    });
    expect(ok.status).toBe(201);
    const created = ok.json.contacts[0];
    expect(created).not.toHaveProperty("email");
    expect(created).not.toHaveProperty("company_name");
    expect(created.memberships[0]).toMatchObject({
      title: "CTO",
      group: { kind: "organization", name: "Initech" },
    });
  });
});

describe("conversations", () => {
  it("adds and removes shared labels, closes and reopens, and reflects it in the conversation", async () => {
    const { sim } = setup();
    const { acme } = sim.data.facts.organizations;
    const billing = sim.data.facts.labels["Support / Billing"];
    const id = sim.data.facts.conversations.manyMessages;
    const patch = await call(sim, "PATCH", `/conversations/${id}`, {
      body: { conversations: [{ id, organization: acme, add_shared_labels: [billing], close: true }] },
    });
    expect(patch.status).toBe(200);
    const conv = patch.json.conversations[0];
    expect(conv.shared_label_names).toContain("Support / Billing");
    expect(conv.users[0].closed).toBe(true);
    const again = await call(sim, "PATCH", `/conversations/${id}`, {
      body: { conversations: [{ id, organization: acme, remove_shared_labels: [billing], reopen: true }] },
    });
    expect(again.json.conversations[0].shared_label_names).not.toContain("Support / Billing");
    expect(again.json.conversations[0].users[0].closed).toBe(false);
  });

  it.each(["add_shared_labels", "remove_shared_labels"])("requires organization with %s", async (field) => {
    const { sim } = setup();
    const id = sim.data.facts.conversations.manyMessages;
    const res = await call(sim, "PATCH", `/conversations/${id}`, {
      body: { conversations: [{ id, [field]: [sim.data.facts.labels.Support] }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(`'organization' is required when '${field}' is defined`);
  });

  it("merges into the target and keeps resolving the merged id", async () => {
    const { sim } = setup();
    const source = sim.data.facts.conversations.manyMessages;
    const target = sim.data.facts.conversations.databaseOutage;
    const res = await call(sim, "POST", `/conversations/${source}/merge`, { body: { target } });
    expect(res.status).toBe(200);
    expect(res.json.conversations[0].id).toBe(target);
    const old = await call(sim, "GET", `/conversations/${source}`);
    expect(old.json.conversations[0].id).toBe(target);
    expect(old.json.conversations[0].messages_count).toBe(17);
  });
});

describe("validation quirks", () => {
  it("rejects organization on a shared label PATCH", async () => {
    const { sim } = setup();
    const id = sim.data.facts.labels.Support;
    const res = await call(sim, "PATCH", `/shared_labels/${id}`, {
      body: { shared_labels: [{ id, name: "Help", organization: sim.data.facts.organizations.acme }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Unpermitted parameters: organization");
  });

  it("rejects an object body on a responses PATCH", async () => {
    const { sim } = setup();
    const id = sim.data.responses[0]?.id;
    const res = await call(sim, "PATCH", `/responses/${id}`, { body: { responses: { id, title: "x" } } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Invalid resource ID(s)");
    const ok = await call(sim, "PATCH", `/responses/${id}`, { body: { responses: [{ id, title: "x" }] } });
    expect(ok.json.responses[0].title).toBe("x");
  });

  it("requires text, markdown or attachments on a post", async () => {
    const { sim } = setup();
    const res = await call(sim, "POST", "/posts", {
      body: {
        posts: {
          conversation: sim.data.facts.conversations.manyMessages,
          notification: { title: "t", body: "b" },
        },
      },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toBe("Validation failed: text, markdown or attachments needed");
  });

  it("requires a drafts from_field that matches one of the user's aliases", async () => {
    const { sim } = setup();
    const body = (from_field: unknown) => ({
      drafts: { subject: "Hi", body: "Hello", from_field, to_fields: [] },
    });
    const bad = await call(sim, "POST", "/drafts", { body: body({ address: "nobody@acme.example" }) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("'from_field' does not match an available sender");
    const ok = await call(sim, "POST", "/drafts", {
      body: body({ address: "support@acme.example", name: "Acme" }),
    });
    expect(ok.status).toBe(201);
    expect(ok.json.drafts).toMatchObject({ draft: true, delivered_at: null });
  });

  it("refuses send together with send_at on a draft", async () => {
    const { sim } = setup();
    const res = await call(sim, "POST", "/drafts", {
      body: {
        drafts: { body: "x", from_field: { address: "support@acme.example" }, send: true, send_at: 1 },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("send_at");
  });

  it("lets only organization admins create teams", async () => {
    const { sim } = setup();
    const body = { teams: [{ name: "Night shift", organization: sim.data.facts.organizations.acme }] };
    const guest = await call(sim, "POST", "/teams", { token: GUEST, body });
    expect(guest.status).toBe(403);
    const admin = await call(sim, "POST", "/teams", { body });
    expect(admin.status).toBe(201);
    expect(admin.json.teams[0]).toMatchObject({ name: "Night shift" });
  });
});
