/**
 * Executes one `tools/call` against the upstream: validate the arguments against the tool's own
 * `inputSchema`, decode the cursor, split the arguments, send exactly one upstream request, and
 * normalize what came back.
 */
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/server/validators/cf-worker";
import type { Integration } from "../integrations/schema";
import { mapArguments } from "../tools/argument-mapping";
import { unknownArgumentsMessage } from "../tools/argument-names";
import type { GatewayTool } from "../tools/build";
import { CURSOR_ARG, LIMIT_ARG } from "../tools/build";
import { CursorError, type CursorState, decodeCursor, pageBody, pageQuery } from "../tools/cursor";
import type { RateLimitState } from "../tools/rate-limit";
import { ArgumentError, buildUpstreamCall } from "../tools/request";
import { type ToolResult, toolError, toToolResult } from "../tools/result";
import { DEFAULT_SCHEMA_PROFILE, type SchemaProfile } from "../tools/schema-profiles";
import { sendUpstream } from "../upstream/client";

type Validate = (input: unknown) => { valid: boolean; errorMessage?: string | undefined };
const validator = new CfWorkerJsonSchemaValidator();
const validators = new WeakMap<GatewayTool, Validate>();

/** The compiled argument validator of a tool, built once per isolate. */
function validatorFor(tool: GatewayTool): Validate {
  let v = validators.get(tool);
  if (!v) {
    v = validator.getValidator(tool.inputSchema) as Validate;
    validators.set(tool, v);
  }
  return v;
}

/** Where and as whom the call goes upstream. */
export interface CallContext {
  integration: Integration;
  baseUrl: string;
  bearer: string;
  now: () => number;
  /** Upstream timeout for this call (ms). */
  timeoutMs: number;
  /** Bound on the result's JSON text (characters). */
  maxResultChars: number;
  fetchImpl?: typeof fetch;
  /** The client's request signal: a read is abandoned when the client goes away (a write never is). */
  clientSignal?: AbortSignal | undefined;
  /** The `traceparent` to send upstream (the client's trace, our span). */
  traceparent?: string | undefined;
  /**
   * A fresh context after the upstream answered 401 to `bearer` (an OAuth account: one refresh,
   * shared with concurrent calls); absent when there is nothing to renew.
   */
  renew?: () => Promise<CallContext | ToolResult>;
}

/** What a call did: its result, the upstream's rate-limit state, and (when it went out) the upstream leg. */
export interface ExecutedCall {
  result: ToolResult;
  rateLimit: RateLimitState | null;
  /** Absent when the call never left the gateway (invalid arguments or cursor). */
  upstream?: { status: number | null; ms: number };
}

/**
 * Runs a tool call; never throws for upstream or argument problems (they are `isError` results).
 * Arguments written against the URL's schema profile are first mapped back to the documented schema
 * (worker/tools/argument-mapping.ts), which they are then validated against.
 */
export async function executeToolCall(
  tool: GatewayTool,
  rawArgs: Record<string, unknown> | undefined,
  ctx: CallContext,
  profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE,
): Promise<ExecutedCall> {
  const args = mapArguments(rawArgs ?? {}, tool.inputSchema, profile);
  const unknown = unknownArgumentsMessage(tool.name, args, tool.inputSchema.properties);
  if (unknown) return { result: toolError(unknown, { kind: "invalid_arguments" }), rateLimit: null };
  const check = validatorFor(tool)(args);
  if (!check.valid) {
    return {
      result: toolError(`Invalid arguments for ${tool.name}: ${check.errorMessage ?? "schema mismatch"}`, {
        kind: "invalid_arguments",
      }),
      rateLimit: null,
    };
  }
  const { [LIMIT_ARG]: limitArg, [CURSOR_ARG]: cursorArg, ...rest } = args;
  let page: { limit: number; state: CursorState | undefined } | undefined;
  let extraQuery: Record<string, string> = {};
  let extraBody: Record<string, unknown> = {};
  const pagination = tool.record.pagination;
  if (pagination) {
    let state: CursorState | undefined;
    try {
      state =
        typeof cursorArg === "string" && cursorArg !== "" ? decodeCursor(tool.name, cursorArg) : undefined;
    } catch (e) {
      if (e instanceof CursorError)
        return { result: toolError(e.message, { kind: "invalid_cursor" }), rateLimit: null };
      throw e;
    }
    const limit = typeof limitArg === "number" ? limitArg : pagination.limit.default;
    page = { limit, state };
    extraQuery = pageQuery(pagination, limit, state);
    extraBody = pageBody(pagination, limit, state);
  }
  let call: ReturnType<typeof buildUpstreamCall>;
  try {
    call = buildUpstreamCall(tool, pagination ? rest : args, extraQuery, extraBody);
  } catch (e) {
    if (e instanceof ArgumentError)
      return {
        result: toolError(`Invalid arguments for ${tool.name}: ${e.message}`, { kind: "invalid_arguments" }),
        rateLimit: null,
      };
    throw e;
  }
  const t0 = performance.now();
  const outcome = await sendUpstream(call, {
    baseUrl: ctx.baseUrl,
    headers: ctx.integration.static_headers,
    bearer: ctx.bearer,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.fetchImpl ? { fetchImpl: ctx.fetchImpl } : {}),
    ...(ctx.clientSignal && tool.access === "read" ? { clientSignal: ctx.clientSignal } : {}),
    ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
  });
  const upstream = {
    status: outcome.kind === "response" ? outcome.status : null,
    ms: performance.now() - t0,
  };
  return { ...toToolResult(tool, ctx.integration, outcome, page, ctx.now(), ctx.maxResultChars), upstream };
}
