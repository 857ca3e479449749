/**
 * `tools/list` is served from bytes prepared once per isolate and server config: repeated requests
 * get the same list with their own id, in both eras, and requests the SDK refuses stay refused.
 */
import { describe, expect, it } from "vitest";
import { createAccount, createServer, gw, rpcMessages } from "../support/gateway";

const MODERN = "2026-07-28";
const META = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "tools-list-bytes-test", version: "1.0.0" },
};
const MODERN_HEADERS = { "mcp-protocol-version": MODERN, "mcp-method": "tools/list" };
const LEGACY_HEADERS = { "mcp-protocol-version": "2025-11-25" };

interface Answer {
  status: number;
  contentType: string;
  message: {
    id?: unknown;
    result?: { tools: Array<{ name: string }> } & Record<string, unknown>;
    error?: { code: number };
  };
}

async function list(
  path: string,
  id: string | number,
  headers: Record<string, string>,
  params: Record<string, unknown> = {},
): Promise<Answer> {
  const res = await gw(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/list", params }),
  });
  const contentType = res.headers.get("content-type") ?? "";
  const [message] = await rpcMessages<Answer["message"]>(res);
  if (!message) throw new Error("no JSON-RPC message in the answer");
  return { status: res.status, contentType, message };
}

async function path(config: Record<string, unknown> = {}): Promise<string> {
  return new URL((await createServer(await createAccount(), { name: "list bytes", config })).url).pathname;
}

describe("tools/list from prepared bytes", () => {
  it.each([
    ["2026-07-28", MODERN_HEADERS, { _meta: META }, "application/json"],
    ["2025-era", LEGACY_HEADERS, {}, "application/json"],
  ])(
    "answers repeated %s requests with the same list and each request's own id",
    async (_era, headers, params, type) => {
      const p = await path();
      const answers = [
        await list(p, 1, headers, params),
        await list(p, "second", headers, params),
        await list(p, 9_007_199_254_740_991, headers, params),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers.map((a) => a.message.id)).toEqual([1, "second", 9_007_199_254_740_991]);
      for (const a of answers) expect(a.contentType).toContain(type);
      const [first, ...rest] = answers;
      expect(first?.message.result?.tools.length).toBe(42);
      for (const a of rest) expect(a.message.result).toEqual(first?.message.result);
    },
  );

  it("keeps refusing, with the request's id, a request the SDK refuses after the same URL served a list", async () => {
    const p = await path();
    expect((await list(p, 1, MODERN_HEADERS, { _meta: META })).status).toBe(200);
    const wrongMethod = await list(p, 7, { ...MODERN_HEADERS, "mcp-method": "tools/call" }, { _meta: META });
    expect(wrongMethod.status).toBe(400);
    expect(wrongMethod.message).toMatchObject({ id: 7, error: { code: -32020 } });
    const noMethod = await list(p, 8, { "mcp-protocol-version": MODERN }, { _meta: META });
    expect(noMethod.status).toBe(400);
    expect(noMethod.message).toMatchObject({ id: 8, error: { code: -32020 } });
  });

  it("serves each server config its own tool set, and pages with the cursor it was given", async () => {
    const all = await list(await path(), 1, MODERN_HEADERS, { _meta: META });
    const contacts = await list(await path({ tags: ["contacts"] }), 1, MODERN_HEADERS, { _meta: META });
    const names = contacts.message.result?.tools.map((t) => t.name) ?? [];
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(all.message.result?.tools.length ?? 0);
    expect(names.every((n) => n.includes("contact"))).toBe(true);
    const bad = await list(await path(), 3, MODERN_HEADERS, { _meta: META, cursor: "not-a-cursor" });
    expect(bad.message).toMatchObject({ id: 3, error: { code: -32602 } });
  });
});
