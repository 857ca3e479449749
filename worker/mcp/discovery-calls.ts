/**
 * Runs the discovery meta tools. `call_tool` goes through {@link runToolCall}, the function a
 * direct `tools/call` uses, so filters, argument validation, upstream errors, rate-limit state and
 * headers are the same in both modes; `get_tool_schema` and `call_tool` refuse a tool outside this
 * URL's filters exactly like a direct call of it (`Unknown tool: <name>`). `call_tool` is recorded
 * in the activity log as the tool it ran, by the same function.
 */
import * as z from "zod";
import { mapArguments } from "../tools/argument-mapping";
import { toolDefinition } from "../tools/definition";
import { type ToolResult, toolError, toolSuccess } from "../tools/result";
import { searchTools } from "../tools/search-index";
import {
  CALL_TOOL,
  DEFAULT_SEARCH_LIMIT,
  GET_TOOL_SCHEMA,
  MAX_SEARCH_LIMIT,
  META_TOOLS,
  type MetaTool,
  SEARCH_TOOLS,
} from "./discovery";
import type { McpRequestState } from "./server";
import { runToolCall, unknownTool } from "./tool-call";

/** The arguments of a search tool (discovery's and code mode's). */
export const SEARCH_ARGUMENTS = z.strictObject({
  query: z.string().min(1).max(500),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
});

const ARGS = {
  [SEARCH_TOOLS]: SEARCH_ARGUMENTS,
  [GET_TOOL_SCHEMA]: z.strictObject({ name: z.string().min(1) }),
  [CALL_TOOL]: z.strictObject({
    name: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()).optional(),
  }),
} as const;

type MetaName = keyof typeof ARGS;

/** True for the names of the three meta tools. */
export function isMetaTool(name: string): name is MetaName {
  return name in ARGS;
}

/**
 * The arguments of one of the gateway's own tools (`listed` in `tools/list`), or the
 * `invalid_arguments` tool error. They are listed in the URL's schema profile too: free-form values
 * may come as JSON text, and strict clients send null for what they leave out.
 */
export function parseOwnArguments<S extends z.ZodType>(
  state: McpRequestState,
  listed: readonly MetaTool[],
  name: string,
  schema: S,
  rawArgs: Record<string, unknown> | undefined,
): z.infer<S> | ToolResult {
  const meta = listed.find((t) => t.name === name);
  const mapped = meta ? mapArguments(rawArgs ?? {}, meta.inputSchema, state.schemaProfile) : (rawArgs ?? {});
  const parsed = schema.safeParse(mapped);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${i.path.join(".") || "(arguments)"}: ${i.message}`).join("; ");
  return toolError(`Invalid arguments for ${name}: ${why}`, { kind: "invalid_arguments" });
}

/** Runs one meta tool for this request's URL. */
export async function callMetaTool(
  state: McpRequestState,
  name: MetaName,
  rawArgs: Record<string, unknown> | undefined,
): Promise<ToolResult> {
  const parsed = parseOwnArguments(state, META_TOOLS, name, ARGS[name], rawArgs);
  if ("content" in parsed) return parsed;
  const args = parsed as Record<string, unknown>;
  switch (name) {
    case SEARCH_TOOLS: {
      await state.prepareSearch?.();
      const limit = typeof args.limit === "number" ? args.limit : DEFAULT_SEARCH_LIMIT;
      return toolSuccess({ result: searchTools(state.catalog, String(args.query), state.byName, limit) });
    }
    case GET_TOOL_SCHEMA: {
      const tool = state.byName.get(String(args.name));
      if (!tool) throw unknownTool(String(args.name));
      return toolSuccess({ result: toolDefinition(tool, state.schemaProfile) });
    }
    case CALL_TOOL:
      return runToolCall(state, String(args.name), args.arguments as Record<string, unknown> | undefined);
  }
}
