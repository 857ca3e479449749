/**
 * The SDK handler exactly as worker/mcp/dispatch.ts builds it (module-private there), so the
 * harness can drive synthetic tool sets through the real `buildServer`, and a listing of every page
 * of `tools/list` (registry growth, and `npm run bench:github`). Keep the options in step with
 * dispatch.ts.
 */
import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { mcpPost } from "../lib/mcp-requests.ts";
import type { GatewayToolLike, RequestStateLike, WorkerModules } from "./modules.ts";

/** Builds the gateway's SDK handler; the per-request state travels in `authInfo.extra.state`. */
export function gatewayHandler(m: WorkerModules): McpHttpHandler {
  return createMcpHandler((ctx) => m.server.buildServer(ctx.authInfo?.extra?.state as RequestStateLike), {
    legacy: "stateless",
    responseMode: "auto",
    maxRequestBodySize: m.dispatch.MAX_MCP_BODY_BYTES,
  });
}

/** The per-request state of a URL listing `tools` (what `requestState()` builds; never called upstream). */
export function listState(
  integration: string,
  tools: readonly GatewayToolLike[],
  byName: ReadonlyMap<string, GatewayToolLike> = new Map(tools.map((t) => [t.name, t])),
): RequestStateLike {
  return {
    serverName: `${integration} via edge-mcp`,
    integration,
    exposure: "all",
    schemaProfile: "portable",
    tools,
    byName,
    callContext: async () => {
      throw new Error("not called");
    },
    // Our per-URL limit admits every page here; its binding's cost is the probe's (bench/probe).
    admit: async () => null,
  };
}

/**
 * Dispatches one parsed request with a given state and drains the response body as bytes (what a
 * Worker hands the runtime; decoding it to a string is the client's cost, not the server's).
 */
export async function dispatchWith(
  handler: McpHttpHandler,
  request: Request,
  parsedBody: unknown,
  state: RequestStateLike,
): Promise<ArrayBuffer> {
  const res = await handler.fetch(request, {
    parsedBody,
    authInfo: { token: "url-token", clientId: "mcp_bench", scopes: [], extra: { state } },
  });
  return res.arrayBuffer();
}

/** A 2026-07-28 `tools/list` request of one page, as a client sends it, and its parsed body. */
export interface PageRequest {
  request: Request;
  parsed: { id: string | number; params: Record<string, unknown> };
}

/** Builds a page request (outside any timed region: a Worker receives it ready-made). */
export function pageRequest(cursor?: string): PageRequest {
  const post = mcpPost("2026", "tools/list");
  const parsed = JSON.parse(post.body) as PageRequest["parsed"];
  if (cursor) parsed.params.cursor = cursor;
  const request = new Request("https://bench.invalid/mcp/x", {
    method: "POST",
    headers: post.headers,
    body: JSON.stringify(parsed),
  });
  return { request, parsed };
}

/** What a listing that follows `nextCursor` to the end saw. */
export interface Listing {
  names: string[];
  /** Each page's cursor (undefined for the first). */
  cursors: Array<string | undefined>;
  bytes: number;
  largestPageTools: number;
  largestPageBytes: number;
}

/** Lists every page through `serve`, following `nextCursor`. */
export async function listAllPages(serve: (page: PageRequest) => Promise<ArrayBuffer>): Promise<Listing> {
  const out: Listing = { names: [], cursors: [], bytes: 0, largestPageTools: 0, largestPageBytes: 0 };
  let cursor: string | undefined;
  do {
    out.cursors.push(cursor);
    const body = await serve(pageRequest(cursor));
    out.bytes += body.byteLength;
    out.largestPageBytes = Math.max(out.largestPageBytes, body.byteLength);
    const { result } = JSON.parse(new TextDecoder().decode(body)) as {
      result: { tools: Array<{ name: string }>; nextCursor?: string };
    };
    out.names.push(...result.tools.map((t) => t.name));
    out.largestPageTools = Math.max(out.largestPageTools, result.tools.length);
    cursor = result.nextCursor;
  } while (cursor);
  return out;
}
