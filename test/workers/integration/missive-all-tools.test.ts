/**
 * Every Missive tool, called through the real Worker entry with the SDK v2 client against the
 * simulator: valid arguments (ids discovered from list tools or the seed's well-known facts), a
 * successful result of the expected shape, and the exact upstream request in the simulator's log.
 * The last test compares the names called with the server's full tool list, so a new record
 * without a call here fails.
 */
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, describe, expect, it } from "vitest";
import { BASE_EPOCH, type MissiveSimulator, type SimulatorRequest } from "../../../simulator/missive/index";
import {
  connectClient,
  createAccount,
  createServer,
  installSimulator,
  type Structured,
  structuredOf,
} from "../support/gateway";
import { seedCatalog } from "../support/seed";

// biome-ignore lint/suspicious/noExplicitAny: tests navigate arbitrary JSON results
type Json = any;

/** Every tool name called successfully by any test of this file. */
const called = new Set<string>();

interface Harness {
  sim: MissiveSimulator;
  client: Client;
  clock: { now: () => number; advance: (ms: number) => void };
  /** Calls a tool, expects success, records the name; returns the result's JSON. */
  ok: (name: string, args?: Record<string, unknown>) => Promise<Structured & { result: Json }>;
  /** Calls a tool and returns the raw outcome (for expected errors). */
  raw: (
    name: string,
    args?: Record<string, unknown>,
  ) => Promise<{ isError: boolean; structured: Structured; text: string }>;
  /** The simulator's last logged request. */
  last: () => SimulatorRequest;
}

async function setup(): Promise<Harness> {
  let t = (BASE_EPOCH + 86_400) * 1000;
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const sim = installSimulator({ now: clock.now });
  const client = await connectClient((await createServer(await createAccount())).url, "modern");
  const raw: Harness["raw"] = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    return {
      isError: r.isError === true,
      structured: structuredOf(r),
      text: JSON.stringify(r.content),
    };
  };
  const ok: Harness["ok"] = async (name, args = {}) => {
    const r = await raw(name, args);
    expect(r.isError, `${name}: ${r.text}`).toBe(false);
    expect(Object.hasOwn(r.structured, "result"), name).toBe(true);
    called.add(name);
    return r.structured as Structured & { result: Json };
  };
  const last = () => {
    const req = sim.requests.at(-1);
    if (!req) throw new Error("no upstream request was made");
    return req;
  };
  return { sim, client, clock, ok, raw, last };
}

/** A list result: an array plus a `next_cursor` key. */
function expectList(s: Structured): Json[] {
  expect(Array.isArray(s.result)).toBe(true);
  expect(Object.hasOwn(s, "next_cursor")).toBe(true);
  return s.result as Json[];
}

