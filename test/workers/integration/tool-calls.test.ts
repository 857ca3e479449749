import type { Client } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import {
  connectClient,
  createAccount,
  createServer,
  type Era,
  installSimulator,
  structuredOf,
} from "../support/gateway";

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const r = await client.callTool({ name, arguments: args });
  return {
    isError: r.isError === true,
    structured: structuredOf(r),
    text: JSON.stringify(r.content),
  };
}

async function drain(client: Client, name: string, args: Record<string, unknown>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 200; pages++) {
    const r = await call(client, name, { ...args, ...(cursor ? { next_cursor: cursor } : {}) });
    expect(r.isError, r.text).toBe(false);
    ids.push(...(r.structured.result as Array<{ id: string }>).map((c) => c.id));
    if (!r.structured.next_cursor) return { ids, pages };
    cursor = r.structured.next_cursor;
  }
  throw new Error("pagination did not end");
}

describe("tool calls through the gateway to the Missive simulator", () => {
  it.each<Era>(["legacy", "modern"])(
    "lists contact books with the upstream envelope unwrapped (%s)",
    async (era) => {
      const sim = installSimulator();
      const client = await connectClient((await createServer(await createAccount())).url, era);
      const r = await call(client, "list_all_missive_contact_books");
      expect(r.isError).toBe(false);
      const books = r.structured.result as Array<{ id: string; name: string }>;
      expect(books.map((b) => b.name)).toContain("VIP Prospects");
      expect(r.structured.next_cursor).toBeNull();
      expect(sim.requests.map((q) => `${q.method} ${q.path}`)).toEqual(["GET /v1/contact_books"]);
      await client.close();
    },
  );

  it("pages list_all_missive_contacts with next_cursor to the end, each contact of the book exactly once", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "modern");
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const expected = sim.data.contacts.filter((c) => c.contact_book === book && !c.deleted).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(200);
    for (const limit of [200, 50]) {
      const { ids, pages } = await drain(client, "list_all_missive_contacts", { contact_book: book, limit });
      expect(pages).toBe(Math.floor(expected.length / limit) + 1);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...expected].sort());
    }
    await client.close();
  });

  it("pages until-style conversation messages with tied timestamps across page boundaries exactly once", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "legacy");
    const conv = sim.data.facts.conversations.manyMessages;
    const expected = sim.data.messages.filter((m) => m.conversation === conv).map((m) => m.id);
    const { ids } = await drain(client, "list_all_missive_conversation_messages", { conversation_id: conv });
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    await client.close();
  });

  it("creates a contact with an email in infos, then finds it with the list tool's search", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "auto");
    const book = sim.data.facts.contactBooks.vipProspects;
    const created = await call(client, "create_a_missive_contact", {
      contact_book: book,
      first_name: "Jane",
      last_name: "Doe",
      infos: [{ kind: "email", label: "work", value: "jane.doe@example.com" }],
    });
    expect(created.isError, created.text).toBe(false);
    const found = await call(client, "list_all_missive_contacts", {
      contact_book: book,
      search: "jane.doe@example.com",
    });
    const hits = found.structured.result as Array<{ first_name: string; infos: Array<{ value: string }> }>;
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      first_name: "Jane",
      infos: [{ kind: "email", value: "jane.doe@example.com" }],
    });
    expect(sim.requests.find((r) => r.method === "POST")?.path).toBe("/v1/contacts");
    await client.close();
  });

  it("refuses a tool outside the server's filters like an unknown tool, with no upstream request", async () => {
    const sim = installSimulator();
    const account = await createAccount();
    const client = await connectClient(
      (
        await createServer(account, {
          name: "read contacts",
          config: { methods: ["read"], tags: ["contacts"] },
        })
      ).url,
      "legacy",
    );
    const outside = client.callTool({ name: "create_a_missive_contact", arguments: { contact_book: "x" } });
    await expect(outside).rejects.toThrow(/Unknown tool: create_a_missive_contact/);
    const unknown = client.callTool({ name: "no_such_tool", arguments: {} });
    await expect(unknown).rejects.toThrow(/Unknown tool: no_such_tool/);
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });

  it("returns invalid arguments as an isError result the model can act on, without calling upstream", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "modern");
    const r = await call(client, "list_all_missive_contacts", { limit: 10 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/contact_book/);
    const bad = await call(client, "get_single_missive_contact_by_id", { id: ".." });
    expect(bad.isError).toBe(true);
    // Another API's paging name is answered with ours, not with JSON Schema jargon.
    const guessed = await call(client, "list_all_missive_contacts", { contact_book: "b1", page_size: 10 });
    expect(guessed.isError).toBe(true);
    expect(guessed.text).toContain(
      "`page_size` is not an argument; did you mean `limit`? list_all_missive_contacts takes: ",
    );
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });

  it("passes Missive's own error message back so the model can fix its arguments", async () => {
    installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "legacy");
    const r = await call(client, "list_all_missive_conversations", {});
    expect(r.isError).toBe(true);
    expect(r.structured.error).toMatchObject({
      status: 400,
      upstream_message: "You need to paginate at least one mailbox",
    });
    await client.close();
  });
});
