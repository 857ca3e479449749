import { describe, expect, it } from "vitest";
import { call, setup } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("envelopes and singular or plural shapes", () => {
  it("wraps lists in a key named after the resource", async () => {
    const { sim } = setup();
    for (const [path, key] of [
      ["/contact_books", "contact_books"],
      ["/organizations", "organizations"],
      ["/users", "users"],
      ["/teams", "teams"],
      ["/shared_labels", "shared_labels"],
      ["/responses", "responses"],
      ["/tasks", "tasks"],
    ] as const) {
      const res = await call(sim, "GET", path);
      expect(res.status, path).toBe(200);
      expect(Object.keys(res.json)).toEqual([key]);
      expect(Array.isArray(res.json[key])).toBe(true);
    }
  });

  it("answers a single conversation as an array of one", async () => {
    const { sim } = setup();
    const id = sim.data.facts.conversations.databaseOutage;
    const res = await call(sim, "GET", `/conversations/${id}`);
    expect(res.json.conversations).toHaveLength(1);
    const conv = res.json.conversations[0];
    expect(conv.id).toBe(id);
    expect(conv.web_url).toBe(`https://mail.missiveapp.com/#inbox/conversations/${id}`);
    expect(conv.shared_label_names).toContain("Support / Urgent");
    expect(conv.users[0]).toMatchObject({ id: expect.stringMatching(UUID), closed: expect.any(Boolean) });
  });

  it("answers a single task as an object with expanded assignees and team", async () => {
    const { sim } = setup();
    const task = sim.data.tasks.find((t) => t.title === "Write the database outage postmortem");
    const res = await call(sim, "GET", `/tasks/${task?.id}`);
    expect(Array.isArray(res.json.tasks)).toBe(false);
    expect(res.json.tasks.assignees[0]).toMatchObject({ id: sim.data.facts.users.sam, name: "Sam Rivera" });
    expect(res.json.tasks.team).toMatchObject({
      id: sim.data.facts.teams.engineering,
      name: "Engineering Escalations",
    });
    const list = await call(sim, "GET", "/tasks", { query: { limit: 50 } });
    const item = list.json.tasks.find((t: { id: string }) => t.id === task?.id);
    expect(item.assignees).toEqual([sim.data.facts.users.sam]);
    expect(item.team).toBe(sim.data.facts.teams.engineering);
  });

  it("answers one message id with an object and several with an array", async () => {
    const { sim } = setup();
    const [a, b] = sim.data.messages;
    const one = await call(sim, "GET", `/messages/${a?.id}`);
    expect(one.json.messages.id).toBe(a?.id);
    expect(one.json.messages.body).toContain("<p>");
    expect(one.json.messages.conversation.id).toBe(a?.conversation);
    const two = await call(sim, "GET", `/messages/${a?.id},${b?.id}`);
    expect(two.json.messages.map((m: { id: string }) => m.id)).toEqual([a?.id, b?.id]);
  });

  it("finds messages by email Message-ID with or without chevrons and requires the parameter", async () => {
    const { sim } = setup();
    const m = sim.data.messages[3];
    const bare = (m?.email_message_id ?? "").replace(/[<>]/g, "");
    const res = await call(sim, "GET", "/messages", { query: { email_message_id: bare } });
    expect(res.json.messages.map((x: { id: string }) => x.id)).toEqual([m?.id]);
    const missing = await call(sim, "GET", "/messages");
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain("email_message_id");
  });

  it("answers a single contact as an array of one and hides deleted contacts", async () => {
    const { sim } = setup();
    const live = sim.data.contacts.find((c) => !c.deleted);
    const res = await call(sim, "GET", `/contacts/${live?.id}`);
    expect(res.json.contacts).toHaveLength(1);
    expect(res.json.contacts[0].memberships[0].group).toMatchObject({ kind: "organization" });
    const deleted = sim.data.contacts.find((c) => c.deleted);
    expect((await call(sim, "GET", `/contacts/${deleted?.id}`)).status).toBe(404);
  });

  it("answers POST /messages with an empty 201", async () => {
    const { sim } = setup();
    const res = await call(sim, "POST", "/messages", {
      body: {
        messages: {
          account: sim.data.facts.accounts.customChannel,
          body: "Build #42 failed",
          from_field: { id: "ci", username: "ci-bot", name: "CI" },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.text).toBe("");
    expect(sim.data.messages.at(-1)?.body).toBe("Build #42 failed");
  });

  it("answers POST /posts with the post and conversation ids", async () => {
    const { sim } = setup();
    const conversation = sim.data.facts.conversations.manyMessages;
    const res = await call(sim, "POST", "/posts", {
      body: { posts: { conversation, text: "Deployed", notification: { title: "CI", body: "Deployed" } } },
    });
    expect(res.status).toBe(201);
    expect(res.json.posts).toEqual({ conversation, id: expect.stringMatching(UUID) });
  });

  it("uses integer epoch seconds for timestamps", async () => {
    const { sim, clock } = setup();
    const res = await call(sim, "POST", "/tasks", {
      body: {
        tasks: {
          title: "Call back",
          organization: sim.data.facts.organizations.acme,
          team: sim.data.facts.teams.tier1,
        },
      },
    });
    expect(res.status).toBe(201);
    const task = await call(sim, "GET", `/tasks/${res.json.tasks.id}`);
    expect(task.json.tasks.last_activity_at).toBe(Math.floor(clock.now() / 1000));
  });
});

describe("nested shared labels", () => {
  it("joins ancestors with a spaced slash in name_with_parent_names", async () => {
    const { sim } = setup();
    const res = await call(sim, "GET", "/shared_labels");
    const names = res.json.shared_labels.map(
      (l: { name_with_parent_names: string }) => l.name_with_parent_names,
    );
    expect(names).toEqual(expect.arrayContaining(["Support / Urgent", "Escalated / Engineering", "Support"]));
    expect(names).toContain("Escalated / Engineering / Database");
  });
});
