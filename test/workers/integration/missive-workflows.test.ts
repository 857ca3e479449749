/**
 * The two workflows of the seed article ("Connect Missive to Claude"), end to end through an MCP
 * client against the simulator, on a server configured as in the article:
 * `methods: ["read", "write"], tags: ["contacts", "conversations", "labels"]`.
 *
 * Each step uses only what the user's prompt gave (a conversation id) and what earlier tool results
 * returned, the way a model chains tools; nothing is looked up in the simulator's data.
 */
import type { Client } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import type { MissiveSimulator } from "../../../simulator/missive/index";
import {
  connectClient,
  createAccount,
  createServer,
  installSimulator,
  structuredOf,
} from "../support/gateway";

// biome-ignore lint/suspicious/noExplicitAny: tests navigate arbitrary JSON results
type Json = any;

const ARTICLE_CONFIG = { methods: ["read", "write"], tags: ["contacts", "conversations", "labels"] };

async function setup(): Promise<{ sim: MissiveSimulator; client: Client; tools: Map<string, Json> }> {
  const sim = installSimulator();
  const server = await createServer(await createAccount(), {
    name: "Claude Missive Triage Server",
    config: ARTICLE_CONFIG,
  });
  const client = await connectClient(server.url, "auto");
  const listed = await client.listTools();
  return { sim, client, tools: new Map(listed.tools.map((t) => [t.name, t])) };
}

/** Calls a tool the way a model would and expects success. */
async function use(client: Client, name: string, args: Record<string, unknown>): Promise<Json> {
  const r = await client.callTool({ name, arguments: args });
  expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).not.toBe(true);
  return structuredOf(r).result as Json;
}

