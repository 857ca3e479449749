/**
 * Discovery mode: instead of every tool, `tools/list` shows three meta tools — `search_tools`,
 * `get_tool_schema` and `call_tool` — so a big or budget-bound surface costs a conversation a few
 * hundred tokens. `call_tool` runs the named tool through the very same path as a direct
 * `tools/call` (filters, validation, upstream, errors, rate-limit state and headers).
 */
import type { JsonSchema } from "../integrations/schema";
import type { ToolAnnotations } from "../tools/build";

/** The names of the meta tools. */
export const SEARCH_TOOLS = "search_tools";
export const GET_TOOL_SCHEMA = "get_tool_schema";
export const CALL_TOOL = "call_tool";

/** Hits `search_tools` returns unless asked for another number. */
export const DEFAULT_SEARCH_LIMIT = 5;
/** Most hits `search_tools` returns. */
export const MAX_SEARCH_LIMIT = 20;

/** A meta tool as `tools/list` shows it. */
export interface MetaTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { type: "object"; properties: Record<string, JsonSchema> };
  annotations: ToolAnnotations;
}

/** The annotations of a gateway tool of its own that only reads. */
export const readOnly = (title: string): ToolAnnotations => ({
  title,
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/** The inputSchema of a search tool (discovery's and code mode's): a query in words and a hit count. */
export function searchInputSchema(query: string, hits: string): MetaTool["inputSchema"] {
  return {
    type: "object",
    properties: {
      query: { type: "string", minLength: 1, maxLength: 500, description: query },
      limit: {
        type: "integer",
        minimum: 1,
        maximum: MAX_SEARCH_LIMIT,
        description: `How many ${hits} to return (default ${DEFAULT_SEARCH_LIMIT}).`,
      },
    },
    required: ["query"],
    additionalProperties: false,
  };
}

/** The three meta tools of discovery mode, in `tools/list` order. */
export const META_TOOLS: readonly MetaTool[] = [
  {
    name: SEARCH_TOOLS,
    title: "Search tools",
    description: `Find this server's tools for a task, described in words. Returns the best matches as {name, title, summary}, best first. Then read one with ${GET_TOOL_SCHEMA} and run it with ${CALL_TOOL}.`,
    inputSchema: searchInputSchema(
      'What you want to do, e.g. "apply the urgent label to a conversation".',
      "tools",
    ),
    annotations: readOnly("Search tools"),
  },
  {
    name: GET_TOOL_SCHEMA,
    title: "Get a tool's schema",
    description: `The full description, inputSchema and annotations of one tool named by ${SEARCH_TOOLS}. Read it before ${CALL_TOOL}: it says which arguments are required and where ids come from.`,
    inputSchema: {
      type: "object",
      properties: { name: { type: "string", description: "Exact tool name from search_tools." } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: readOnly("Get a tool's schema"),
  },
  {
    name: CALL_TOOL,
    title: "Call a tool",
    description: `Run one tool by name with arguments matching its inputSchema (${GET_TOOL_SCHEMA}). Returns exactly what the tool returns, errors included. The tool's own annotations say whether it changes data: ask the user first where they would.`,
    inputSchema: {
      type: "object",
      properties: {
        name: { type: "string", description: "Exact tool name." },
        arguments: { type: "object", description: "The tool's arguments, per its inputSchema." },
      },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: {
      title: "Call a tool",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  },
];

/** Tools in a surface above which `auto` exposure switches to discovery (Cursor warns above 40). */
export const AUTO_MAX_TOOLS = 40;
/** `tools/list` tokens above which `auto` exposure switches to discovery. */
export const AUTO_MAX_TOKENS = 12_000;

/** How a server exposes its tools (`code`: worker/mcp/code-mode.ts). */
export type ToolExposure = "all" | "discovery" | "auto" | "code";

/** Resolves `auto` for a surface of `count` tools costing `tokens`; absent means `all`. */
export function effectiveExposure(
  setting: ToolExposure | undefined,
  count: number,
  tokens: number | (() => number),
): "all" | "discovery" | "code" {
  if (setting === "discovery" || setting === "code") return setting;
  if (setting !== "auto") return "all";
  // The token count is asked for only when the tool count alone does not decide (estimating 1,000
  // tools' tokens is a cost an isolate's first request should not pay for nothing).
  if (count > AUTO_MAX_TOOLS) return "discovery";
  return (typeof tokens === "function" ? tokens() : tokens) > AUTO_MAX_TOKENS ? "discovery" : "all";
}
