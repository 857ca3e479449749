/**
 * Raw MCP requests for the load loop: one POST per request with the headers each protocol era
 * requires, so the client side costs the same for edge-mcp and the peer. Responses are checked
 * cheaply on every request and parsed fully by {@link checkResponse} when verifying.
 */
import type { Shot } from "./load.ts";

/** The protocol eras the bench speaks: stateless 2026-07-28, and a 2025-era Streamable HTTP client. */
export type Era = "2026" | "2025";
/** The two MCP methods measured. */
export type McpMethod = "tools/list" | "tools/call";

/** Protocol version sent by the 2026-era requests. */
export const MODERN_VERSION = "2026-07-28";
/** Protocol version sent by the 2025-era requests (what current 2025 clients negotiate). */
export const LEGACY_VERSION = "2025-11-25";

/** The tool call the bench measures. */
export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** Headers and body of one MCP POST. */
export interface McpPost {
  headers: Record<string, string>;
  body: string;
}

/**
 * Sent with every request the bench measures: no compressed answers. Under `wrangler dev`, miniflare
 * emulates Cloudflare's edge compression inside the Worker's own workerd (gzip for
 * `application/json`, never for `text/event-stream`), so a Worker answering JSON would pay, in
 * latency and in its process's CPU, work that in production the edge does outside the Worker. The
 * emulation does not fall alike on the sides: the gateway answers JSON in both eras, the peer's
 * 2025-era answers are SSE (bench/README.md, Method).
 */
export const IDENTITY_ENCODING = { "accept-encoding": "identity" } as const;

/** Builds the POST for one MCP request of an era. */
export function mcpPost(era: Era, method: McpMethod, call?: ToolCall, id = 1): McpPost {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...IDENTITY_ENCODING,
  };
  const params: Record<string, unknown> = method === "tools/call" && call ? { ...call } : {};
  if (era === "2026") {
    headers["mcp-protocol-version"] = MODERN_VERSION;
    headers["mcp-method"] = method;
    if (method === "tools/call" && call) headers["mcp-name"] = call.name;
    params._meta = {
      "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
      "io.modelcontextprotocol/clientCapabilities": {},
      "io.modelcontextprotocol/clientInfo": { name: "edge-mcp-bench", version: "1.0.0" },
    };
  } else {
    headers["mcp-protocol-version"] = LEGACY_VERSION;
  }
  return { headers, body: JSON.stringify({ jsonrpc: "2.0", id, method, params }) };
}

/** The JSON-RPC messages in a response body (plain JSON, or the `data:` lines of an SSE body). */
export function jsonRpcMessages(text: string): unknown[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return [JSON.parse(trimmed)];
  const out: unknown[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).trimStart())
      .join("\n");
    if (data) out.push(JSON.parse(data));
  }
  return out;
}

/** Fully checks one response: a JSON-RPC result (not an error), and for a tool call not `isError`. */
export function checkResponse(method: McpMethod, status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  const messages = jsonRpcMessages(text);
  const last = messages[messages.length - 1] as { result?: Record<string, unknown>; error?: unknown };
  if (!last || last.error !== undefined || !last.result) return `JSON-RPC error: ${text.slice(0, 200)}`;
  if (method === "tools/list" && !Array.isArray(last.result.tools)) return "tools/list result has no tools";
  if (method === "tools/call" && last.result.isError === true) return `tool error: ${text.slice(0, 200)}`;
  return null;
}

/**
 * A load-loop request against an MCP URL (or a pool of URLs of the same server config, used in
 * turn); each response is checked cheaply (status and error markers).
 */
export function mcpShot(
  urls: string | readonly string[],
  era: Era,
  method: McpMethod,
  call?: ToolCall,
): Shot {
  const post = mcpPost(era, method, call);
  const pool = typeof urls === "string" ? [urls] : urls;
  let next = 0;
  return async () => {
    const url = pool[next++ % pool.length] as string;
    const res = await fetch(url, { method: "POST", headers: post.headers, body: post.body });
    const text = await res.text();
    if (res.status !== 200) return `HTTP ${res.status}: ${text.slice(0, 200)}`;
    if (text.includes('"isError":true') || /"error":\{"code"/.test(text))
      return `error: ${text.slice(0, 200)}`;
    return null;
  };
}

/** A load-loop request straight to the upstream (the simulator), as a Worker's `fetch` would send it. */
export function directShot(url: string, bearer: string): Shot {
  return async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}`, ...IDENTITY_ENCODING } });
    const text = await res.text();
    return res.ok ? null : `HTTP ${res.status}: ${text.slice(0, 200)}`;
  };
}

/** Sends one MCP request and checks it fully; returns the failure reason or null. */
export async function verifyRaw(
  url: string,
  era: Era,
  method: McpMethod,
  call?: ToolCall,
): Promise<string | null> {
  const post = mcpPost(era, method, call);
  const res = await fetch(url, { method: "POST", headers: post.headers, body: post.body });
  return checkResponse(method, res.status, await res.text());
}
