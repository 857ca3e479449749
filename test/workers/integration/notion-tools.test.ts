/**
 * Notion through the gateway against the in-process Notion simulator: an admin connects a Notion
 * account with `credentials.api_token`, every list tool pages to the end returning each item exactly
 * once (cursors in the query for GET lists, in the JSON body for POST lists, opaque to the model),
 * every request carries the pinned `Notion-Version`, and Notion's error envelope, 401/404/400, 429
 * with Retry-After and 503/529 overload answers become our tool error kinds.
 */
import type { Client } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { NOTION_TOKEN, type NotionSimulator } from "../../../simulator/notion/index";
import {
  connectClient,
  createAccount,
  createServer,
  installNotionSimulator,
  structuredOf,
} from "../support/gateway";

async function setup(token = NOTION_TOKEN): Promise<{ sim: NotionSimulator; client: Client }> {
  const sim = installNotionSimulator({ rateLimitPerMinute: 10_000 });
  const account = await createAccount(token, "Notion workspace", "notion");
  const client = await connectClient((await createServer(account)).url, "modern");
  return { sim, client };
}

/** Follows next_cursor to the end and returns every item. */
async function drain(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  for (let n = 0; n < 50; n++) {
    const r = await client.callTool({
      name,
      arguments: { ...args, ...(cursor ? { next_cursor: cursor } : {}) },
    });
    expect(r.isError, JSON.stringify(r.content)).not.toBe(true);
    const s = structuredOf(r);
    all.push(...(s.result as Array<Record<string, unknown>>));
    if (s.next_cursor === null) return all;
    expect(s.next_cursor).toEqual(expect.any(String));
    expect(s.next_cursor).not.toMatch(/^cur_/); // the upstream cursor never reaches the model bare
    cursor = s.next_cursor as string;
  }
  throw new Error(`${name} did not reach next_cursor: null`);
}

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => String(i.id));