/** A non-list result: only `result`. */
function expectSingle(s: Structured): Json {
  expect(Object.keys(s)).toEqual(["result"]);
  return s.result;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("every Missive tool through the gateway against the simulator", () => {
  const clients: Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.close();
  });
  const start = async () => {
    const h = await setup();
    clients.push(h.client);
    return h;
  };

  it("organizations, users and teams: list, create, batch update", async () => {
    const { ok, last } = await start();
    const orgs = expectList(await ok("list_all_missive_organizations"));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/organizations", query: { limit: "50" } });
    const acme = orgs.find((o) => o.name === "Acme Support");
    expect(acme?.id).toMatch(UUID);

    const users = expectList(await ok("list_all_missive_users", { organization: acme.id }));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/users", query: { organization: acme.id } });
    const me = users.find((u) => u.me === true);
    const sam = users.find((u) => u.name === "Sam Rivera");
    expect(me).toMatchObject({ name: "Alex Morgan", email: expect.any(String) });

    const teams = expectList(await ok("list_all_missive_teams", { organization: acme.id }));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/teams" });
    expect(teams.map((t) => t.name)).toContain("Engineering Escalations");

    const created = expectSingle(
      await ok("create_a_missive_team", {
        name: "Night Shift",
        organization: acme.id,
        active_members: [me.id],
        observers: [sam.id],
        team_inbox_enabled: true,
        business_hours: { tz: "America/Montreal", t: [{ d: 1, s: [32400, 61200] }] },
      }),
    );
    expect(last()).toMatchObject({
      method: "POST",
      path: "/v1/teams",
      status: 201,
      body: {
        teams: [
          expect.objectContaining({ name: "Night Shift", organization: acme.id, active_members: [me.id] }),
        ],
      },
    });
    expect(created).toHaveLength(1);
    const night = created[0];
    expect(night).toMatchObject({
      id: expect.stringMatching(UUID),
      name: "Night Shift",
      team_inbox_enabled: true,
    });

    const engineering = teams.find((t) => t.name === "Engineering Escalations");
    const updated = expectSingle(
      await ok("update_a_missive_team_by_id", { ids: [night.id, engineering.id], emoji: ":owl:" }),
    );
    expect(last()).toMatchObject({
      method: "PATCH",
      path: `/v1/teams/${night.id},${engineering.id}`,
      body: {
        teams: [
          { id: night.id, emoji: ":owl:" },
          { id: engineering.id, emoji: ":owl:" },
        ],
      },
    });
    expect(updated.map((t: Json) => t.emoji)).toEqual([":owl:", ":owl:"]);
  });

  it("contacts: books, groups, list, create, get (one-item array), update replacing infos", async () => {
    const { ok, last } = await start();
    const books = expectList(await ok("list_all_missive_contact_books"));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/contact_books" });
    const vip = books.find((b) => b.name === "VIP Prospects");
    expect(vip?.id).toMatch(UUID);

    const groups = expectList(
      await ok("list_all_missive_contact_groups", { contact_book: vip.id, kind: "organization" }),
    );
    expect(last()).toMatchObject({
      method: "GET",
      path: "/v1/contact_groups",
      query: { contact_book: vip.id, kind: "organization" },
    });
    expect(groups[0]).toEqual({ id: expect.stringMatching(UUID), name: expect.any(String) });

    const listed = expectList(await ok("list_all_missive_contacts", { contact_book: vip.id, limit: 5 }));
    expect(last()).toMatchObject({
      method: "GET",
      path: "/v1/contacts",
      query: { contact_book: vip.id, limit: "5" },
    });
    expect(listed).toHaveLength(5);

    const created = expectSingle(
      await ok("create_a_missive_contact", {
        contact_book: vip.id,
        first_name: "Ada",
        last_name: "Quill",
        infos: [
          { kind: "email", label: "work", value: "ada@quill.example" },
          { kind: "phone_number", label: "mobile", value: "+1 555 010 0199" },
        ],
        memberships: [{ group: { kind: "organization", name: "Quill Labs" }, title: "CTO" }],
      }),
    );
    const sent = last();
    expect(sent).toMatchObject({ method: "POST", path: "/v1/contacts", status: 201 });
    expect(sent.body).toEqual({
      contacts: [
        {
          contact_book: vip.id,
          first_name: "Ada",
          last_name: "Quill",
          infos: [
            { kind: "email", label: "work", value: "ada@quill.example" },
            { kind: "phone_number", label: "mobile", value: "+1 555 010 0199" },
          ],
          memberships: [{ group: { kind: "organization", name: "Quill Labs" }, title: "CTO" }],
        },
      ],
    });
    expect(created).toHaveLength(1);
    const ada = created[0];
    expect(ada.infos).toHaveLength(2);

    const got = expectSingle(await ok("get_single_missive_contact_by_id", { id: ada.id }));
    expect(last()).toMatchObject({ method: "GET", path: `/v1/contacts/${ada.id}` });
    expect(got).toEqual([expect.objectContaining({ id: ada.id, first_name: "Ada" })]);

    const other = listed[0];
    const updated = expectSingle(
      await ok("update_a_missive_contact_by_id", {
        ids: [ada.id],
        infos: [{ kind: "email", label: "home", value: "ada@home.example" }],
        starred: true,
      }),
    );
    expect(last()).toMatchObject({
      method: "PATCH",
      path: `/v1/contacts/${ada.id}`,
      body: {
        contacts: [
          { id: ada.id, infos: [{ kind: "email", label: "home", value: "ada@home.example" }], starred: true },
        ],
      },
    });
    // infos replace the whole list: the work email and the phone are gone.
    expect(updated[0].infos).toEqual([{ kind: "email", label: "home", value: "ada@home.example" }]);
    expect(updated[0].memberships).toHaveLength(1);

    // Batch: two ids, one body object each.
    await ok("update_a_missive_contact_by_id", { ids: [ada.id, other.id], starred: false });
    expect(last()).toMatchObject({
      path: `/v1/contacts/${ada.id},${other.id}`,
      body: {
        contacts: [
          { id: ada.id, starred: false },
          { id: other.id, starred: false },
        ],
      },
    });
  });

  it("conversations: list, get (one-item array), batch update, merge; messages, comments, drafts, posts lists", async () => {
    const { ok, last, sim } = await start();
    const page = await ok("list_all_missive_conversations", { all: true, limit: 10 });
    const convs = expectList(page);
    expect(last()).toMatchObject({
      method: "GET",
      path: "/v1/conversations",
      query: { all: "true", limit: "10" },
    });
    expect(page.next_cursor).toEqual(expect.any(String));
    const acme = convs.filter((c) => c.organization?.name === "Acme Support");
    const [a, b, c, d] = acme;

    const got = expectSingle(await ok("get_single_missive_conversation_by_id", { id: a.id }));
    expect(last()).toMatchObject({ method: "GET", path: `/v1/conversations/${a.id}` });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ id: a.id, organization: { id: expect.any(String) } });

    const labels = expectList(await ok("list_all_missive_shared_labels"));
    const billing = labels.find((l) => l.name_with_parent_names === "Support / Billing");
    const updated = expectSingle(
      await ok("update_a_missive_conversation_by_id", {
        ids: [a.id, b.id],
        organization: billing.organization,
        add_shared_labels: [billing.id],
        color: "warning",
      }),
    );
    expect(last()).toMatchObject({ method: "PATCH", path: `/v1/conversations/${a.id},${b.id}`, status: 200 });
    expect(last().body).toEqual({
      conversations: [
        { id: a.id, organization: billing.organization, add_shared_labels: [billing.id], color: "warning" },
        { id: b.id, organization: billing.organization, add_shared_labels: [billing.id], color: "warning" },
      ],
    });
    expect(updated.map((x: Json) => x.id)).toEqual([a.id, b.id]);
    for (const x of updated) {
      expect(x.shared_labels).toContainEqual({ id: billing.id, name: "Support / Billing" });
      expect(x.color).toBe("warning");
    }

    const merged = expectSingle(
      await ok("merge_missive_conversation_by_id", {
        conversation_id: c.id,
        target: d.id,
        subject: "Merged",
      }),
    );
    expect(last()).toMatchObject({ method: "POST", path: `/v1/conversations/${c.id}/merge` });
    expect(last().body).toEqual({ target: d.id, subject: "Merged" });
    expect(merged).toEqual([expect.objectContaining({ id: d.id, subject: "Merged" })]);
    // The merged-away id keeps resolving to the survivor.
    const old = expectSingle(await ok("get_single_missive_conversation_by_id", { id: c.id }));
    expect(old[0].id).toBe(d.id);

    const outage = sim.data.facts.conversations.databaseOutage;
    const messages = expectList(
      await ok("list_all_missive_conversation_messages", { conversation_id: outage }),
    );
    expect(last()).toMatchObject({
      method: "GET",
      path: `/v1/conversations/${outage}/messages`,
      query: { limit: "10" },
    });
    expect(messages[0]).toMatchObject({ from_field: { address: expect.any(String) }, draft: false });
    expect(messages[0]).not.toHaveProperty("body");

    const comments = expectList(
      await ok("list_all_missive_conversation_comments", { conversation_id: outage, limit: 5 }),
    );
    expect(last()).toMatchObject({
      method: "GET",
      path: `/v1/conversations/${outage}/comments`,
      query: { limit: "5" },
    });
    expect(comments[0]).toMatchObject({ body: expect.any(String), author: { name: expect.any(String) } });

    const withDrafts = expectList(await ok("list_all_missive_conversations", { drafts: true }));
    expect(withDrafts.length).toBeGreaterThan(0);
    const drafts = expectList(
      await ok("list_all_missive_conversation_drafts", { conversation_id: withDrafts[0].id }),
    );
    expect(last()).toMatchObject({ method: "GET", path: `/v1/conversations/${withDrafts[0].id}/drafts` });
    expect(drafts[0]).toMatchObject({ draft: true, delivered_at: null, author: { id: expect.any(String) } });

    // Posts: the seeded Statuspage conversation carries three.
    const statusConv = sim.data.posts.find((p) => p.username === "Statuspage")?.conversation ?? "";
    const posts = expectList(
      await ok("list_all_missive_conversation_posts", { conversation_id: statusConv }),
    );
    expect(last()).toMatchObject({ method: "GET", path: `/v1/conversations/${statusConv}/posts` });
    expect(posts).toHaveLength(3);
    expect(posts[0]).toMatchObject({ username: "Statuspage", notification: { title: expect.any(String) } });
  });

  it("messages: one id gives an object, several ids an array (comma-joined); find by Message-ID; custom-channel create answers an empty 201", async () => {
    const { ok, last, sim } = await start();
    const conv = sim.data.facts.conversations.manyMessages;
    const list = expectList(await ok("list_all_missive_conversation_messages", { conversation_id: conv }));
    const [m1, m2, m3] = list;

    const one = expectSingle(await ok("get_single_missive_message_by_id", { ids: [m1.id] }));
    expect(last()).toMatchObject({ method: "GET", path: `/v1/messages/${m1.id}` });
    expect(Array.isArray(one)).toBe(false);
    expect(one).toMatchObject({ id: m1.id, body: expect.stringContaining("<"), conversation: { id: conv } });

    const several = expectSingle(
      await ok("get_single_missive_message_by_id", { ids: [m1.id, m2.id, m3.id] }),
    );
    expect(last()).toMatchObject({ method: "GET", path: `/v1/messages/${m1.id},${m2.id},${m3.id}` });
    expect(several.map((m: Json) => m.id)).toEqual([m1.id, m2.id, m3.id]);

    const found = expectSingle(
      await ok("find_missive_message_by_email_message_id", { email_message_id: m2.email_message_id }),
    );
    expect(last()).toMatchObject({
      method: "GET",
      path: "/v1/messages",
      query: { email_message_id: m2.email_message_id },
    });
    expect(found).toEqual([expect.objectContaining({ id: m2.id, body: expect.any(String) })]);

    const account = sim.data.facts.accounts.customChannel;
    const created = expectSingle(
      await ok("create_a_missive_message", {
        account,
        body: "Status page: all systems operational",
        from_field: { id: "statuspage", username: "statuspage", name: "Status Page" },
        to_fields: [{ id: "ops", username: "ops", name: "Ops" }],
        external_id: "sp-incident-42",
        conversation_subject: "Status page incident 42",
      }),
    );
    expect(last()).toMatchObject({ method: "POST", path: "/v1/messages", status: 201 });
    expect(last().body).toMatchObject({ messages: { account, external_id: "sp-incident-42" } });
    expect(created).toBeNull();
    expect(sim.data.messages.some((m) => m.external_id === "sp-incident-42")).toBe(true);
  });

  it("drafts and posts: create and delete", async () => {
    const { ok, last, sim } = await start();
    const me = expectList(await ok("list_all_missive_users")).find((u) => u.me);
    const conv = sim.data.facts.conversations.manyMessages;

    const draft = expectSingle(
      await ok("create_a_missive_draft", {
        conversation: conv,
        from_field: { address: me.email, name: me.name },
        to_fields: [{ address: "customer@example.com", name: "Customer" }],
        subject: "Re: Checkout",
        body: "<p>We are on it.</p>",
      }),
    );
    expect(last()).toMatchObject({ method: "POST", path: "/v1/drafts", status: 201 });
    expect(last().body).toEqual({
      drafts: {
        conversation: conv,
        from_field: { address: me.email, name: me.name },
        to_fields: [{ address: "customer@example.com", name: "Customer" }],
        subject: "Re: Checkout",
        body: "<p>We are on it.</p>",
      },
    });
    expect(draft).toMatchObject({ id: expect.stringMatching(UUID), draft: true });
    const listed = expectList(await ok("list_all_missive_conversation_drafts", { conversation_id: conv }));
    expect(listed.map((d) => d.id)).toContain(draft.id);

    const deleted = expectSingle(await ok("delete_a_missive_draft_by_id", { id: draft.id }));
    expect(last()).toMatchObject({ method: "DELETE", path: `/v1/drafts/${draft.id}`, status: 200 });
    expect(deleted).toEqual({});
    expect(sim.data.drafts.some((d) => d.id === draft.id)).toBe(false);

    const post = expectSingle(
      await ok("create_a_missive_post", {
        conversation: conv,
        text: "Deploy 1234 finished",
        notification: { title: "CI", body: "Deploy finished" },
        username: "CI",
        reopen: false,
      }),
    );
    expect(last()).toMatchObject({ method: "POST", path: "/v1/posts", status: 201 });
    expect(last().body).toEqual({
      posts: {
        conversation: conv,
        text: "Deploy 1234 finished",
        notification: { title: "CI", body: "Deploy finished" },
        username: "CI",
        reopen: false,
      },
    });
    expect(post).toEqual({ conversation: conv, id: expect.stringMatching(UUID) });
    const gone = expectSingle(await ok("delete_a_missive_post_by_id", { id: post.id }));
    expect(last()).toMatchObject({ method: "DELETE", path: `/v1/posts/${post.id}`, status: 200 });
    expect(gone).toEqual({});
  });

  it("canned responses: list, get, create, batch update, batch delete", async () => {
    const { ok, last } = await start();
    const orgs = expectList(await ok("list_all_missive_organizations"));
    const acme = orgs.find((o) => o.name === "Acme Support");
    const list = expectList(await ok("list_all_missive_responses", { organization: acme.id }));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/responses", query: { organization: acme.id } });
    const refund = list.find((r) => r.title === "Refund policy");

    const got = expectSingle(await ok("get_single_missive_response_by_id", { id: refund.id }));
    expect(last()).toMatchObject({ method: "GET", path: `/v1/responses/${refund.id}` });
    expect(got).toEqual([expect.objectContaining({ id: refund.id, title: "Refund policy" })]);

    const ids: string[] = [];
    for (const title of ["Outage apology", "Outage resolved"]) {
      const created = expectSingle(
        await ok("create_a_missive_response", { title, organization: acme.id, body: `<p>${title}</p>` }),
      );
      expect(last()).toMatchObject({
        method: "POST",
        path: "/v1/responses",
        status: 201,
        body: { responses: [{ title, organization: acme.id, body: `<p>${title}</p>` }] },
      });
      expect(created).toEqual([expect.objectContaining({ title, organization: acme.id })]);
      ids.push(created[0].id);
    }

    const updated = expectSingle(
      await ok("update_a_missive_response_by_id", { ids, subject: "About the outage" }),
    );
    expect(last()).toMatchObject({
      method: "PATCH",
      path: `/v1/responses/${ids.join(",")}`,
      body: { responses: ids.map((id) => ({ id, subject: "About the outage" })) },
    });
    expect(updated.map((r: Json) => r.subject)).toEqual(["About the outage", "About the outage"]);

    expectSingle(await ok("delete_a_missive_response_by_id", { ids }));
    expect(last()).toMatchObject({ method: "DELETE", path: `/v1/responses/${ids.join(",")}`, status: 200 });
    const after = expectList(await ok("list_all_missive_responses", { organization: acme.id }));
    expect(after.map((r) => r.id)).not.toContain(ids[0]);
  });

  it("shared labels: list, create nested, batch update", async () => {
    const { ok, last } = await start();
    const labels = expectList(await ok("list_all_missive_shared_labels"));
    expect(last()).toMatchObject({ method: "GET", path: "/v1/shared_labels" });
    const escalated = labels.find((l) => l.name_with_parent_names === "Escalated");
    const created = expectSingle(
      await ok("create_a_missive_shared_label", {
        name: "Security",
        organization: escalated.organization,
        parent: escalated.id,
        color: "#aa0000",
      }),
    );
    expect(last()).toMatchObject({
      method: "POST",
      path: "/v1/shared_labels",
      status: 201,
      body: {
        shared_labels: [
          { name: "Security", organization: escalated.organization, parent: escalated.id, color: "#aa0000" },
        ],
      },
    });
    expect(created[0]).toMatchObject({ name: "Security", name_with_parent_names: "Escalated / Security" });

    const support = labels.find((l) => l.name_with_parent_names === "Support");
    const updated = expectSingle(
      await ok("update_a_missive_shared_label_by_id", { ids: [created[0].id, support.id], color: "#00aa00" }),
    );
    expect(last()).toMatchObject({
      method: "PATCH",
      path: `/v1/shared_labels/${created[0].id},${support.id}`,
      body: {
        shared_labels: [
          { id: created[0].id, color: "#00aa00" },
          { id: support.id, color: "#00aa00" },
        ],
      },
    });
    expect(updated.map((l: Json) => l.color)).toEqual(["#00aa00", "#00aa00"]);
  });

  it("tasks: list, get (an object with expanded assignees), create (object body), update", async () => {
    const { ok, last } = await start();
    const tasks = expectList(await ok("list_all_missive_tasks", { state: "in_progress" }));
    expect(last()).toMatchObject({
      method: "GET",
      path: "/v1/tasks",
      query: { state: "in_progress", limit: "25" },
    });
    const postmortem = tasks.find((t) => t.title === "Write the database outage postmortem");
    expect(postmortem.assignees).toEqual([expect.stringMatching(UUID)]);

    const got = expectSingle(await ok("get_single_missive_task_by_id", { id: postmortem.id }));
    expect(last()).toMatchObject({ method: "GET", path: `/v1/tasks/${postmortem.id}` });
    expect(Array.isArray(got)).toBe(false);
    expect(got).toMatchObject({
      id: postmortem.id,
      assignees: [{ id: postmortem.assignees[0], name: "Sam Rivera" }],
      team: { id: postmortem.team, name: "Engineering Escalations" },
    });

    const created = expectSingle(
      await ok("create_a_missive_task", {
        title: "Rotate the database credentials",
        organization: got.team.organization,
        team: got.team.id,
        due_at: BASE_EPOCH + 7 * 86_400,
      }),
    );
    expect(last()).toMatchObject({ method: "POST", path: "/v1/tasks", status: 201 });
    expect(last().body).toEqual({
      tasks: {
        title: "Rotate the database credentials",
        organization: got.team.organization,
        team: got.team.id,
        due_at: BASE_EPOCH + 7 * 86_400,
      },
    });
    expect(created).toMatchObject({ id: expect.stringMatching(UUID), state: "todo", team: got.team.id });

    const updated = expectSingle(
      await ok("update_a_missive_task_by_id", {
        id: created.id,
        state: "closed",
        assignees: [got.assignees[0].id],
      }),
    );
    expect(last()).toMatchObject({
      method: "PATCH",
      path: `/v1/tasks/${created.id}`,
      body: { tasks: { state: "closed", assignees: [got.assignees[0].id] } },
    });
    expect(updated).toMatchObject({ id: created.id, state: "closed", assignees: [got.assignees[0].id] });
  });

  it("webhooks: create, then delete with the returned id", async () => {
    const { ok, last, sim } = await start();
    const hook = expectSingle(
      await ok("create_a_missive_hook", {
        type: "new_comment",
        url: "https://hooks.example.com/missive",
        mention: sim.data.facts.users.primary,
      }),
    );
    expect(last()).toMatchObject({
      method: "POST",
      path: "/v1/hooks",
      status: 201,
      body: {
        hooks: {
          type: "new_comment",
          url: "https://hooks.example.com/missive",
          mention: sim.data.facts.users.primary,
        },
      },
    });
    expect(hook).toEqual({ id: expect.stringMatching(UUID) });
    expect(expectSingle(await ok("delete_a_missive_hook_by_id", { id: hook.id }))).toEqual({});
    expect(last()).toMatchObject({ method: "DELETE", path: `/v1/hooks/${hook.id}`, status: 200 });
  });

  it("analytics: create a report; get answers an empty 404 until ready, then the data, then 404 after expiry", async () => {
    const { ok, raw, last, clock } = await start();
    const acme = expectList(await ok("list_all_missive_organizations")).find(
      (o) => o.name === "Acme Support",
    );
    const from = BASE_EPOCH - 30 * 86_400;
    const report = expectSingle(
      await ok("create_a_missive_analytics_report", {
        organization: acme.id,
        start: from,
        end: BASE_EPOCH,
        time_zone: "America/Montreal",
      }),
    );
    expect(last()).toMatchObject({
      method: "POST",
      path: "/v1/analytics/reports",
      body: {
        reports: { organization: acme.id, start: from, end: BASE_EPOCH, time_zone: "America/Montreal" },
      },
    });
    expect(report).toEqual({ id: expect.stringMatching(UUID) });

    const early = await raw("get_single_missive_analytics_report_by_id", { id: report.id });
    expect(last()).toMatchObject({ method: "GET", path: `/v1/analytics/reports/${report.id}`, status: 404 });
    expect(early.isError).toBe(true);
    expect(early.structured.error).toMatchObject({ status: 404, kind: "not_found" });
    expect(early.structured.error).not.toHaveProperty("upstream_message");
    // The record's own hint replaces the generic "look the id up with a list tool" advice.
    expect(early.structured.error?.message).toMatch(/not ready yet.*wait 5 s/);

    clock.advance(5_000);
    const ready = expectSingle(await ok("get_single_missive_analytics_report_by_id", { id: report.id }));
    expect(last().status).toBe(200);
    expect(ready).toMatchObject({
      start: from,
      end: BASE_EPOCH,
      selected_period: { global: { totals: { metrics: { inbound_count: { v: expect.any(Number) } } } } },
      previous_period: expect.any(Object),
    });

    clock.advance(60_000);
    const expired = await raw("get_single_missive_analytics_report_by_id", { id: report.id });
    expect(expired.isError).toBe(true);
    expect(last().status).toBe(404);
  });

  it("called every tool of an all-methods server, and nothing else", async () => {
    const { client } = await start();
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      names.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(42);
    // Tests call tools by canonical name; the list shows a tool over 40 characters by its short name.
    const canonical = (n: string) => seedCatalog("missive").byName.get(n)?.name ?? n;
    expect([...called].sort()).toEqual(names.map(canonical).sort());
  });
});
