import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import type { CallView } from "../../../worker/admin/views";
import { now, setClock } from "../../../worker/clock";
import worker from "../../../worker/index";
import { recordsOf } from "../support/activity";
import { admin, connectClient, createAccount, createServer, gw, installSimulator } from "../support/gateway";

afterEach(() => setClock());

interface Page {
  result: CallView[];
  next_cursor: string | null;
}

async function get(path: string): Promise<Page> {
  const res = await admin("GET", path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
}

/** An account with two servers, 4 calls on the first (one failing) and 1 on the second. */
async function seed() {
  installSimulator();
  const account = await createAccount();
  const a = await createServer(account, { name: "A" });
  const b = await createServer(account, { name: "B" });
  const ca: Client = await connectClient(a.url, "modern");
  await ca.callTool({ name: "list_all_missive_contact_books", arguments: {} });
  await ca.callTool({ name: "list_all_missive_users", arguments: {} });
  await ca.callTool({ name: "get_single_missive_contact_by_id", arguments: { id: "nope" } });
  await ca.callTool({ name: "list_all_missive_contact_books", arguments: {} });
  await ca.close();
  const cb = await connectClient(b.url, "legacy");
  await cb.callTool({ name: "list_all_missive_teams", arguments: {} });
  await cb.close();
  await recordsOf(a.id, 4);
  await recordsOf(b.id, 1);
  return { account, a, b };
}

describe("GET …/calls", () => {
  it("lists an account's calls newest first and a server's calls alone, in the list shape", async () => {
    const { account, a, b } = await seed();
    const all = await get(`/integrated-account/${account}/calls`);
    expect(all.next_cursor).toBeNull();
    expect(all.result.map((c) => c.tool)).toEqual([
      "list_all_missive_teams",
      "list_all_missive_contact_books",
      "get_single_missive_contact_by_id",
      "list_all_missive_users",
      "list_all_missive_contact_books",
    ]);
    const times = all.result.map((c) => Date.parse(c.time));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(all.result[0]).toMatchObject({
      integrated_account_id: account,
      mcp_server_id: b.id,
      outcome: "ok",
      transport: "streamable_http",
      protocol_era: "2025",
      truncated: false,
      caller: null,
      arguments: null,
    });
    expect(all.result[0]?.request_id).toEqual(expect.any(String));
    const onlyA = await get(`/integrated-account/${account}/mcp/${a.id}/calls`);
    expect(onlyA.result).toHaveLength(4);
    expect(onlyA.result.every((c) => c.mcp_server_id === a.id)).toBe(true);
    expect(onlyA.result[1]).toMatchObject({
      tool: "get_single_missive_contact_by_id",
      outcome: "not_found",
      upstream_status: 404,
      client: { name: "edge-mcp-tests", version: "1.0.0" },
    });
  });

  it("filters by tool, outcome (error = anything but ok), client, since and until", async () => {
    const { account } = await seed();
    const base = `/integrated-account/${account}/calls`;
    const tool = await get(`${base}?tool=list_all_missive_contact_books`);
    expect(tool.result).toHaveLength(2);
    expect((await get(`${base}?outcome=not_found`)).result.map((c) => c.tool)).toEqual([
      "get_single_missive_contact_by_id",
    ]);
    expect((await get(`${base}?outcome=error`)).result).toHaveLength(1);
    expect((await get(`${base}?outcome=ok`)).result).toHaveLength(4);
    expect((await get(`${base}?client=EDGE-MCP-TESTS`)).result).toHaveLength(4);
    const all = (await get(base)).result;
    const newest = all[0]?.time ?? "";
    const oldest = all.at(-1)?.time ?? "";
    expect((await get(`${base}?since=${encodeURIComponent(newest)}`)).result[0]?.time).toBe(newest);
    const until = await get(`${base}?until=${encodeURIComponent(newest)}`);
    expect(until.result.every((c) => Date.parse(c.time) < Date.parse(newest))).toBe(true);
    expect(until.result.at(-1)?.time).toBe(oldest);
    const future = new Date(now() + 3_600_000).toISOString();
    expect((await get(`${base}?since=${encodeURIComponent(future)}`)).result).toEqual([]);
  });

  it("pages with next_cursor through every call exactly once", async () => {
    const { account } = await seed();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await get(
        `/integrated-account/${account}/calls?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.result.length).toBeLessThanOrEqual(2);
      seen.push(...page.result.map((c) => c.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual((await get(`/integrated-account/${account}/calls`)).result.map((c) => c.id));
  });

  it("answers 400 for bad filters or cursors, 404 for unknown accounts and servers, 401 without the admin token", async () => {
    const account = await createAccount();
    const base = `/integrated-account/${account}/calls`;
    for (const q of ["since=yesterday", "outcome=Not%20OK", "limit=0", "cursor=zzz", "colour=red"]) {
      const res = await admin("GET", `${base}?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    // An outcome that is well formed but names no real outcome is refused, naming the field.
    const typo = await admin("GET", `${base}?outcome=not_fond`);
    expect(typo.status).toBe(400);
    expect(await typo.json()).toMatchObject({
      error: {
        details: [
          { field: "outcome", message: expect.stringMatching(/^must be ok, error, or one of: .*not_found/) },
        ],
      },
    });
    const later = new Date(now() + 60_000).toISOString();
    const earlier = new Date(now()).toISOString();
    expect((await admin("GET", `${base}?since=${later}&until=${earlier}`)).status).toBe(400);
    expect((await admin("GET", "/integrated-account/acct_nope/calls")).status).toBe(404);
    expect((await admin("GET", `/integrated-account/${account}/mcp/mcp_nope/calls`)).status).toBe(404);
    expect((await gw(base)).status).toBe(401);
  });
});

describe("activity summary on server reads and lists", () => {
  it("shows last_used_at and the calls and errors of the last 24 h, which age out with the clock", async () => {
    const { account, a, b } = await seed();
    const listed = (await get(`/integrated-account/${account}/mcp`)) as unknown as {
      result: Array<{ id: string; last_used_at: string | null; calls_24h: number; errors_24h: number }>;
    };
    const byId = new Map(listed.result.map((s) => [s.id, s]));
    expect(byId.get(a.id)).toMatchObject({ calls_24h: 4, errors_24h: 1 });
    expect(byId.get(b.id)).toMatchObject({ calls_24h: 1, errors_24h: 0 });
    const calls = await get(`/integrated-account/${account}/mcp/${a.id}/calls`);
    expect(byId.get(a.id)?.last_used_at).toBe(calls.result[0]?.time);
    const fresh = await createServer(account, { name: "unused" });
    expect(fresh).toMatchObject({ last_used_at: null, calls_24h: 0, errors_24h: 0 });
    setClock(() => Date.now() + 25 * 3_600_000);
    const res = await admin("GET", `/integrated-account/${account}/mcp/${a.id}`);
    expect(await res.json()).toMatchObject({
      last_used_at: calls.result[0]?.time,
      calls_24h: 0,
      errors_24h: 0,
    });
  });
});

describe("retention", () => {
  it("the cron deletes records older than ACTIVITY_RETENTION_DAYS (30) and keeps younger ones", async () => {
    installSimulator();
    const server = await createServer(await createAccount());
    const start = Date.now();
    const callAt = async (offsetMs: number) => {
      setClock(() => Date.now() + offsetMs);
      const client = await connectClient(server.url, "modern");
      await client.callTool({ name: "list_all_missive_users", arguments: {} });
      await client.close();
    };
    await callAt(0);
    await callAt(2 * 86_400_000);
    expect(await recordsOf(server.id, 2)).toHaveLength(2);
    expect(env.ACTIVITY_RETENTION_DAYS).toBe("30");
    // 31 days after the first call: it is past retention, the second (29 days old) is not.
    setClock(() => start + 31 * 86_400_000);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await recordsOf(server.id, 0, 0);
    expect(left).toHaveLength(1);
    expect(left[0]?.ts).toBeGreaterThanOrEqual(start + 2 * 86_400_000);
  });
});
