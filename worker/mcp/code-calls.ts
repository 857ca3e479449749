/**
 * Runs code mode's two tools. `run_program` takes a unit of the URL's run budget and runs the
 * program in a sandbox (worker/mcp/sandbox.ts) whose every function call comes
 * back here and goes through {@link runToolCall}, the path of a direct `tools/call`: the URL's
 * filters, one unit of its limit, the account's credentials, rate-limit state, and one activity
 * record carrying this request's id. A program reaches nothing else.
 */
import { ProtocolError } from "@modelcontextprotocol/server";
import * as z from "zod";
import { recordToolCall, stopwatch } from "../activity/record";
import { log } from "../log";
import { cutJson, prepareProgram } from "../tools/program";
import { type ToolResult, toolError, toolSuccess } from "../tools/result";
import { searchTools } from "../tools/search-index";
import { functionSignature } from "../tools/signatures";
import {
  type CodeRuntime,
  codeTools,
  LOADER_MISSING_HINT,
  MAX_PROGRAM_CHARS,
  RUN_PROGRAM,
  type RunLimits,
  SEARCH_FUNCTIONS,
} from "./code-mode";
import { DEFAULT_SEARCH_LIMIT } from "./discovery";
import { parseOwnArguments, SEARCH_ARGUMENTS } from "./discovery-calls";
import { refusalRateLimitState } from "./limit";
import { type CallAnswer, CallHost, type RunOutcome, runInSandbox } from "./sandbox";
import type { McpRequestState } from "./server";
import { runToolCall } from "./tool-call";

const ARGS = {
  [SEARCH_FUNCTIONS]: SEARCH_ARGUMENTS,
  [RUN_PROGRAM]: z.strictObject({ code: z.string().min(1).max(MAX_PROGRAM_CHARS) }),
} as const;

type CodeToolName = keyof typeof ARGS;

/** True for the names of code mode's two tools. */
export function isCodeTool(name: string): name is CodeToolName {
  return name in ARGS;
}

/** Runs one of code mode's tools for this request's URL. */
export async function callCodeTool(
  state: McpRequestState,
  code: CodeRuntime,
  name: CodeToolName,
  rawArgs: Record<string, unknown> | undefined,
): Promise<ToolResult> {
  const parsed = parseOwnArguments(state, codeTools(code.limits), name, ARGS[name], rawArgs);
  if ("content" in parsed) return parsed;
  if ("query" in parsed) {
    await state.prepareSearch?.();
    const hits = searchTools(state.catalog, parsed.query, state.byName, parsed.limit ?? DEFAULT_SEARCH_LIMIT);
    const found = hits.flatMap((h) => {
      const tool = state.byName.get(h.name);
      return tool ? [functionSignature(tool, state.schemaProfile)] : [];
    });
    return toolSuccess({ result: found });
  }
  const watch = stopwatch();
  const result = await runProgram(state, code, parsed.code);
  if (state.site)
    recordToolCall(state.site, {
      tool: RUN_PROGRAM,
      started_at: watch.started_at,
      duration_ms: watch.elapsed(),
      arguments: parsed,
      result,
      refusal_reason: result.structuredContent?.error?.kind === "gateway_rate_limited" ? "rate_limit" : null,
    });
  return result;
}

