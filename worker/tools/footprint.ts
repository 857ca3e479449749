/**
 * A server's footprint: what its tool surface costs a conversation, and which client limits it
 * crosses. Token counts are the calibrated o200k estimate of each tool's `tools/list` entry
 * (worker/integrations/tokens.ts: integrations are imported at runtime, and the real tokenizer does
 * not fit in the Worker), computed once per tool. Limits are the ones clients are known to enforce
 * (docs/clients.md).
 */
import type { Footprint, FootprintWarning } from "../admin/views";
import { estimateTokens } from "../integrations/tokens";
import { codeTools, DEFAULT_RUN_LIMITS } from "../mcp/code-mode";
import { effectiveExposure, META_TOOLS, type ToolExposure } from "../mcp/discovery";
import type { GatewayTool } from "./build";
import { toolDefinition } from "./definition";
import { DEFAULT_SCHEMA_PROFILE, profileMemo, SCHEMA_PROFILES, type SchemaProfile } from "./schema-profiles";

export type { Footprint, FootprintWarning };

/** Known client limits (see docs/clients.md for sources). */
export const CLIENT_LIMITS = {
  chatgptToolTokens: 5_000,
  chatgptTotalTokens: 16_000,
  cursorTools: 40,
  claudeSchemaBytes: 16_384,
  claudeTools: 256,
} as const;

const perTool = profileMemo<GatewayTool, number>();

/** Estimated o200k tokens of one tool's `tools/list` entry under a profile (computed once per tool and profile). */
export function toolTokens(tool: GatewayTool, profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE): number {
  return perTool(tool, profile, () => estimateTokens(JSON.stringify(toolDefinition(tool, profile))));
}

/** Estimated o200k tokens of the discovery meta tools' entries together, per profile. */
export const META_TOOL_TOKENS_BY_PROFILE: Readonly<Record<SchemaProfile, number>> = Object.fromEntries(
  SCHEMA_PROFILES.map((p) => [
    p,
    META_TOOLS.reduce((n, t) => n + estimateTokens(JSON.stringify(toolDefinition(t, p))), 0),
  ]),
) as Record<SchemaProfile, number>;

/** Estimated o200k tokens of code mode's two tools together (default limits), per profile. */
export const CODE_TOOL_TOKENS_BY_PROFILE: Readonly<Record<SchemaProfile, number>> = Object.fromEntries(
  SCHEMA_PROFILES.map((p) => [
    p,
    codeTools(DEFAULT_RUN_LIMITS).reduce(
      (n, t) => n + estimateTokens(JSON.stringify(toolDefinition(t, p))),
      0,
    ),
  ]),
) as Record<SchemaProfile, number>;

/** Estimated o200k tokens of the discovery meta tools' entries together (default profile). */
export const META_TOOL_TOKENS = META_TOOL_TOKENS_BY_PROFILE[DEFAULT_SCHEMA_PROFILE];

const surfaces = profileMemo<readonly GatewayTool[], number>();

/** Sum of the tools' tokens (kept per tool list and profile: a URL's filtered list is the same array every request). */
export function surfaceTokens(
  tools: readonly GatewayTool[],
  profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE,
): number {
  return surfaces(tools, profile, () => tools.reduce((n, t) => n + toolTokens(t, profile), 0));
}

const schemaBytes = (t: GatewayTool, profile: SchemaProfile) =>
  new TextEncoder().encode(JSON.stringify(toolDefinition(t, profile).inputSchema)).length;

/** The footprint of a filtered tool set under an exposure setting and a schema profile. */
export function footprint(
  tools: readonly GatewayTool[],
  setting: ToolExposure | undefined,
  schemaProfile: SchemaProfile = DEFAULT_SCHEMA_PROFILE,
): Footprint {
  const perTool = Object.fromEntries(tools.map((t) => [t.name, toolTokens(t, schemaProfile)]));
  const total = Object.values(perTool).reduce((a, b) => a + b, 0);
  const exposure = setting ?? "all";
  const effective = effectiveExposure(exposure, tools.length, total);
  const listed =
    effective === "discovery"
      ? { tool_count: META_TOOLS.length, tokens: META_TOOL_TOKENS_BY_PROFILE[schemaProfile] }
      : effective === "code"
        ? { tool_count: 2, tokens: CODE_TOOL_TOKENS_BY_PROFILE[schemaProfile] }
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
      const bytes = schemaBytes(t, schemaProfile);
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
    schema_profile: schemaProfile,
    tokens_total: total,
    tokens_by_profile: {
      portable: surfaceTokens(tools, "portable"),
      openai_strict: surfaceTokens(tools, "openai_strict"),
      full: surfaceTokens(tools, "full"),
    },
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
