/** The detail dialog of one recorded tool call: every field of the record, in words. */
import type { CallRecord } from "../api";
import { openDialog } from "../dialog";
import { type Child, h } from "../dom";
import { formatDate } from "../format";
import { outcomeBadge } from "./activity-format";

function row(label: string, value: Child): HTMLElement[] {
  return [h("dt", null, label), h("dd", null, value ?? h("span", { class: "muted" }, "—"))];
}

/** Opens the dialog for `call`; `serverName` names its MCP server. */
export function callDetailDialog(call: CallRecord, serverName: string): void {
  const rl = call.upstream_ratelimit;
  const client = [call.client.name, call.client.version].filter(Boolean).join(" ");
  openDialog({
    title: call.tool,
    wide: true,
    content: h(
      "dl",
      { class: "detail-list" },
      row("Time", formatDate(call.time, true)),
      row("Outcome", [outcomeBadge(call.outcome), call.truncated ? " (result truncated)" : null]),
      row(
        "Refused because",
        call.refusal_reason ? (REFUSALS[call.refusal_reason] ?? call.refusal_reason) : null,
      ),
      row("MCP server", serverName),
      row(
        "Caller",
        call.caller ? `API token “${call.caller.api_token_name ?? call.caller.api_token_id}”` : "URL only",
      ),
      row("Client", client || null),
      row("User-Agent", call.client.user_agent),
      row(
        "Protocol",
        `${call.protocol_era === "2026" ? "2026 (stateless)" : "2025 (initialize)"}${
          call.protocol_version ? `, ${call.protocol_version}` : ""
        } over ${call.transport === "http_sse" ? "HTTP+SSE" : "Streamable HTTP"}`,
      ),
      row("Upstream status", call.upstream_status === null ? null : String(call.upstream_status)),
      row(
        "Duration",
        `${call.duration_ms} ms total${call.upstream_ms === null ? "" : `, ${call.upstream_ms} ms upstream`}`,
      ),
      row("Result size", call.result_bytes === null ? null : `${call.result_bytes} bytes`),
      row(
        "Upstream rate limit",
        rl
          ? [
              rl.remaining !== null && rl.limit !== null ? `${rl.remaining} of ${rl.limit} left` : null,
              rl.reset !== null ? `, resets in ${rl.reset} s` : null,
              rl.retry_after !== null ? `, retry after ${rl.retry_after} s` : null,
            ]
          : null,
      ),
      row("Request id", h("code", null, call.request_id)),
      row(
        "Arguments",
        call.arguments === null
          ? h(
              "span",
              { class: "muted" },
              "Not stored (turn on “Log arguments” on the server to keep them, redacted)",
            )
          : h("pre", { class: "detail-json" }, JSON.stringify(call.arguments, null, 2)),
      ),
      row("Call id", h("code", null, call.id)),
    ),
  });
}

/** Refusal reasons in words. */
const REFUSALS: Record<string, string> = {
  filter: "the tool is outside this URL's filters",
  expired: "the URL had expired",
  second_factor: "the required API token was missing or invalid",
  rate_limit: "this URL's own rate limit was reached",
};
