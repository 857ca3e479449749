/**
 * The "done means": a printed MCP URL whose tools return simulator data through the
 * official SDK clients of both eras, over real HTTP against `wrangler dev`.
 */
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1StreamableHTTP } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { missive, newServer, v2Client } from "./support.ts";

type CallResult = { isError?: boolean; structuredContent?: unknown; content?: unknown };
interface AnyClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<CallResult>;
  close(): Promise<void>;
}

const clients: Record<string, (url: string) => Promise<AnyClient>> = {
  "SDK v2 Client (auto)": (url) => v2Client(url, "auto"),
  "SDK v2 Client (pinned 2026-07-28)": (url) => v2Client(url, "modern"),
  "SDK v2 Client (legacy)": (url) => v2Client(url, "legacy"),
  "SDK v1 StreamableHTTPClientTransport": async (url) => {
    const c = new V1Client({ name: "edge-mcp-e2e-v1", version: "1.0.0" });
    await c.connect(new V1StreamableHTTP(new URL(url)));
    return c as unknown as AnyClient;
  },
};

async function structured(client: AnyClient, name: string, args: Record<string, unknown>) {
  const r = await client.callTool({ name, arguments: args });
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  // A success carries its JSON once, as its one text block (docs/tools.md "Results").
  expect(r.structuredContent).toBeUndefined();
  const text = (r.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? "";
  return JSON.parse(text) as { result: Array<Record<string, unknown>>; next_cursor?: string | null };
}

describe.each(Object.entries(clients))("%s over HTTP", (_label, connect) => {
  it("lists tools, reads contact books, pages contacts to the end, creates and finds a contact", async () => {
    const { url } = await newServer();
    const client = await connect(url);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["list_all_missive_contact_books", "create_a_missive_contact"]),
    );
    expect(tools).toHaveLength(42);

    const books = await structured(client, "list_all_missive_contact_books", {});
    const leads = books.result.find((b) => b.name === "Enterprise Leads");
    const vip = books.result.find((b) => b.name === "VIP Prospects");
    expect(leads && vip).toBeTruthy();

    // Ground truth straight from the simulator, paged directly with Missive's own offset rules.
    const expected: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await missive<{ contacts: Array<{ id: string }> }>(
        `/contacts?contact_book=${leads?.id}&limit=200&offset=${offset}`,
      );
      expected.push(...page.contacts.map((c) => c.id));
      if (page.contacts.length < 200) break;
    }
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await structured(client, "list_all_missive_contacts", {
        contact_book: leads?.id,
        limit: 100,
        ...(cursor ? { next_cursor: cursor } : {}),
      });
      seen.push(...page.result.map((c) => c.id as string));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());

    const email = `prospect.${Math.random().toString(36).slice(2)}@example.com`;
    await structured(client, "create_a_missive_contact", {
      contact_book: vip?.id,
      first_name: "Ada",
      last_name: "Prospect",
      infos: [{ kind: "email", label: "work", value: email }],
    });
    const found = await structured(client, "list_all_missive_contacts", {
      contact_book: vip?.id,
      search: email,
    });
    expect(found.result).toHaveLength(1);
    expect(found.result[0]).toMatchObject({ first_name: "Ada", last_name: "Prospect" });
    await client.close();
  });
});
