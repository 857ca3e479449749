/**
 * Calls refused at the edge, before the SDK saw them — the URL had expired or the second factor was
 * missing — are recorded too (our own limit refuses inside the call path, worker/mcp/tool-call.ts): the refused
 * request's body is read (bounded) and each `tools/call` in it becomes a record with the reason.
 */
import { readBoundedText } from "../http/body";
import { type RefusalReason, recordToolCall, stopwatch } from "./record";
import { callSite, type SiteInput } from "./site";

/** Same bound as the MCP endpoint's own body limit (worker/mcp/endpoint.ts). */
const MAX_REFUSED_BODY_BYTES = 1024 * 1024;

/** What the caller sees for each reason: the error kind recorded as the outcome. */
const OUTCOME: Record<RefusalReason, string> = {
  expired: "expired",
  second_factor: "unauthorized_caller",
  rate_limit: "gateway_rate_limited",
  filter: "unknown_tool",
};

/** Records every `tools/call` in a refused POST's body; anything unreadable records nothing. */
export async function recordRefusedCalls(input: SiteInput, reason: RefusalReason): Promise<void> {
  if (input.request.method !== "POST") return;
  const watch = stopwatch();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBoundedText(input.request, MAX_REFUSED_BODY_BYTES));
  } catch {
    return;
  }
  const site = callSite(input, parsed);
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof message !== "object" || message === null) continue;
    const { method, params } = message as {
      method?: unknown;
      params?: { name?: unknown; arguments?: unknown };
    };
    if (method !== "tools/call" || typeof params?.name !== "string") continue;
    recordToolCall(site, {
      tool: params.name,
      started_at: watch.started_at,
      duration_ms: watch.elapsed(),
      outcome: OUTCOME[reason],
      refusal_reason: reason,
      arguments: params.arguments ?? {},
    });
  }
}
