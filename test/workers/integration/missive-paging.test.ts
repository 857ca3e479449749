/**
 * Paging that never skips or repeats, for every Missive pagination style, through the gateway and
 * the SDK v2 client: following `next_cursor` from the first page to the end returns every item of
 * the simulator's ground truth exactly once and in the upstream order — across timestamp ties that
 * straddle page boundaries, with pages that hold more than `limit` items, and at several limits.
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

interface Item {
  id: string;
  [k: string]: unknown;
}

/**
 * Follows next_cursor from the first page to the end; returns every page's items. Each walk gets its
 * own MCP URL, so the gateway's per-URL request limit never interferes with long walks.
 */
async function drain(account: string, name: string, args: Record<string, unknown>): Promise<Item[][]> {
  const client = await connectClient((await createServer(account)).url, "modern");
  try {
    return await walk(client, name, args);
  } finally {
  }
}

async function walk(client: Client, name: string, args: Record<string, unknown>): Promise<Item[][]> {
  const pages: Item[][] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 300; n++) {
    const r = await client.callTool({
      name,
      arguments: { ...args, ...(cursor ? { next_cursor: cursor } : {}) },
    });
    expect(r.isError, JSON.stringify(r.content)).not.toBe(true);
    const s = structuredOf(r);
    pages.push(s.result as Item[]);
    if (s.next_cursor === null) return pages;
    expect(s.next_cursor).toEqual(expect.any(String));
    cursor = s.next_cursor as string;
  }
  throw new Error(`${name} did not reach next_cursor: null`);
}

async function setup(): Promise<{ sim: MissiveSimulator; account: string }> {
  const sim = installSimulator();
  return { sim, account: await createAccount() };
}

