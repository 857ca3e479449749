/**
 * A version stored before the current search-index version has no index of that version: the first
 * search of an isolate builds it and stores it, so the next isolate loads it instead of building it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEARCH_INDEX_VERSION } from "../../../worker/tools/search-index";
import { connectClient, createAccount, createServer, installSimulator } from "../support/gateway";

const prefix = `integration-index:v${SEARCH_INDEX_VERSION}:`;

async function storedIndexes(): Promise<string[]> {
  return (await env.KV.list({ prefix })).keys.map((k) => k.name);
}

describe("a missing stored search index", () => {
  it("is built at the first search and stored for the next isolate", async () => {
    installSimulator();
    for (const key of await storedIndexes()) await env.KV.delete(key);
    expect(await storedIndexes()).toEqual([]);
    const account = await createAccount();
    const { url } = await createServer(account, {
      name: "discovery",
      config: { tool_exposure: "discovery" },
    });
    const client = await connectClient(url, "modern");
    const hits = await client.callTool({ name: "search_tools", arguments: { query: "contact books" } });
    await client.close();
    expect(hits.isError).toBeFalsy();
    const keys = await storedIndexes();
    expect(keys).toHaveLength(1);
    const stored = JSON.parse((await env.KV.get(keys[0] ?? "")) ?? "{}") as { documentCount?: number };
    expect(stored.documentCount).toBe(42);
  });
});
