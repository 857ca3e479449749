/** Helpers for e2e tests: admin calls, simulator control, and the official MCP clients over HTTP. */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { inject } from "vitest";

/** The running stack. */
export const stack = () => inject("stack");

/** Calls the gateway's admin API. */
export async function admin<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${stack().gateway}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack().adminToken}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : null,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A fresh Missive account (simulator token) and an MCP server on it; returns the MCP URL. */
export async function newServer(config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const account = await admin<{ id: string }>("POST", "/integrated-account", {
    integration: "missive",
    name: "e2e",
    credentials: { api_token: "missive_pat-simulator" },
  });
  const server = await admin<{ id: string; url: string }>("POST", `/integrated-account/${account.id}/mcp`, {
    name: "e2e server",
    config,
    ...extra,
  });
  return { accountId: account.id, serverId: server.id, url: server.url };
}

/** Calls the simulator's test-only control API (`/__simulator/*`). */
export async function simulator<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack().simulator}/__simulator/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : null,
  });
  return (await res.json()) as T;
}

/** Calls the simulator's Missive API directly, as the primary seeded user. */
export async function missive<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await fetch(`${stack().simulator}/v1${path}`, {
    headers: { authorization: "Bearer missive_pat-simulator" },
  });
  if (!res.ok) throw new Error(`simulator ${path} → ${res.status}`);
  return (await res.json()) as T;
}

/** An SDK v2 client over real HTTP in the given negotiation mode. */
export async function v2Client(url: string, mode: "legacy" | "auto" | "modern"): Promise<Client> {
  const versionNegotiation = mode === "modern" ? { mode: { pin: "2026-07-28" as const } } : { mode };
  const client = new Client({ name: "edge-mcp-e2e", version: "1.0.0" }, { versionNegotiation });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
