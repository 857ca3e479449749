/**
 * Verification with the official SDK v2 client: before anything is timed, each side must list the
 * seed article's six tools and answer the measured tool call, in both protocol eras. The load loop
 * uses raw POSTs; this proves those POSTs ask for what a real client asks for.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { type Era, type McpMethod, type ToolCall, verifyRaw } from "./mcp-requests.ts";
import type { Side } from "./sides.ts";
import type { BenchStack } from "./stack.ts";

/** The six Missive tools of the seed article, which both sides must expose. */
export const SEED_TOOLS = [
  "list_all_missive_contact_books",
  "list_all_missive_contacts",
  "create_a_missive_contact",
  "list_all_missive_shared_labels",
  "list_all_missive_conversations",
  "list_all_missive_conversation_comments",
] as const;

/** The tools of the gateway's six-tool URL (`SIX_TOOL_CONFIG` in stack.ts). */
export const SIX_TOOL_URL_TOOLS = [
  "list_all_missive_contact_books",
  "list_all_missive_contacts",
  "list_all_missive_contact_groups",
  "create_a_missive_contact",
  "list_all_missive_conversation_comments",
  "list_all_missive_users",
] as const;

/** What the SDK client saw. */
export interface Verification {
  era: Era;
  /** Protocol era the client ended up speaking. */
  negotiated: string;
  tools: number;
  ok: boolean;
  problem: string | null;
}

/**
 * Lists tools (every page) and calls one with the SDK client in the given era; never throws.
 * `expected` must all be listed; with `exact`, nothing else may be.
 */
export async function verifyWithSdk(
  url: string,
  era: Era,
  call: ToolCall,
  expected: readonly string[] = SEED_TOOLS,
  exact = false,
): Promise<Verification> {
  const versionNegotiation =
    era === "2026" ? { mode: { pin: "2026-07-28" as const } } : { mode: "legacy" as const };
  const client = new Client({ name: "edge-mcp-bench", version: "1.0.0" }, { versionNegotiation });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const names = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      for (const t of page.tools) names.add(t.name);
      cursor = page.nextCursor;
    } while (cursor);
    const missing = expected.filter((t) => !names.has(t));
    const extra = exact ? [...names].filter((t) => !expected.includes(t)) : [];
    const result = await client.callTool({ name: call.name, arguments: call.arguments });
    const problem =
      missing.length > 0
        ? `missing tools: ${missing.join(", ")}`
        : extra.length > 0
          ? `unexpected tools: ${extra.join(", ")}`
          : result.isError
            ? `tool call failed: ${JSON.stringify(result.content).slice(0, 200)}`
            : null;
    return {
      era,
      negotiated: String(client.getProtocolEra()),
      tools: names.size,
      ok: problem === null,
      problem,
    };
  } catch (e) {
    return {
      era,
      negotiated: "none",
      tools: 0,
      ok: false,
      problem: e instanceof Error ? e.message : String(e),
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** One side's SDK verification in one era. */
export type VerificationRow = Verification & { side: Side };
/** One raw request the load loop will send, checked fully once. */
export interface RawCheck {
  side: Side;
  era: Era;
  method: McpMethod;
  problem: string | null;
}

/** Verifies every side in both eras (SDK client and the raw requests the load will send). */
export async function verifyAll(
  stack: BenchStack,
  call: ToolCall,
  log: (line: string) => void,
): Promise<{ verification: VerificationRow[]; rawChecks: RawCheck[] }> {
  const urls: Array<[Side, string, readonly string[]]> = [
    ["edge-mcp", stack.gatewayMcpUrls[0] as string, SEED_TOOLS],
    ["edge-mcp (6 tools)", stack.gatewaySixToolUrls[0] as string, SIX_TOOL_URL_TOOLS],
    ["peer", stack.peerMcpUrl, SEED_TOOLS],
  ];
  const verification: VerificationRow[] = [];
  const rawChecks: RawCheck[] = [];
  for (const [side, url, expected] of urls) {
    for (const era of ["2026", "2025"] as const) {
      const v = await verifyWithSdk(url, era, call, expected, side.includes("6 tools") || side === "peer");
      verification.push({ ...v, side });
      if (!v.ok) log(`  ${side} ${era}: ${v.problem}`);
      for (const method of ["tools/list", "tools/call"] as const) {
        const problem = await verifyRaw(url, era, method, call);
        if (problem) log(`  ${side} ${era} ${method}: ${problem}`);
        rawChecks.push({ side, era, method, problem });
      }
    }
  }
  return { verification, rawChecks };
}
