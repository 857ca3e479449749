/**
 * A read whose client went away is abandoned upstream at once (its fetch aborted); a write is never
 * cut mid-flight. In production the runtime aborts `request.signal` when the client disconnects
 * (`enable_request_signal`); `wrangler dev`'s local proxy does not pass a disconnect on, so this is
 * checked at the call path, with the client's signal aborted by hand.
 */
import { describe, expect, it } from "vitest";
import { executeToolCall } from "../../../worker/mcp/call";
import { seedCatalog, seedSnapshot } from "../support/seed";

/** An upstream that answers only when told, and notes when its request was aborted. */
function stalledUpstream() {
  const seen: Array<{ method: string; abortedAt?: number; finish: (r: Response) => void }> = [];
  const fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const entry: (typeof seen)[number] = { method: init?.method ?? "GET", finish: resolve };
      seen.push(entry);
      init?.signal?.addEventListener("abort", () => {
        entry.abortedAt = performance.now();
        reject(new DOMException("aborted", "AbortError"));
      });
      void input;
    })) as typeof fetch;
  return { seen, fetchImpl };
}

function context(fetchImpl: typeof fetch, clientSignal: AbortSignal) {
  return {
    integration: seedSnapshot("missive").integration,
    baseUrl: "https://missive.test/v1",
    bearer: "missive_pat-simulator",
    now: () => Date.now(),
    timeoutMs: 10_000,
    maxResultChars: 100_000,
    fetchImpl,
    clientSignal,
  };
}

describe("a client that goes away during a tool call", () => {
  it("abandons a read: the upstream request is aborted within 100 ms and the result says abandoned", async () => {
    const tool = seedCatalog("missive").byName.get("list_all_missive_contact_books");
    if (!tool) throw new Error("no tool");
    const upstream = stalledUpstream();
    const client = new AbortController();
    const call = executeToolCall(tool, {}, context(upstream.fetchImpl, client.signal));
    await new Promise((r) => setTimeout(r, 10));
    expect(upstream.seen).toHaveLength(1);
    const disconnected = performance.now();
    client.abort();
    const { result } = await call;
    expect((upstream.seen[0]?.abortedAt ?? Number.POSITIVE_INFINITY) - disconnected).toBeLessThan(100);
    expect(result.structuredContent?.error).toMatchObject({ kind: "abandoned" });
  });

  it("never aborts a write: it runs to the end and reports what the upstream said", async () => {
    const tool = seedCatalog("missive").byName.get("create_a_missive_shared_label");
    if (!tool) throw new Error("no tool");
    const upstream = stalledUpstream();
    const client = new AbortController();
    const call = executeToolCall(
      tool,
      { name: "Escalated", organization: "org-1" },
      context(upstream.fetchImpl, client.signal),
    );
    await new Promise((r) => setTimeout(r, 10));
    client.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(upstream.seen[0]?.abortedAt).toBeUndefined();
    upstream.seen[0]?.finish(
      Response.json({ shared_labels: [{ id: "l1", name: "Escalated" }] }, { status: 201 }),
    );
    const { result, upstream: leg } = await call;
    expect(result.isError).toBeUndefined();
    expect(leg?.status).toBe(201);
  });
});