async function runProgram(state: McpRequestState, code: CodeRuntime, source: string): Promise<ToolResult> {
  const { loader, limits } = code;
  if (!loader)
    return toolError(`Programs cannot run on this deployment: ${LOADER_MISSING_HINT}.`, {
      kind: "code_unavailable",
      status: null,
    });
  const refused = await code.admitRun();
  if (refused) {
    state.refused = refused;
    state.rateLimit = refusalRateLimitState(refused);
    return toolError(
      `Too many programs run on this MCP URL (${refused.limit} per minute); retry after ${refused.retry_after} s. Nothing was run.`,
      { ...refused, status: null },
    );
  }
  const guard = `__loop_${hex(8)}`;
  const program = prepareProgram(source, guard);
  let calls = 0;
  let capped = false;
  let abandoned = false;
  const host = new CallHost(async (name, args): Promise<CallAnswer> => {
    // A client that went away sees nothing more of this run: no further call is made for it (reads
    // in flight are abandoned by the same signal; a write in flight runs to its end).
    if (state.clientSignal?.aborted) {
      abandoned = true;
      return {
        ok: false,
        message: "The client disconnected: this run makes no more calls.",
        kind: "abandoned",
      };
    }
    if (++calls > limits.calls) {
      capped = true;
      return {
        ok: false,
        message: `More than ${limits.calls} function calls in one run.`,
        kind: "program_limit",
        limit: true,
      };
    }
    if (args === null || typeof args !== "object" || Array.isArray(args))
      return { ok: false, message: `${name} takes one object of arguments.`, kind: "invalid_arguments" };
    try {
      return answerOf(await runToolCall(state, name, args as Record<string, unknown>));
    } catch (e) {
      if (e instanceof ProtocolError) return { ok: false, message: e.message, kind: "unknown_tool" };
      // Like any unexpected exception: logged with the request id, answered in general terms.
      log("error", "code_call_failed", {
        request_id: state.site?.request_id,
        error: e instanceof Error ? e.message : String(e),
      });
      return { ok: false, message: "The gateway failed to run this call.", kind: "upstream_error" };
    }
  });
  const outcome = await runInSandbox(loader, program, guard, host, limits);
  const made = Math.min(calls, limits.calls);
  if (abandoned)
    return toolError(
      `The client disconnected during the run: ${made} function calls were made, then no more.`,
      { kind: "abandoned", status: null, calls: made },
    );
  return runResult(outcome, capped, made, limits);
}

/** A tool's result as a program sees it: the parsed JSON of a success, or the error. */
function answerOf(result: ToolResult): CallAnswer {
  const text = result.content[0]?.text ?? "null";
  if (result.isError) {
    const error = result.structuredContent?.error as { kind?: string } | undefined;
    return { ok: false, message: text, kind: error?.kind ?? "upstream_error" };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: true, value: text };
  }
}

const LIMIT_REASONS = new Set(["loop", "cpu", "timeout", "answer"]);

/** The run's tool result: its answer cut to whole JSON, or an error naming the line and the reason. */
function runResult(outcome: RunOutcome, capped: boolean, calls: number, limits: RunLimits): ToolResult {
  const logs = outcome.logs.length > 0 ? { logs: outcome.logs } : {};
  if (outcome.ok && !capped) {
    const logText = outcome.logs.length > 0 ? `,"logs":${JSON.stringify(outcome.logs)}` : "";
    const frame = '{"result":'.length + logText.length + 1;
    if (outcome.json.length + frame <= limits.maxResultChars)
      return { content: [{ type: "text", text: `{"result":${outcome.json}${logText}}` }] };
    const tail = `,"truncated":true,"note":"The answer is over ${limits.maxResultChars} characters: only whole values that fit are shown. Return less (only the fields you need)."`;
    const { json } = cutJson(
      JSON.parse(outcome.json),
      Math.max(limits.maxResultChars - frame - tail.length, 4),
    );
    return { content: [{ type: "text", text: `{"result":${json}${logText}${tail}}` }] };
  }
  const failed = outcome.ok ? null : outcome;
  const reason = capped ? "calls" : (failed?.reason ?? "threw");
  const line = failed?.line ?? null;
  const why = capped ? `more than ${limits.calls} function calls in one run` : (failed?.message ?? "");
  const where = line ? ` at line ${line}` : "";
  const isLimit = capped || LIMIT_REASONS.has(reason);
  const message = isLimit
    ? `The program stopped${where}: ${why}. Do less per run (fewer calls, smaller loops) or split the work.`
    : `The program failed${where}: ${why}.`;
  return toolError(message, {
    kind: isLimit ? "program_limit" : "program_error",
    status: null,
    reason,
    line,
    calls,
    ...logs,
  });
}

function hex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
