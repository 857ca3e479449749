import { describe, expect, it } from "vitest";
import { call, setup } from "./helpers";

describe("every endpoint", () => {
  it("answers a 2xx to a valid request on each of the 42 rows", async () => {
    const { sim, clock } = setup();
    const f = sim.data.facts;
    const { acme } = f.organizations;
    const conv = f.conversations.manyMessages;
    const contact = sim.data.contacts.find((c) => c.contact_book === f.contactBooks.vipProspects);
    const message = sim.data.messages[0];
    const task = sim.data.tasks[0];
    const response = sim.data.responses[0];
    const draft = sim.data.drafts[0];
    const post = sim.data.posts[0];
    const team = f.teams.tier1;
    const label = f.labels.Feedback;
    const seen = new Set<string>();
    const ok = async (
      method: string,
      path: string,
      pattern: string,
      body?: unknown,
      query?: Record<string, string>,
    ) => {
      const res = await call(sim, method, path, { body, query });
      expect(res.status, `${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
      seen.add(`${method} ${pattern}`);
      return res;
    };
    const report = await ok("POST", "/analytics/reports", "/analytics/reports", {
      reports: { organization: acme, start: 1, end: f.baseEpoch },
    });
    clock.advance(5_000);
    await ok("GET", `/analytics/reports/${report.json.reports.id}`, "/analytics/reports/:id");
    await ok("POST", "/contacts", "/contacts", { contacts: [{ contact_book: f.contactBooks.vipProspects }] });
    await ok("PATCH", `/contacts/${contact?.id}`, "/contacts/:ids", {
      contacts: [{ id: contact?.id, notes: "n" }],
    });
    await ok("GET", "/contacts", "/contacts", undefined, {
      contact_book: f.contactBooks.vipProspects,
      search: "a",
    });
    await ok("GET", `/contacts/${contact?.id}`, "/contacts/:id");
    await ok("GET", "/contact_books", "/contact_books");
    await ok("GET", "/contact_groups", "/contact_groups", undefined, {
      contact_book: f.contactBooks.vipProspects,
      kind: "group",
    });
    await ok("GET", "/conversations", "/conversations", undefined, { inbox: "true" });
    await ok("GET", `/conversations/${conv}`, "/conversations/:id");
    await ok("PATCH", `/conversations/${conv}`, "/conversations/:ids", {
      conversations: [{ id: conv, subject: "S" }],
    });
    await ok("GET", `/conversations/${conv}/messages`, "/conversations/:id/messages");
    await ok("GET", `/conversations/${conv}/comments`, "/conversations/:id/comments");
    await ok("GET", `/conversations/${draft?.conversation}/drafts`, "/conversations/:id/drafts");
    await ok("GET", `/conversations/${post?.conversation}/posts`, "/conversations/:id/posts");
    await ok("POST", `/conversations/${conv}/merge`, "/conversations/:id/merge", {
      target: f.conversations.databaseOutage,
    });
    await ok("POST", "/drafts", "/drafts", {
      drafts: { body: "b", from_field: { address: "alex.morgan@acme.example" }, send: true, to_fields: [] },
    });
    await ok("DELETE", `/drafts/${draft?.id}`, "/drafts/:id");
    await ok("POST", "/messages", "/messages", {
      messages: { account: f.accounts.customChannel, body: "x" },
    });
    await ok("GET", `/messages/${message?.id}`, "/messages/:ids");
    await ok("GET", "/messages", "/messages", undefined, {
      email_message_id: message?.email_message_id ?? "",
    });
    await ok("GET", "/organizations", "/organizations");
    await ok("GET", "/responses", "/responses");
    await ok("GET", `/responses/${response?.id}`, "/responses/:id");
    const created = await ok("POST", "/responses", "/responses", {
      responses: [
        {
          title: "Logo",
          organization: acme,
          body: '<img data-missive-attachment-id="logo">',
          attachments: [{ id: "logo", base64_data: "aGVsbG8=", filename: "logo.png" }],
        },
      ],
    });
    expect(created.json.responses[0].body).toContain(created.json.responses[0].attachments[0].id);
    await ok("PATCH", `/responses/${response?.id}`, "/responses/:ids", {
      responses: [{ id: response?.id, title: "T" }],
    });
    await ok("DELETE", `/responses/${created.json.responses[0].id}`, "/responses/:ids");
    const newPost = await ok("POST", "/posts", "/posts", {
      posts: {
        markdown: "**hi**",
        notification: { title: "t", body: "b" },
        conversation: f.conversations.databaseOutage,
      },
    });
    await ok("DELETE", `/posts/${newPost.json.posts.id}`, "/posts/:id");
    await ok("POST", "/shared_labels", "/shared_labels", {
      shared_labels: [{ name: "Outage", organization: acme, parent: f.labels.Escalated }],
    });
    await ok("PATCH", `/shared_labels/${label}`, "/shared_labels/:ids", {
      shared_labels: [{ id: label, color: "#000" }],
    });
    await ok("GET", "/shared_labels", "/shared_labels", undefined, { organization: acme });
    await ok("GET", "/teams", "/teams");
    await ok("POST", "/teams", "/teams", {
      teams: [{ name: "New", organization: acme, active_members: [f.users.guest] }],
    });
    await ok("PATCH", `/teams/${team}`, "/teams/:ids", { teams: [{ id: team, name: "Tier One" }] });
    await ok("GET", "/users", "/users");
    await ok("GET", "/tasks", "/tasks", undefined, { state: "todo", type: "task" });
    await ok("GET", `/tasks/${task?.id}`, "/tasks/:id");
    await ok("POST", "/tasks", "/tasks", { tasks: { title: "Sub", subtask: true, conversation: conv } });
    await ok("PATCH", `/tasks/${task?.id}`, "/tasks/:id", { tasks: { state: "closed" } });
    const hook = await ok("POST", "/hooks", "/hooks", {
      hooks: { type: "new_comment", url: "https://x.test/h", is_task: true },
    });
    await ok("DELETE", `/hooks/${hook.json.hooks.id}`, "/hooks/:id");
    expect(seen.size).toBe(42);
  });
});
