// The demo accounts and MCP servers `npm start` provisions on the local stack, one per integration
// whose simulator it runs, each connected with that simulator's token.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { adminCall } from "./dev-stack.ts";

// biome-ignore lint/suspicious/noExplicitAny: admin API JSON, shape checked by the uses below.
type Json = any;

/** One integration's demo: its account, server, simulator token and a cheap read to probe it with. */
export interface DemoSpec {
  integration: string;
  /** Shown in the banner. */
  title: string;
  account: string;
  server: string;
  /** The simulator's accepted token. */
  token: string;
  /** A cheap read-only tool that needs no arguments. */
  probeTool: string;
  /** Name of the git-ignored file beside the state that keeps the demo URL. */
  stateFile: string;
  /** The `claude mcp add` name. */
  clientName: string;
}

/** The Missive demo (names kept from before Notion, so an existing local state is reused). */
export const MISSIVE_DEMO: DemoSpec = {
  integration: "missive",
  title: "Missive",
  account: "Demo Missive (simulator)",
  server: "Demo: all Missive tools",
  token: "missive_pat-simulator",
  probeTool: "list_all_missive_contact_books",
  stateFile: "edge-mcp-demo.json",
  clientName: "missive-demo",
};

/** The Notion demo. */
export const NOTION_DEMO: DemoSpec = {
  integration: "notion",
  title: "Notion",
  account: "Demo Notion (simulator)",
  server: "Demo: all Notion tools",
  token: "ntn_simulator",
  probeTool: "get_current_notion_user",
  stateFile: "edge-mcp-notion-demo.json",
  clientName: "notion-demo",
};

/** One JSON-RPC request on an MCP URL (2025-06-18, stateless); the parsed message and the raw text. */
export async function mcpRequest(
  url: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{ body: Json; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-06-18",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const text = await res.text();
  const json = text.startsWith("{") ? text : (text.match(/^data: (.*)$/m)?.[1] ?? "null");
  return { body: JSON.parse(json), text };
}

/**
 * One tool call on an MCP URL (by default the Missive demo's cheap read): its text, and the `kind`
 * of its tool error or null when it succeeded. `npm start` uses it to find a demo account whose
 * stored credentials the current CREDENTIALS_KEY cannot decrypt.
 */
export async function demoToolCall(
  url: string,
  tool = MISSIVE_DEMO.probeTool,
  args: Record<string, unknown> = {},
): Promise<{ kind: string | null; text: string }> {
  const { body, text } = await mcpRequest(url, "tools/call", { name: tool, arguments: args });
  const result = body?.result as { isError?: boolean; structuredContent?: Json } | undefined;
  const kind = result?.isError ? (result.structuredContent?.error?.kind ?? "unknown") : null;
  return { kind, text };
}

/**
 * Provisions a demo account and MCP server once. The raw URL token is never stored by the gateway,
 * so the local stack keeps the demo URL in a git-ignored file beside its state (`stateFile`) and
 * mints a new server only when that file or the server is gone. When the account's stored
 * credentials cannot be decrypted (`.dev.vars` got a new CREDENTIALS_KEY), they are rotated and
 * `rotated` says so.
 */
export async function provisionDemo(
  baseUrl: string,
  adminToken: string,
  stateFile: string,
  spec: DemoSpec = MISSIVE_DEMO,
): Promise<{ account: Json; server: Json; url: string; reused: boolean; rotated: boolean }> {
  const accounts = await adminCall(baseUrl, adminToken, "GET", "/integrated-account?limit=100");
  let account = accounts.result.find((a: Json) => a.name === spec.account);
  account ??= await adminCall(baseUrl, adminToken, "POST", "/integrated-account", {
    integration: spec.integration,
    name: spec.account,
    credentials: { api_token: spec.token },
  });
  const saved = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : null;
  const servers = await adminCall(
    baseUrl,
    adminToken,
    "GET",
    `/integrated-account/${account.id}/mcp?limit=100`,
  );
  let server = servers.result.find((s: Json) => s.name === spec.server && saved?.server_id === s.id);
  let path: string | undefined = server && saved?.path;
  const reused = path !== undefined;
  if (!reused) {
    for (const stale of servers.result.filter((s: Json) => s.name === spec.server)) {
      await adminCall(baseUrl, adminToken, "DELETE", `/integrated-account/${account.id}/mcp/${stale.id}`);
    }
    server = await adminCall(baseUrl, adminToken, "POST", `/integrated-account/${account.id}/mcp`, {
      name: spec.server,
      config: {},
    });
    path = new URL(server.url).pathname;
    writeFileSync(stateFile, JSON.stringify({ server_id: server.id, path }), { mode: 0o600 });
  }
  const url = `${baseUrl}${path}`;
  let rotated = false;
  if ((await demoToolCall(url, spec.probeTool)).kind === "credentials_unreadable") {
    await adminCall(baseUrl, adminToken, "PATCH", `/integrated-account/${account.id}`, {
      credentials: { api_token: spec.token },
    });
    rotated = true;
  }
  return { account, server, url, reused, rotated };
}