describe("the seed article's workflows through an MCP client", () => {
  it("serves the article's filtered tool set: read and write tools of contacts, conversations and labels only", async () => {
    const { client, tools } = await setup();
    const names = [...tools.keys()].sort();
    expect(names).toHaveLength(24);
    for (const needed of [
      "list_all_missive_contact_books",
      "list_all_missive_contacts",
      "create_a_missive_contact",
      "list_all_missive_shared_labels",
      "list_all_missive_conversations",
      "list_all_missive_conversation_messages",
      "list_all_missive_conversation_comments",
      "update_a_missive_shared_label_by_id",
      "update_a_missive_conversation_by_id",
      "get_single_missive_conversation_by_id",
      // Custom methods join the group of their access: find reads, merge changes state.
      "find_missive_message_by_email_message_id",
      "merge_missive_conversation_by_id",
    ]) {
      expect(names).toContain(needed);
    }
    // Tasks, teams and users carry none of the tags.
    for (const absent of ["list_all_missive_tasks", "list_all_missive_users", "create_a_missive_team"]) {
      expect(names).not.toContain(absent);
    }
    // Filters are enforced at tools/call too.
    await expect(client.callTool({ name: "list_all_missive_tasks", arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
    await client.close();
  });

  it("(a) reads a conversation's messages, creates the external sender in 'VIP Prospects' with their email in infos, and finds the new contact", async () => {
    const { sim, client, tools } = await setup();
    // The user's prompt: "read the messages in Missive conversation <id>, find the external sender,
    // and add them as a new contact in our 'VIP Prospects' contact book."
    const conversationId = sim.data.facts.conversations.manyMessages;

    // 1–2. The contact books; pick "VIP Prospects" by name.
    expect(tools.get("list_all_missive_contact_books")?.description).toMatch(/contact_book/);
    const books: Json[] = await use(client, "list_all_missive_contact_books", {});
    const vip = books.find((b) => b.name === "VIP Prospects");
    expect(vip).toBeDefined();

    // 3. The conversation's messages (newest first) and who is on our side of it.
    const messages: Json[] = await use(client, "list_all_missive_conversation_messages", {
      conversation_id: conversationId,
    });
    expect(messages.length).toBeGreaterThan(1);
    const [conversation] = await use(client, "get_single_missive_conversation_by_id", { id: conversationId });
    const ourDomains = new Set(
      (conversation.users as Json[]).map((u) => String(u.email).split("@")[1]?.toLowerCase()),
    );

    // 4. The external sender's from_field: the sender whose address is not on our domains.
    const external = messages
      .map((m) => m.from_field as { name: string; address: string })
      .find((f) => !ourDomains.has(f.address.split("@")[1]?.toLowerCase() ?? ""));
    expect(external).toMatchObject({ name: expect.any(String), address: expect.stringContaining("@") });
    if (!external) throw new Error("no external sender");
    const [first, ...rest] = external.name.split(" ");

    // Not in the book yet.
    const before: Json[] = await use(client, "list_all_missive_contacts", {
      contact_book: vip.id,
      search: external.address,
    });
    expect(before).toEqual([]);

    // 5. Create the contact with the email inside infos (kind email, label from the description's list).
    const created: Json[] = await use(client, "create_a_missive_contact", {
      contact_book: vip.id,
      first_name: first,
      last_name: rest.join(" "),
      infos: [{ kind: "email", label: "work", value: external.address }],
    });
    expect(created).toHaveLength(1);
    const contact = created[0];
    expect(contact).toMatchObject({ contact_book: vip.id, first_name: first, last_name: rest.join(" ") });

    // Find the new contact with the list tool's search.
    const found: Json[] = await use(client, "list_all_missive_contacts", {
      contact_book: vip.id,
      search: external.address,
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: contact.id,
      first_name: first,
      infos: [{ kind: "email", label: "work", value: external.address }],
    });

    // The upstream saw exactly the article's chain, with the envelope Missive documents.
    const post = sim.requests.find((r) => r.method === "POST");
    expect(post).toMatchObject({
      path: "/v1/contacts",
      status: 201,
      body: {
        contacts: [
          {
            contact_book: vip.id,
            first_name: first,
            last_name: rest.join(" "),
            infos: [{ kind: "email", label: "work", value: external.address }],
          },
        ],
      },
    });
    await client.close();
  });

  it("(b) reads the internal comments, sees 'database outage', applies 'Escalated / Engineering' and confirms the conversation carries it", async () => {
    const { sim, client } = await setup();
    // The user's prompt: "check the internal comments on conversation <id>. If the team mentions
    // 'database outage', apply the 'Escalated / Engineering' shared label to the thread."
    const conversationId = sim.data.facts.conversations.databaseOutage;

    // 1–2. The internal comments, and whether they mention the outage.
    const comments: Json[] = await use(client, "list_all_missive_conversation_comments", {
      conversation_id: conversationId,
    });
    expect(comments.length).toBeGreaterThan(0);
    const mentions = comments.filter((c) => /database outage/i.test(String(c.body)));
    expect(mentions.length).toBeGreaterThan(0);

    // Not escalated yet.
    const [before] = await use(client, "get_single_missive_conversation_by_id", { id: conversationId });
    expect((before.shared_labels as Json[]).map((l) => l.name)).not.toContain("Escalated / Engineering");

    // 3–4. The organization's labels; the one whose full path is "Escalated / Engineering".
    const labels: Json[] = await use(client, "list_all_missive_shared_labels", {});
    const label = labels.find((l) => l.name_with_parent_names === "Escalated / Engineering");
    expect(label).toMatchObject({ id: expect.any(String), organization: expect.any(String) });

    // 5. Apply it to the conversation (organization is required with add_shared_labels).
    const updated: Json[] = await use(client, "update_a_missive_conversation_by_id", {
      ids: [conversationId],
      add_shared_labels: [label.id],
      organization: label.organization,
    });
    expect(updated).toHaveLength(1);
    expect(sim.requests.find((r) => r.method === "PATCH")).toMatchObject({
      path: `/v1/conversations/${conversationId}`,
      status: 200,
      body: {
        conversations: [
          { id: conversationId, add_shared_labels: [label.id], organization: label.organization },
        ],
      },
    });

    // Confirm: the conversation now carries the label, next to the ones it had.
    const [after] = await use(client, "get_single_missive_conversation_by_id", { id: conversationId });
    expect(after.shared_labels).toContainEqual({ id: label.id, name: "Escalated / Engineering" });
    for (const l of before.shared_labels as Json[]) expect(after.shared_labels).toContainEqual(l);
    expect(after.shared_label_names).toContain("Escalated / Engineering");

    // And it is now listed under that label's mailbox.
    const inLabel: Json[] = await use(client, "list_all_missive_conversations", { shared_label: label.id });
    expect(inLabel.map((c) => c.id)).toContain(conversationId);
    await client.close();
  });

  it("(b) without organization, Missive's own message tells the model what to add", async () => {
    const { sim, client } = await setup();
    const conversationId = sim.data.facts.conversations.databaseOutage;
    const labels: Json[] = await use(client, "list_all_missive_shared_labels", {});
    const label = labels.find((l) => l.name_with_parent_names === "Escalated / Engineering");
    const r = await client.callTool({
      name: "update_a_missive_conversation_by_id",
      arguments: { ids: [conversationId], add_shared_labels: [label.id] },
    });
    expect(r.isError).toBe(true);
    expect(structuredOf(r).error).toMatchObject({
      status: 400,
      upstream_message: "'organization' is required when 'add_shared_labels' is defined",
    });
    await client.close();
  });
});
