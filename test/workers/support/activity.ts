/** Reading the activity records the gateway wrote to the real D1 binding (`ACTIVITY`). */
import { env } from "cloudflare:workers";
import { Client, SSEClientTransport } from "@modelcontextprotocol/client";
import type { CallRow } from "../../../worker/activity/record";
import { connectClient, workerFetch } from "./gateway";

/**
 * The records of a server, oldest first, once at least `count` exist. Records are written after
 * the response (`waitUntil`), so this polls for a bounded time.
 */
export async function recordsOf(serverId: string, count: number, timeoutMs = 5_000): Promise<CallRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { results } = await env.ACTIVITY.prepare(
      "SELECT * FROM tool_calls WHERE server_id = ? ORDER BY ts, rowid",
    )
      .bind(serverId)
      .all<CallRow>();
    if (results.length >= count || Date.now() > deadline) return results;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits a little and returns every record of a server (for asserting that nothing more was written). */
export async function settledRecordsOf(serverId: string, waitMs = 300): Promise<CallRow[]> {
  await new Promise((r) => setTimeout(r, waitMs));
  return recordsOf(serverId, 0, 0);
}

/** The three ways a call reaches the gateway, with what their records must say. */
export const TRANSPORTS = [
  { name: "2026 stateless", era: "2026", transport: "streamable_http", version: "2026-07-28" },
  { name: "2025 Streamable HTTP", era: "2025", transport: "streamable_http", version: "2025-11-25" },
  // The SDK v2 client negotiates its newest 2025 revision on the legacy transport too.
  { name: "HTTP+SSE", era: "2025", transport: "http_sse", version: "2025-11-25" },
] as const;
export type Way = (typeof TRANSPORTS)[number];

/** The clientInfo our test clients send (the same as connectClient's). */
export const CLIENT = { name: "edge-mcp-tests", version: "1.0.0" };

/** A connected SDK v2 client on the transport. */
export async function connectOn(url: string, way: Way, headers?: Record<string, string>): Promise<Client> {
  if (way.transport === "http_sse") {
    const client = new Client(CLIENT, { versionNegotiation: { mode: "legacy" } });
    const init = headers ? { requestInit: { headers } } : {};
    const fetchWith = (u: string | URL, i?: RequestInit) =>
      workerFetch(u, {
        ...i,
        headers: { ...(headers ?? {}), ...Object.fromEntries(new Headers(i?.headers)) },
      });
    await client.connect(
      new SSEClientTransport(new URL(`${url}/sse`), {
        fetch: fetchWith,
        eventSourceInit: { fetch: fetchWith },
        ...init,
      }),
    );
    return client;
  }
  const client = await connectClient(url, way.era === "2026" ? "modern" : "legacy", headers);
  return client;
}
