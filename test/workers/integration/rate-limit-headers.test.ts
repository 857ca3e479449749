import { describe, expect, it } from "vitest";
import {
  createAccount,
  createServer,
  frozenClockAhead,
  gw,
  installSimulator,
  rpcMessages,
} from "../support/gateway";

const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
};

function toolCall(path: string, era: "legacy" | "modern", name: string, args: Record<string, unknown>) {
  const modern = era === "modern";
  return gw(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": modern ? "2026-07-28" : "2025-06-18",
      ...(modern ? { "mcp-method": "tools/call", "mcp-name": name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name, arguments: args, ...(modern ? { _meta: MODERN_META } : {}) },
    }),
  });
}

/** The JSON-RPC message of a JSON or single-event SSE answer. */
async function message(
  res: Response,
): Promise<{ result: { isError?: boolean; structuredContent: Record<string, unknown> } }> {
  const [first] = await rpcMessages<{
    result: { isError?: boolean; structuredContent: Record<string, unknown> };
  }>(res);
  if (!first) throw new Error("no JSON-RPC message in the answer");
  return first;
}

describe("upstream rate limits reach the caller", () => {
  it.each(["legacy", "modern"] as const)(
    "an upstream 429 is one request, an isError result and IETF headers (%s)",
    async (era) => {
      const sim = installSimulator({ now: frozenClockAhead() });
      sim.setRateLimits({ perMinute: 1 });
      const { url } = await createServer(await createAccount());
      const path = new URL(url).pathname;
      const first = await toolCall(path, era, "list_all_missive_contact_books", {});
      expect(first.status).toBe(200);
      await first.text();
      const res = await toolCall(path, era, "list_all_missive_contact_books", {});
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("1");
      expect(res.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      const msg = await message(res);
      expect(msg.result.isError).toBe(true);
      expect(msg.result.structuredContent.error).toMatchObject({
        status: 429,
        kind: "rate_limited",
        ratelimit: { limit: 1, remaining: 0 },
      });
      expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "GET /v1/contact_books 200",
        "GET /v1/contact_books 429",
      ]);
    },
  );
});