describe("Notion tools through the gateway", () => {
  it("pages every list tool to the end, each item exactly once, in upstream order", async () => {
    const { sim, client } = await setup();
    const ws = sim.data;
    const big = ws.facts.bigPageId;
    const ds = ws.facts.dataSourceId;

    const users = await drain(client, "list_all_notion_users", { limit: 40 });
    expect(ids(users)).toEqual(ws.users.map((u) => u.id));
    expect(users.length).toBeGreaterThan(100);

    const children = await drain(client, "list_all_notion_block_children", { block_id: big, limit: 100 });
    expect(ids(children)).toEqual(ws.children.get(big));

    const comments = await drain(client, "list_all_notion_comments", { block_id: big });
    expect(ids(comments)).toEqual(ws.comments.map((c) => c.id));
    expect(comments.length).toBe(110);

    const rows = await drain(client, "query_notion_data_source_by_id", { data_source_id: ds, limit: 30 });
    const truthRows = [...ws.pages.values()].filter(
      (p) => (p.parent as { data_source_id?: string }).data_source_id === ds,
    );
    expect(ids(rows)).toEqual(truthRows.map((p) => p.id));
    expect(rows.length).toBe(140);

    const found = await drain(client, "search_notion_workspace", { limit: 100 });
    expect(new Set(ids(found)).size).toBe(found.length);
    expect(found.length).toBe(ws.pages.size + ws.dataSources.size);

    const templates = await drain(client, "list_all_notion_data_source_templates", {
      data_source_id: ds,
      limit: 50,
    });
    expect(ids(templates)).toEqual((ws.templates.get(ds) ?? []).map((t) => t.id));

    const titleParts = await drain(client, "list_all_notion_page_property_items", {
      page_id: big,
      property_id: "title",
      limit: 50,
    });
    expect(titleParts.map((p) => (p.title as { plain_text: string }).plain_text)).toEqual(
      Array.from({ length: 120 }, (_, k) => `part ${k + 1} `),
    );

    // GET lists carried the cursor in the query, POST lists in the JSON body; all pinned the version.
    const gets = sim.requests.filter((r) => r.method === "GET" && r.path === "/users");
    expect(gets.map((r) => r.query.page_size)).toEqual(["40", "40", "40", "40"]);
    expect(gets[0]?.query.start_cursor).toBeUndefined();
    expect(gets[1]?.query.start_cursor).toMatch(/^cur_40_/);
    const posts = sim.requests.filter((r) => r.path.endsWith("/query"));
    expect(posts.map((r) => (r.body as Record<string, unknown>).page_size)).toEqual([30, 30, 30, 30, 30]);
    expect((posts[1]?.body as Record<string, unknown> | undefined)?.start_cursor).toMatch(/^cur_30_/);
    for (const r of sim.requests) {
      expect(r.headers["notion-version"]).toBe("2025-09-03");
      expect(r.headers.authorization).toBe(`Bearer ${NOTION_TOKEN}`);
    }
  });

  it("creates, reads, updates and trashes a page with the caller never sending Notion-Version", async () => {
    const { sim, client } = await setup();
    const created = await client.callTool({
      name: "create_a_notion_page",
      arguments: {
        parent: { page_id: sim.data.facts.bigPageId },
        properties: { title: [{ text: { content: "Written by a model" } }] },
      },
    });
    expect(created.isError, JSON.stringify(created.content)).not.toBe(true);
    const page = structuredOf(created).result as { id: string };
    expect(sim.data.pages.get(page.id)?.parent).toEqual({
      type: "page_id",
      page_id: sim.data.facts.bigPageId,
    });
    const appended = await client.callTool({
      name: "append_children_notion_block_by_id",
      arguments: {
        block_id: page.id,
        children: [
          { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: "Hello" } }] } },
        ],
      },
    });
    expect(appended.isError, JSON.stringify(appended.content)).not.toBe(true);
    const md = await client.callTool({
      name: "get_single_notion_page_markdown_by_id",
      arguments: { page_id: page.id },
    });
    expect((structuredOf(md).result as { markdown: string }).markdown).toBe("Hello");
    const trashed = await client.callTool({
      name: "update_a_notion_page_by_id",
      arguments: { page_id: page.id, in_trash: true },
    });
    expect(trashed.isError).not.toBe(true);
    expect(sim.data.pages.get(page.id)?.in_trash).toBe(true);
  });

  it("maps Notion's error envelope: 404 object_not_found, 400 validation_error, 401 unauthorized", async () => {
    const { client } = await setup();
    const missing = await client.callTool({
      name: "get_single_notion_page_by_id",
      arguments: { page_id: "00000000-0000-4000-8000-00000000abcd" },
    });
    expect(missing.isError).toBe(true);
    const e404 = structuredOf(missing).error;
    expect(e404).toMatchObject({ kind: "not_found", status: 404, upstream_code: "object_not_found" });
    expect(String(e404?.message)).toContain("shared with the integration");

    const bad = await client.callTool({
      name: "list_all_notion_comments",
      arguments: { block_id: "not-a-block" },
    });
    expect(structuredOf(bad).error).toMatchObject({ status: 404, kind: "not_found" });

    const { client: wrong } = await setup("ntn_revoked");
    const r = await wrong.callTool({ name: "get_current_notion_user", arguments: {} });
    expect(structuredOf(r).error).toMatchObject({
      kind: "unauthorized",
      status: 401,
      upstream_code: "unauthorized",
      upstream_message: "API token is invalid.",
    });
  });

  it("turns a 429 with Retry-After into rate_limited and 503/529 into overloaded", async () => {
    const { sim, client } = await setup();
    sim.failNext(429, 1, 7);
    const limited = await client.callTool({ name: "get_current_notion_user", arguments: {} });
    expect(structuredOf(limited).error).toMatchObject({
      kind: "rate_limited",
      status: 429,
      retry_after: 7,
      upstream_code: "rate_limited",
    });
    for (const status of [503, 529]) {
      sim.failNext(status, 1, 3);
      const r = await client.callTool({ name: "list_all_notion_users", arguments: {} });
      expect(r.isError).toBe(true);
      expect(structuredOf(r).error).toMatchObject({
        kind: "overloaded",
        status,
        retry_after: 3,
      });
    }
    const ok = await client.callTool({ name: "get_current_notion_user", arguments: {} });
    expect((structuredOf(ok).result as { type: string }).type).toBe("bot");
  });

  it("refuses a page size over Notion's maximum before anything goes upstream", async () => {
    const { sim, client } = await setup();
    const r = await client.callTool({ name: "list_all_notion_users", arguments: { limit: 101 } });
    expect(structuredOf(r).error).toMatchObject({ kind: "invalid_arguments" });
    expect(sim.requests).toHaveLength(0);
  });
});
