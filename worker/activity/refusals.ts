/**
 * Requests refused at the edge, before the SDK saw them — the URL had expired, or the second factor
 * was missing or wrong — are recorded too (our own limit refuses inside the call path,
 * worker/mcp/tool-call.ts), but as cheaply as a refusal must be: someone without access must not be
 * able to make the gateway work, store or remember much. So a refused request is one record at most,
 * whatever it held: its tools/call messages are only counted (`refused_messages`), and nothing the
 * unauthenticated body claims — client name, tool names, arguments — is stored as if it were true.
 * Refusal records are themselves limited per URL ({@link MAX_REFUSAL_RECORDS_PER_MINUTE} per isolate).
 */
import { readBoundedText } from "../http/body";
import type { CallOutcome } from "../tools/error-kinds";
import { type RefusalReason, recordToolCall, stopwatch } from "./record";
import { callSite, type SiteInput } from "./site";

/** Same bound as an MCP URL's own body limit (worker/mcp/dispatch.ts, MAX_MCP_BODY_BYTES). */
const MAX_REFUSED_BODY_BYTES = 1024 * 1024;

/** Records of refused requests kept per URL and minute in one isolate; the rest are counted in logs only. */
export const MAX_REFUSAL_RECORDS_PER_MINUTE = 10;

/** What the refused request's record says in the `tool` column: no name from the body is trusted. */
export const REFUSED_REQUEST_TOOL = "(refused request)";

/** What the caller sees for each reason: the error kind recorded as the outcome. */
const OUTCOME: Record<RefusalReason, CallOutcome> = {
  expired: "expired",
  second_factor: "unauthorized_caller",
  rate_limit: "gateway_rate_limited",
  filter: "unknown_tool",
};

const windows = new Map<string, { start: number; count: number }>();

/** True when this isolate may write one more refusal record for `serverId` this minute. */
function admitRecord(serverId: string, nowMs: number): boolean {
  const w = windows.get(serverId);
  if (!w || nowMs - w.start >= 60_000) {
    if (windows.size > 10_000) windows.clear();
    windows.set(serverId, { start: nowMs, count: 1 });
    return true;
  }
  if (w.count >= MAX_REFUSAL_RECORDS_PER_MINUTE) return false;
  w.count++;
  return true;
}

/**
 * Records a refused POST as one record carrying the number of `tools/call` messages its body held
 * (a body that is not JSON, or holds none, records nothing).
 */
export async function recordRefusedCalls(input: SiteInput, reason: RefusalReason): Promise<void> {
  if (input.request.method !== "POST") return;
  const watch = stopwatch();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBoundedText(input.request, MAX_REFUSED_BODY_BYTES));
  } catch {
    return;
  }
  let calls = 0;
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    if (
      typeof message === "object" &&
      message !== null &&
      (message as { method?: unknown }).method === "tools/call"
    )
      calls++;
  }
  if (calls === 0 || !admitRecord(input.record.server_id, watch.started_at)) return;
  // The site is built without the body: its protocol era and client claims are not trusted.
  recordToolCall(callSite(input, undefined), {
    tool: REFUSED_REQUEST_TOOL,
    started_at: watch.started_at,
    duration_ms: watch.elapsed(),
    outcome: OUTCOME[reason],
    refusal_reason: reason,
    refused_messages: calls,
  });
}
