/**
 * Runs in the `workers-bounded` project, whose MAX_RESULT_CHARS is 6000: results over the bound are
 * cut to whole items, never to a broken JSON document, and paging resumes where the cut happened.
 */
import { describe, expect, it } from "vitest";
import { connectClient, createAccount, createServer, installSimulator } from "../support/gateway";

type Page = { result: Array<{ id: string }>; next_cursor: string | null; truncated?: boolean };

async function drain(url: string, name: string, args: Record<string, unknown>) {
  const client = await connectClient(url, "legacy");
  const seen: string[] = [];
  let cursor: string | null | undefined;
  let truncated = 0;
  do {
    const r = await client.callTool({
      name,
      arguments: { ...args, ...(cursor ? { next_cursor: cursor } : {}) },
    });
    expect(r.isError ?? false).toBe(false);
    const text = (r.content as Array<{ text: string }>)[0]?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(6000);
    const page = JSON.parse(text) as Page;
    expect(r.structuredContent, "the JSON is sent once, as text").toBeUndefined();
    if (page.truncated) truncated++;
    seen.push(...page.result.map((c) => c.id));
    cursor = page.next_cursor;
  } while (cursor);
  await client.close();
  return { seen, truncated };
}

describe("bounded results", () => {
  it("cuts offset pages to whole items with truncated: true, and the cursor continues where it stopped", async () => {
    const sim = installSimulator();
    const { url } = await createServer(await createAccount());
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const expected = sim.data.contacts.filter((c) => c.contact_book === book && !c.deleted).map((c) => c.id);
    const { seen, truncated } = await drain(url, "list_all_missive_contacts", {
      contact_book: book,
      limit: 200,
    });
    expect(truncated).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it("cuts until-style pages (newest first, tied timestamps) without skipping or repeating", async () => {
    const sim = installSimulator();
    const { url } = await createServer(await createAccount());
    const all: string[] = [];
    for (let until: number | undefined; ; ) {
      const q = `https://missive.test/v1/conversations?all=true&limit=50${until ? `&until=${until}` : ""}`;
      const res = await sim.fetch(
        new Request(q, { headers: { authorization: "Bearer missive_pat-simulator" } }),
      );
      const page = ((await res.json()) as { conversations: Array<{ id: string; last_activity_at: number }> })
        .conversations;
      const fresh = page.filter((c) => !all.includes(c.id));
      all.push(...fresh.map((c) => c.id));
      if (page.length < 50 || fresh.length === 0) break;
      until = page.at(-1)?.last_activity_at;
    }
    const { seen, truncated } = await drain(url, "list_all_missive_conversations", { all: true, limit: 50 });
    expect(truncated).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...all].sort());
  });
});
