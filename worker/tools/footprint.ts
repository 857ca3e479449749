/**
 * A server's footprint: what its tool surface costs a conversation, and which client limits it
 * crosses. Token counts come from the table scripts/gen-registry.ts measured with a real tokenizer
 * (docs-registry/tool-tokens.ts): the Worker sums, it never tokenizes. Limits are the ones clients
 * are known to enforce (docs/clients.md).
 */
import { META_TOOL_TOKENS, TOOL_TOKENS } from "../../docs-registry/tool-tokens";
import { effectiveExposure, META_TOOLS, type ToolExposure } from "../mcp/discovery";
import type { GatewayTool } from "./build";

/** One client limit the surface crosses. */
export interface FootprintWarning {
  client: string;
  limit: string;
  message: string;
}

/** The surface of a server: counts, tokens, exposure, warnings. */
export interface Footprint {
  tool_count: number;
  /** o200k_base tokens of all the filtered tools' `tools/list` entries. */
  tokens_total: number;
  tokens_per_tool: Record<string, number>;
  /** The config's setting (absent = `all`) and what it resolves to for this surface. */
  exposure: ToolExposure;
  effective_exposure: "all" | "discovery";
  /** What `tools/list` actually shows under the effective exposure. */
  listed: { tool_count: number; tokens: number };
  warnings: FootprintWarning[];
  /** Set when a limit is crossed and exposure `auto` would avoid it. */
  suggestion?: string;
}

/** Known client limits (see docs/clients.md for sources). */
export const CLIENT_LIMITS = {
  chatgptToolTokens: 5_000,
  chatgptTotalTokens: 16_000,
  cursorTools: 40,
  claudeSchemaBytes: 16_384,
  claudeTools: 256,
} as const;

/** Tokens of one tool's `tools/list` entry (0 when the table predates the tool: regenerate it). */
export function toolTokens(integration: string, tool: string): number {
  return TOOL_TOKENS[integration]?.[tool] ?? 0;
}

/** Sum of the tools' tokens. */
export function surfaceTokens(integration: string, tools: readonly GatewayTool[]): number {
  let n = 0;
  for (const t of tools) n += toolTokens(integration, t.name);
  return n;
}

const schemaBytes = (t: GatewayTool) => new TextEncoder().encode(JSON.stringify(t.inputSchema)).length;

/** The footprint of a filtered tool set under an exposure setting. */
export function footprint(
  integration: string,
  tools: readonly GatewayTool[],
  setting: ToolExposure | undefined,
): Footprint {
  const perTool = Object.fromEntries(tools.map((t) => [t.name, toolTokens(integration, t.name)]));
  const total = Object.values(perTool).reduce((a, b) => a + b, 0);
  const exposure = setting ?? "all";
  const effective = effectiveExposure(exposure, tools.length, total);
  const listed =
    effective === "discovery"
      ? { tool_count: META_TOOLS.length, tokens: META_TOOL_TOKENS }
      : { tool_count: tools.length, tokens: total };
  const warnings: FootprintWarning[] = [];
  if (effective === "all") {
    for (const t of tools) {
      if ((perTool[t.name] ?? 0) > CLIENT_LIMITS.chatgptToolTokens)
        warnings.push({
          client: "ChatGPT",
          limit: "~5,000 tokens per tool",
          message: `${t.name} is ${perTool[t.name]} tokens; ChatGPT's scanner budgets about 5,000 per tool.`,
        });
      const bytes = schemaBytes(t);
      if (bytes > CLIENT_LIMITS.claudeSchemaBytes)
        warnings.push({
          client: "Claude",
          limit: "16,384-byte inputSchema",
          message: `${t.name}'s inputSchema is ${bytes} bytes; Claude silently drops tools above 16,384.`,
        });
    }
    if (total > CLIENT_LIMITS.chatgptTotalTokens)
      warnings.push({
        client: "ChatGPT",
        limit: "~16,000 tokens for all tools",
        message: `All ${tools.length} tools are ${total} tokens; ChatGPT's scanner budgets about 16,000 in total.`,
      });
    if (tools.length > CLIENT_LIMITS.cursorTools)
      warnings.push({
        client: "Cursor",
        limit: "40 tools",
        message: `${tools.length} tools; Cursor warns above 40.`,
      });
    if (tools.length > CLIENT_LIMITS.claudeTools)
      warnings.push({
        client: "Claude",
        limit: "256 tools per connector",
        message: `${tools.length} tools; Claude shows at most 256 per connector.`,
      });
  }
  const fp: Footprint = {
    tool_count: tools.length,
    tokens_total: total,
    tokens_per_tool: perTool,
    exposure,
    effective_exposure: effective,
    listed,
    warnings,
  };
  if (warnings.length > 0 && exposure === "all")
    fp.suggestion =
      'Set config.tool_exposure to "auto" (discovery above 40 tools or 12,000 tokens), or narrow the filters.';
  return fp;
}
