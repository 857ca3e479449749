/**
 * One tool call through the gateway, shared by `tools/call` and discovery's `call_tool`: find the
 * tool among this URL's filtered set, resolve the account, call the upstream, and record the call
 * (worker/activity/record.ts) whatever happened — refusals included.
 */
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { type CallFacts, recordToolCall, stopwatch } from "../activity/record";
import type { ToolResult } from "../tools/result";
import { executeToolCall } from "./call";
import { type GatewayRateLimited, refusalRateLimitState, refusedToolResult } from "./limit";
import type { McpRequestState } from "./server";

/**
 * The JSON-RPC error for a tool this URL does not offer (never existed, outside its filters, or gone
 * from the integration's published version): the name is echoed at most {@link MAX_ECHOED_NAME}
 * characters, and the model is told to list the tools again, since they may have changed.
 */
export function unknownTool(name: string): ProtocolError {
  const shown = name.length > MAX_ECHOED_NAME ? `${name.slice(0, MAX_ECHOED_NAME)}…` : name;
  return new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Unknown tool: ${shown}. This server does not offer it (its tools may have changed): list the tools again.`,
  );
}

/** Longest tool name an error repeats back. */
const MAX_ECHOED_NAME = 200;

/**
 * The admission step of the tool-call path: one unit of the URL's budget per call, whichever
 * transport or batch carried it. Returns the typed refusal (to record, and to answer with
 * `refusedToolResult`) or null when the call may go upstream.
 */
export async function admitToolCall(state: McpRequestState): Promise<GatewayRateLimited | null> {
  const refused = await state.admit();
  if (refused) {
    state.refused = refused;
    state.rateLimit = refusalRateLimitState(refused);
  }
  return refused;
}

/**
 * Runs the tool `name` for this request. A tool outside the URL's filters (or unknown) throws the
 * JSON-RPC "Unknown tool" error; everything else is a tool result.
 */
export async function runToolCall(
  state: McpRequestState,
  name: string,
  args: Record<string, unknown> | undefined,
): Promise<ToolResult> {
  const watch = stopwatch();
  // `Object.hasOwn`-safe: the set is a Map, so `constructor` or `__proto__` are names like any other.
  // Either the canonical or the listed (short) name finds the tool; activity records the canonical one.
  const tool = state.byName.get(name);
  const record = (facts: Omit<CallFacts, "tool" | "started_at" | "duration_ms" | "arguments">) => {
    if (state.site)
      recordToolCall(state.site, {
        tool: tool?.name ?? name,
        started_at: watch.started_at,
        duration_ms: watch.elapsed(),
        arguments: args ?? {},
        ...facts,
      });
  };
  if (!tool) {
    // Every call takes a unit of the URL's budget, unknown ones too: guessing names is work as well.
    const refused = await admitToolCall(state);
    if (refused) {
      const result = refusedToolResult(refused);
      record({ result, refusal_reason: "rate_limit" });
      return result;
    }
    // A tool outside this URL's filters is indistinguishable from one that does not exist, to the caller.
    record({ outcome: "unknown_tool", refusal_reason: state.inCatalog?.(name) ? "filter" : null });
    throw unknownTool(name);
  }
  state.toolCalled = true;
  // Our per-URL limit takes one unit per call; it and the credentials are independent round trips.
  const [refused, ctx] = await Promise.all([admitToolCall(state), state.callContext()]);
  if (refused) {
    const result = refusedToolResult(refused);
    record({ result, refusal_reason: "rate_limit" });
    return result;
  }
  if ("content" in ctx) {
    record({ result: ctx, refusal_reason: null });
    return ctx;
  }
  let executed = await executeToolCall(tool, args, ctx, state.schemaProfile);
  if (executed.upstream?.status === 401 && ctx.renew) {
    // Not a retry: a 401 means nothing was executed. One refresh, one replay, whatever comes back.
    const renewed = await ctx.renew();
    if ("content" in renewed) {
      record({ result: renewed, upstream_status: 401, upstream_ms: executed.upstream.ms });
      return renewed;
    }
    executed = await executeToolCall(tool, args, renewed, state.schemaProfile);
  }
  const { result, rateLimit, upstream } = executed;
  state.rateLimit = rateLimit;
  record({
    result,
    rate_limit: rateLimit,
    upstream_status: upstream?.status ?? null,
    upstream_ms: upstream?.ms ?? null,
  });
  return result;
}
