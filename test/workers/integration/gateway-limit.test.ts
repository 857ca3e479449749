/**
 * Our own per-URL limit counts work, not HTTP requests, and answers in-band: batches are refused on
 * the versions that removed them and bounded where allowed, every tools/call of a batch takes its
 * own unit, and a refusal is an HTTP 200 (isError tool result, or a JSON-RPC error for tools/list)
 * with `ratelimit-*`/`retry-after` headers, on 2026-07-28 and 2025 Streamable HTTP.
 * The HTTP+SSE leg is covered in sse.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MAX_BATCH_MESSAGES } from "../../../worker/mcp/batch";
import { createAccount, createServer, installSimulator, mcpPost, rpcMessages } from "../support/gateway";

const BOOKS = "list_all_missive_contact_books";

interface Answer {
  jsonrpc: string;
  id?: number | string | null;
  result?: { isError?: boolean; structuredContent?: { error?: Record<string, unknown> } };
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "limit-test", version: "1" },
};

async function mcpPath(): Promise<string> {
  return new URL((await createServer(await createAccount())).url).pathname;
}

const post = mcpPost;

/** Every JSON-RPC answer in a JSON or SSE body (arrays flattened). */
const answers = (res: Response) => rpcMessages<Answer>(res);

const call = (id: number, name = BOOKS) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: {} },
});
const list = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/list" });
const batchOf = (n: number, make: (id: number) => unknown) =>
  Array.from({ length: n }, (_, i) => make(i + 1));

const isRefusal = (a: Answer) =>
  a.result?.structuredContent?.error?.kind === "gateway_rate_limited" ||
  a.error?.data?.kind === "gateway_rate_limited";

/** Spends a URL's budget with batches of tools/list until our limit refuses (at most 2 windows). */
async function exhaust(path: string): Promise<void> {
  for (let i = 0; i < 25; i++) {
    const got = await answers(await post(path, batchOf(MAX_BATCH_MESSAGES, list)));
    if (got.some(isRefusal)) return;
  }
  throw new Error("the per-URL limit never refused");
}

/**
 * Runs `attempt` on an exhausted URL. The limiter counts in fixed 60 s windows, so if a window
 * boundary passed right after exhausting it, the attempt is admitted: exhaust again and retry once.
 */
async function whileExhausted(path: string, attempt: () => Promise<boolean>): Promise<void> {
  await exhaust(path);
  if (await attempt()) return;
  await exhaust(path);
  expect(await attempt()).toBe(true);
}