/** Newest first, ties by id: the order the simulator (and so the gateway) returns items in. */
function newestFirst<T extends { id: string }>(items: T[], stamp: (t: T) => number): T[] {
  return [...items].sort((a, b) => stamp(b) - stamp(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Asserts every id exactly once, in the ground truth's order. */
function expectExactlyOnce(pages: Item[][], truth: string[]): void {
  const ids = pages.flat().map((i) => i.id);
  expect(new Set(ids).size, "no item repeated").toBe(ids.length);
  expect(ids, "every item once, in order").toEqual(truth);
}

/** Timestamps at the given positions of a newest-first list (to prove the seed still has its ties). */
function stampsAt<T>(items: T[], stamp: (t: T) => number, positions: number[]): number[] {
  return positions.map((p) => stamp(items[p] as T));
}

describe("until-style paging through the gateway", () => {
  it("lists conversations (all=true) exactly once at the default limit, 10, 2, 7 and 50, across ties at positions 9–11 and 23–26", async () => {
    const { sim, account } = await setup();
    const uid = sim.data.facts.users.primary;
    const visible = sim.data.conversations.filter(
      (c) =>
        !c.merged_into &&
        (c.users.includes(uid) || c.guests.includes(uid)) &&
        !c.flags[uid]?.trashed &&
        !c.flags[uid]?.junked,
    );
    const truth = newestFirst(visible, (c) => c.last_activity_at);
    expect(truth).toHaveLength(46);
    const at = (ps: number[]) => new Set(stampsAt(truth, (c) => c.last_activity_at, ps)).size;
    expect(at([9, 10, 11])).toBe(1);
    expect(at([23, 24, 25, 26])).toBe(1);
    expect(at([8, 9])).toBe(2);
    const ids = truth.map((c) => c.id);

    const byDefault = await drain(account, "list_all_missive_conversations", { all: true });
    expectExactlyOnce(byDefault, ids);
    // The first page holds more than the default 25: positions 23–26 tie across the boundary.
    expect(byDefault[0]).toHaveLength(27);

    const ten = await drain(account, "list_all_missive_conversations", { all: true, limit: 10 });
    expectExactlyOnce(ten, ids);
    expect(ten[0]).toHaveLength(12);
    expect(ten.some((p) => p.length > 10)).toBe(true);

    for (const limit of [2, 7, 50]) {
      expectExactlyOnce(await drain(account, "list_all_missive_conversations", { all: true, limit }), ids);
    }

    // Upstream saw inclusive `until` cursors that never move forward, and never a limit below 2.
    const untils = sim.requests
      .filter((r) => r.path === "/v1/conversations" && r.query.until !== undefined)
      .map((r) => Number(r.query.until));
    expect(untils.length).toBeGreaterThan(10);
    for (const r of sim.requests) expect(Number(r.query.limit)).toBeGreaterThanOrEqual(2);
  });

  it("lists a conversation's messages exactly once at limits 10, 5, 3 and 2 with tied delivered_at at positions 9–11", async () => {
    const { sim, account } = await setup();
    const conv = sim.data.facts.conversations.manyMessages;
    const truth = newestFirst(
      sim.data.messages.filter((m) => m.conversation === conv),
      (m) => m.delivered_at,
    );
    expect(truth).toHaveLength(14);
    expect(new Set(stampsAt(truth, (m) => m.delivered_at, [9, 10, 11])).size).toBe(1);
    const ids = truth.map((m) => m.id);

    const ten = await drain(account, "list_all_missive_conversation_messages", { conversation_id: conv });
    expectExactlyOnce(ten, ids);
    expect(ten[0]).toHaveLength(12);
    for (const limit of [5, 3, 2]) {
      expectExactlyOnce(
        await drain(account, "list_all_missive_conversation_messages", { conversation_id: conv, limit }),
        ids,
      );
    }
  });

  it("lists a conversation's comments exactly once at limits 10, 4 and 2 with tied created_at at positions 9–11", async () => {
    const { sim, account } = await setup();
    const conv = sim.data.facts.conversations.databaseOutage;
    const truth = newestFirst(
      sim.data.comments.filter((c) => c.conversation === conv),
      (c) => c.created_at,
    );
    expect(truth).toHaveLength(14);
    expect(new Set(stampsAt(truth, (c) => c.created_at, [9, 10, 11])).size).toBe(1);
    const ids = truth.map((c) => c.id);

    const ten = await drain(account, "list_all_missive_conversation_comments", { conversation_id: conv });
    expectExactlyOnce(ten, ids);
    expect(ten[0]).toHaveLength(12);
    for (const limit of [4, 2]) {
      expectExactlyOnce(
        await drain(account, "list_all_missive_conversation_comments", { conversation_id: conv, limit }),
        ids,
      );
    }
  });

  it("lists a conversation's posts exactly once at limits 10 and 2", async () => {
    const { sim, account } = await setup();
    const conv = sim.data.posts.find((p) => p.username === "Statuspage")?.conversation ?? "";
    const truth = newestFirst(
      sim.data.posts.filter((p) => p.conversation === conv),
      (p) => p.created_at,
    ).map((p) => p.id);
    expect(truth).toHaveLength(3);
    for (const limit of [10, 2]) {
      expectExactlyOnce(
        await drain(account, "list_all_missive_conversation_posts", { conversation_id: conv, limit }),
        truth,
      );
    }
  });

  it("lists tasks exactly once at the default limit, 10, 2 and 50 across ties (upstream until is inclusive)", async () => {
    const { sim, account } = await setup();
    const uid = sim.data.facts.users.primary;
    const me = sim.data.users.find((u) => u.id === uid);
    const visible = sim.data.tasks.filter(
      (t) =>
        t.assignees.includes(uid) ||
        (t.organization !== null && (me?.organizations ?? []).includes(t.organization)),
    );
    const truth = newestFirst(visible, (t) => t.last_activity_at);
    expect(truth).toHaveLength(36);
    const at = (ps: number[]) => new Set(stampsAt(truth, (t) => t.last_activity_at, ps)).size;
    expect(at([9, 10, 11])).toBe(1);
    expect(at([23, 24, 25, 26])).toBe(1);
    const ids = truth.map((t) => t.id);

    const byDefault = await drain(account, "list_all_missive_tasks", {});
    expectExactlyOnce(byDefault, ids);
    expect(byDefault[0]).toHaveLength(27);
    const ten = await drain(account, "list_all_missive_tasks", { limit: 10 });
    expectExactlyOnce(ten, ids);
    expect(ten[0]).toHaveLength(12);
    for (const limit of [2, 50])
      expectExactlyOnce(await drain(account, "list_all_missive_tasks", { limit }), ids);

    // The second page re-asks from the boundary timestamp itself (inclusive), not one below it.
    const tenRequests = sim.requests.filter((r) => r.path === "/v1/tasks" && r.query.limit === "10");
    expect(Number(tenRequests[1]?.query.until)).toBe(truth[11]?.last_activity_at);
  });

  it("refuses limit 1 on until lists before calling Missive (min 'limit' value is 2)", async () => {
    const sim = installSimulator();
    const client = await connectClient((await createServer(await createAccount())).url, "legacy");
    const r = await client.callTool({ name: "list_all_missive_tasks", arguments: { limit: 1 } });
    expect(r.isError).toBe(true);
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });
});

describe("offset-style paging through the gateway", () => {
  it("lists a 260-contact book exactly once at limits 200, 50, 7, 130 (an exact multiple) and 3", async () => {
    const { sim, account } = await setup();
    const book = sim.data.facts.contactBooks.enterpriseLeads;
    const truth = sim.data.contacts
      .filter((c) => c.contact_book === book && !c.deleted)
      .sort(
        (a, b) =>
          (a.last_name ?? "").localeCompare(b.last_name ?? "") ||
          (a.first_name ?? "").localeCompare(b.first_name ?? "") ||
          a.id.localeCompare(b.id),
      )
      .map((c) => c.id);
    expect(truth).toHaveLength(260);
    for (const [limit, pages] of [
      [200, 2],
      [50, 6],
      [7, 38],
      [130, 3],
      [3, 87],
    ] as const) {
      const got = await drain(account, "list_all_missive_contacts", { contact_book: book, limit });
      expectExactlyOnce(got, truth);
      expect(got, `limit ${limit}`).toHaveLength(pages);
      for (const page of got) expect(page.length).toBeLessThanOrEqual(limit);
    }
    const offsets = sim.requests.filter((r) => r.query.limit === "50").map((r) => r.query.offset ?? "0");
    expect(offsets).toEqual(["0", "50", "100", "150", "200", "250"]);
  });

  it("lists shared labels, users and contact books to the end in small pages", async () => {
    const { sim, account } = await setup();
    const uid = sim.data.facts.users.primary;
    const labels = await drain(account, "list_all_missive_shared_labels", { limit: 5 });
    const visibleLabels = sim.data.sharedLabels.filter((l) =>
      sim.data.users.find((u) => u.id === uid)?.organizations.includes(l.organization),
    );
    expect(
      labels
        .flat()
        .map((l) => l.id)
        .sort(),
    ).toEqual(visibleLabels.map((l) => l.id).sort());
    expect(labels.length).toBe(Math.floor(visibleLabels.length / 5) + 1);
    const users = await drain(account, "list_all_missive_users", { limit: 2 });
    expect(new Set(users.flat().map((u) => u.id)).size).toBe(sim.data.users.length);
    const books = await drain(account, "list_all_missive_contact_books", { limit: 4 });
    expect(books.flat().map((b) => b.name)).toContain("VIP Prospects");
    expect(new Set(books.flat().map((b) => b.id)).size).toBe(books.flat().length);
  });
});
