/**
 * Discovery mode: three meta tools instead of the whole surface, with the same filters, results,
 * errors and rate-limit headers as direct calls, in every protocol era and over HTTP+SSE.
 */
import { Client, SSEClientTransport } from "@modelcontextprotocol/client";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import {
  connectClient,
  createAccount,
  createServer,
  type Era,
  gw,
  installSimulator,
  ORIGIN,
  structuredOf,
  workerFetch,
} from "../support/gateway";

const enc = new Tiktoken(o200k);
const META = ["search_tools", "get_tool_schema", "call_tool"];

async function discoveryUrl(config: Record<string, unknown> = {}): Promise<string> {
  const account = await createAccount();
  return (
    await createServer(account, { name: "discovery", config: { tool_exposure: "discovery", ...config } })
  ).url;
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown> };

describe("discovery mode", () => {
  it.each(["legacy", "modern"] as const satisfies readonly Era[])(
    "lists only search_tools, get_tool_schema and call_tool, within 1,500 tokens (%s)",
    async (era) => {
      const client = await connectClient(await discoveryUrl(), era);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(META);
      expect(enc.encode(JSON.stringify(tools)).length).toBeLessThanOrEqual(1_500);
      expect(client.getInstructions()).toMatch(/search_tools/);
      await client.close();
    },
  );

  it.each(["legacy", "modern"] as const satisfies readonly Era[])(
    "finds, describes and calls a tool with the same result as a direct call (%s)",
    async (era) => {
      installSimulator();
      const account = await createAccount();
      const direct = await connectClient((await createServer(account, { name: "all" })).url, era);
      const disc = await connectClient(await discoveryUrl(), era);
      const hits = (await disc.callTool({
        name: "search_tools",
        arguments: { query: "contact books", limit: 3 },
      })) as Result;
      const names = ((structuredOf(hits).result ?? []) as Array<{ name: string; summary: string }>).map(
        (h) => h.name,
      );
      expect(names).toContain("list_all_missive_contact_books");
      const schema = (await disc.callTool({
        name: "get_tool_schema",
        arguments: { name: "list_all_missive_contact_books" },
      })) as Result;
      const listed = (await direct.listTools()).tools.find(
        (t) => t.name === "list_all_missive_contact_books",
      );
      expect(structuredOf(schema).result).toEqual(listed);
      const viaMeta = await disc.callTool({
        name: "call_tool",
        arguments: { name: "list_all_missive_contact_books", arguments: { limit: 2 } },
      });
      const viaDirect = await direct.callTool({
        name: "list_all_missive_contact_books",
        arguments: { limit: 2 },
      });
      expect(viaMeta).toEqual(viaDirect);
      // Argument errors are the same isError result.
      const badMeta = await disc.callTool({
        name: "call_tool",
        arguments: { name: "list_all_missive_contact_books", arguments: { limit: 0 } },
      });
      const badDirect = await direct.callTool({
        name: "list_all_missive_contact_books",
        arguments: { limit: 0 },
      });
      expect(badMeta.isError).toBe(true);
      expect(badMeta).toEqual(badDirect);
      await disc.close();
      await direct.close();
    },
  );

  it("enforces the URL's filters and exclusions in search, schema and call, like direct calls", async () => {
    installSimulator();
    const client = await connectClient(
      await discoveryUrl({ methods: ["read"], exclude_tools: ["list_all_missive_users"] }),
      "modern",
    );
    const hits = (await client.callTool({
      name: "search_tools",
      arguments: { query: "delete a draft or a post", limit: 20 },
    })) as Result;
    const names = ((structuredOf(hits).result ?? []) as Array<{ name: string }>).map((h) => h.name);
    expect(names.some((n) => n.startsWith("delete_") || n.startsWith("create_"))).toBe(false);
    const users = (await client.callTool({
      name: "search_tools",
      arguments: { query: "users", limit: 20 },
    })) as Result;
    expect(((structuredOf(users).result ?? []) as Array<{ name: string }>).map((h) => h.name)).not.toContain(
      "list_all_missive_users",
    );
    await expect(
      client.callTool({ name: "get_tool_schema", arguments: { name: "delete_a_missive_draft_by_id" } }),
    ).rejects.toThrow(/Unknown tool: delete_a_missive_draft_by_id/);
    await expect(
      client.callTool({ name: "call_tool", arguments: { name: "list_all_missive_users", arguments: {} } }),
    ).rejects.toThrow(/Unknown tool: list_all_missive_users/);
    const bad = (await client.callTool({ name: "search_tools", arguments: {} })) as Result;
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it("carries the upstream's rate-limit headers on call_tool exactly like a direct call", async () => {
    const sim = installSimulator({ now: () => 1_800_000_000_000 });
    sim.setRateLimits({ perMinute: 1 });
    const path = new URL(await discoveryUrl()).pathname;
    const call = (args: Record<string, unknown>) =>
      gw(path, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2025-06-18",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "call_tool", arguments: args },
        }),
      });
    const first = await call({ name: "list_all_missive_contact_books", arguments: {} });
    await first.text();
    const res = await call({ name: "list_all_missive_contact_books", arguments: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBe("1");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.text()).toContain("rate_limited");
  });

  it("resolves auto: discovery for the 42-tool Missive surface, all tools for the seed article's 24", async () => {
    const account = await createAccount();
    const big = await connectClient(
      (await createServer(account, { name: "big", config: { tool_exposure: "auto" } })).url,
      "modern",
    );
    expect((await big.listTools()).tools.map((t) => t.name)).toEqual(META);
    await big.close();
    const small = await connectClient(
      (
        await createServer(account, {
          name: "small",
          config: {
            tool_exposure: "auto",
            methods: ["read", "write"],
            tags: ["contacts", "conversations", "labels"],
          },
        })
      ).url,
      "modern",
    );
    expect((await small.listTools()).tools).toHaveLength(24);
    await small.close();
  });

  it("works over the 2024-11-05 HTTP+SSE transport", async () => {
    installSimulator();
    const url = new URL(`${await discoveryUrl()}/sse`.replace(/^https:\/\/[^/]+/, ORIGIN));
    const client = new Client(
      { name: "sse-discovery", version: "1.0.0" },
      { versionNegotiation: { mode: "legacy" } },
    );
    await client.connect(
      new SSEClientTransport(url, { fetch: workerFetch, eventSourceInit: { fetch: workerFetch } }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(META);
      const r = (await client.callTool({
        name: "call_tool",
        arguments: { name: "list_all_missive_contact_books", arguments: {} },
      })) as Result;
      expect(r.isError).not.toBe(true);
      expect(JSON.stringify(structuredOf(r))).toContain("VIP Prospects");
    } finally {
      await client.close();
    }
  });
});