describe("JSON-RPC batches", () => {
  it.each([
    ["2025-06-18", { "mcp-protocol-version": "2025-06-18" }],
    ["2025-11-25", { "mcp-protocol-version": "2025-11-25" }],
    ["2026-07-28", { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": BOOKS }],
  ])("are refused with a JSON-RPC error under %s, before any upstream request", async (version, headers) => {
    const sim = installSimulator();
    const path = await mcpPath();
    const batch = batchOf(3, (id) =>
      version === "2026-07-28"
        ? { ...call(id), params: { name: BOOKS, arguments: {}, _meta: MODERN_META } }
        : call(id),
    );
    const res = await post(path, batch, headers);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Answer;
    expect(body.error?.code).toBe(-32600);
    expect(body.error?.message).toContain(`not part of MCP ${version}`);
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    ["without a version header (2025-03-26 by default)", {}],
    ["with MCP-Protocol-Version 2025-03-26", { "mcp-protocol-version": "2025-03-26" }],
  ])("are served %s: each tools/call is one upstream request", async (_, headers) => {
    const sim = installSimulator();
    const path = await mcpPath();
    const res = await post(path, [call(1), call(2), list(3), call(4)], headers);
    expect(res.status).toBe(200);
    const got = await answers(res);
    expect(got.map((a) => a.id).sort()).toEqual([1, 2, 3, 4]);
    expect(got.every((a) => a.error === undefined && a.result?.isError !== true)).toBe(true);
    expect(sim.requests).toHaveLength(3);
  });

  it(`are refused over ${MAX_BATCH_MESSAGES} messages, with no upstream request`, async () => {
    const sim = installSimulator();
    const res = await post(await mcpPath(), batchOf(MAX_BATCH_MESSAGES + 1, call));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Answer).error).toMatchObject({ code: -32600 });
    expect(sim.requests).toHaveLength(0);
  });

  it("count every tools/call against the per-URL limit: upstream requests never exceed admitted calls", async () => {
    const sim = installSimulator();
    const path = await mcpPath();
    let admitted = 0;
    let refused = 0;
    // 100 per window, up to 200 across a window boundary: 21 batches of 10 always reach a refusal.
    for (let i = 0; i < 21 && refused === 0; i++) {
      const res = await post(path, batchOf(MAX_BATCH_MESSAGES, call));
      expect(res.status).toBe(200);
      for (const a of await answers(res)) {
        if (isRefusal(a)) refused++;
        else admitted++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(200);
    expect(sim.requests).toHaveLength(admitted);
  });
});

describe("our own limit answers in-band, never HTTP 429", () => {
  it.each([
    ["2026-07-28", true],
    ["2025 Streamable HTTP", false],
  ])(
    "a refused tools/call on %s is a 200 with an isError gateway_rate_limited result and the headers",
    async (_, modern) => {
      const sim = installSimulator();
      const path = await mcpPath();
      await whileExhausted(path, async () => {
        const before = sim.requests.length;
        const res = await post(
          path,
          modern ? { ...call(9), params: { name: BOOKS, arguments: {}, _meta: MODERN_META } } : call(9),
          modern
            ? { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": BOOKS }
            : { "mcp-protocol-version": "2025-11-25" },
        );
        expect(res.status).toBe(200);
        const [answer] = await answers(res);
        if (!answer || !isRefusal(answer)) return false;
        expect(answer.result?.isError).toBe(true);
        expect(answer.result?.structuredContent?.error).toMatchObject({
          kind: "gateway_rate_limited",
          retry_after: 60,
          limit: 100,
          remaining: 0,
          reset: 60,
        });
        expect(res.headers.get("ratelimit-limit")).toBe("100");
        expect(res.headers.get("ratelimit-remaining")).toBe("0");
        expect(res.headers.get("ratelimit-reset")).toBe("60");
        expect(res.headers.get("retry-after")).toBe("60");
        expect(sim.requests.length).toBe(before);
        return true;
      });
    },
  );

  it("a refused tools/list is a JSON-RPC error carrying the limit in a 200", async () => {
    installSimulator();
    const path = await mcpPath();
    await whileExhausted(path, async () => {
      const res = await post(path, list(5), { "mcp-protocol-version": "2025-11-25" });
      expect(res.status).toBe(200);
      const [answer] = await answers(res);
      if (!answer || !isRefusal(answer)) return false;
      expect(answer.id).toBe(5);
      expect(res.headers.get("ratelimit-remaining")).toBe("0");
      expect(res.headers.get("retry-after")).toBe("60");
      expect(answer.error).toMatchObject({
        code: -32000,
        data: { kind: "gateway_rate_limited", retry_after: 60, limit: 100, remaining: 0, reset: 60 },
      });
      return true;
    });
  });

  it("single tools/list requests, served from prepared bytes, each take a unit of the limit", async () => {
    installSimulator();
    const path = await mcpPath();
    // 100 per 60 s window, at most 200 across a window boundary.
    for (let i = 1; i <= 201; i++) {
      const [answer] = await answers(await post(path, list(i), { "mcp-protocol-version": "2025-11-25" }));
      if (answer && isRefusal(answer)) {
        expect(i).toBeGreaterThan(100);
        return;
      }
      expect(answer?.result).toBeDefined();
    }
    throw new Error("single tools/list requests were never counted");
  });

  it("initialize and ping still answer on an exhausted URL, and another URL is not affected", async () => {
    installSimulator();
    const path = await mcpPath();
    await exhaust(path);
    const init = await post(path, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    expect(init.status).toBe(200);
    expect((await answers(init))[0]?.result).toBeDefined();
    const other = await post(await mcpPath(), list(1), { "mcp-protocol-version": "2025-11-25" });
    expect(isRefusal((await answers(other))[0] as Answer)).toBe(false);
  });
});
