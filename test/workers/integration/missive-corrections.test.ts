/**
 * What third-party clients tested against live Missive report and the records now say (and the
 * simulator now does): top-level error messages, organization with remove_shared_labels, drafts
 * that cannot page, a draft sender by address alone, contacts that are never de-duplicated.
 */
import { describe, expect, it } from "vitest";
import {
  connectClient,
  createAccount,
  createServer,
  installSimulator,
  structuredOf,
} from "../support/gateway";

async function allTools() {
  const sim = installSimulator();
  const client = await connectClient((await createServer(await createAccount())).url, "modern");
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    return { isError: r.isError === true, s: structuredOf(r) };
  };
  return { sim, client, call };
}

describe("Missive corrections", () => {
  it("shows Missive's top-level error message: a conversation list without a mailbox", async () => {
    const { sim, client, call } = await allTools();
    const r = await call("list_all_missive_conversations", {});
    expect(r.isError).toBe(true);
    expect(r.s.error?.status).toBe(400);
    expect(String(r.s.error?.message)).toContain("You need to paginate at least one mailbox");
    expect(r.s.error?.upstream_message).toBe("You need to paginate at least one mailbox");
    const last = sim.requests.at(-1);
    expect(last?.status).toBe(400);
    await client.close();
  });

  it("requires organization with remove_shared_labels", async () => {
    const { client, call } = await allTools();
    const convs = await call("list_all_missive_conversations", { inbox: true, limit: 2 });
    const id = (convs.s.result as Array<{ id: string }>)[0]?.id ?? "";
    const labels = await call("list_all_missive_shared_labels", {});
    const label = (labels.s.result as Array<{ id: string }>)[0]?.id ?? "";
    const r = await call("update_a_missive_conversation_by_id", { ids: [id], remove_shared_labels: [label] });
    expect(r.isError).toBe(true);
    expect(String(r.s.error?.message)).toContain(
      "'organization' is required when 'remove_shared_labels' is defined",
    );
    await client.close();
  });

  it("saves a draft whose from_field is only an address, and says a full drafts page is incomplete", async () => {
    const { client, call } = await allTools();
    const users = await call("list_all_missive_users", {});
    const me = (users.s.result as Array<{ me?: boolean; email: string }>).find((u) => u.me);
    const convs = await call("list_all_missive_conversations", { inbox: true, limit: 2 });
    const conversation = (convs.s.result as Array<{ id: string }>)[0]?.id ?? "";
    for (const subject of ["First", "Second"]) {
      const d = await call("create_a_missive_draft", {
        conversation,
        subject,
        body: "Hello",
        from_field: { address: me?.email },
        to_fields: [{ address: "customer@example.com" }],
      });
      expect(d.isError, JSON.stringify(d.s)).toBe(false);
    }
    const page = await call("list_all_missive_conversation_drafts", {
      conversation_id: conversation,
      limit: 2,
    });
    expect(page.isError).toBe(false);
    expect((page.s.result as unknown[]).length).toBe(2);
    expect(page.s.next_cursor).toBeNull();
    expect(page.s.incomplete).toBe(true);
    await client.close();
  });

  it("creates a second contact with the same email: Missive does not de-duplicate", async () => {
    const { client, call } = await allTools();
    const books = await call("list_all_missive_contact_books", {});
    const book = (books.s.result as Array<{ id: string }>)[0]?.id ?? "";
    const contact = {
      contact_book: book,
      first_name: "Dana",
      infos: [{ kind: "email", label: "work", value: "dana.twice@example.com" }],
    };
    expect((await call("create_a_missive_contact", contact)).isError).toBe(false);
    expect((await call("create_a_missive_contact", contact)).isError).toBe(false);
    const found = await call("list_all_missive_contacts", {
      contact_book: book,
      search: "dana.twice@example.com",
    });
    expect((found.s.result as unknown[]).length).toBe(2);
    await client.close();
  });
});
