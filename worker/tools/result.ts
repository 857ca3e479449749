/**
 * Turns what the upstream answered into an MCP tool result. Successes carry
 * `structuredContent: {result, next_cursor?}`; failures are `isError` results whose
 * `structuredContent.error` says what happened in words a model can act on. Pure.
 */
import type { Integration } from "../../docs-registry/index";
import type { GatewayTool } from "./build";
import { type CursorState, encodeCursor, nextPage } from "./cursor";
import { type RateLimitState, readRateLimit } from "./rate-limit";

/** What came back from one upstream attempt. */
export type UpstreamOutcome =
  | { kind: "response"; status: number; headers: Headers; text: string }
  | { kind: "timeout"; afterMs: number }
  | { kind: "network"; dropped: boolean };

/** An MCP `CallToolResult`. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  structuredContent: Record<string, unknown>;
  isError?: boolean;
}

/** Paging inputs of the call being answered. */
export interface PageContext {
  limit: number;
  state: CursorState | undefined;
}

/** Builds a tool result plus the normalized rate-limit state for the HTTP response headers. */
export function toToolResult(
  tool: GatewayTool,
  integration: Integration,
  outcome: UpstreamOutcome,
  page: PageContext | undefined,
  nowMs: number,
): { result: ToolResult; rateLimit: RateLimitState | null } {
  const name = integration.title;
  if (outcome.kind === "timeout") {
    const s = Math.round(outcome.afterMs / 1000);
    return {
      result: toolError(
        `${name} did not answer within ${s} s; the request may or may not have been applied.`,
        { status: null, kind: "timeout", timeout_seconds: s },
      ),
      rateLimit: null,
    };
  }
  if (outcome.kind === "network") {
    const msg = outcome.dropped
      ? `The connection to ${name} dropped before the answer was complete; the request may or may not have been applied.`
      : `Could not reach ${name}; the request was not delivered.`;
    return {
      result: toolError(msg, {
        status: null,
        kind: outcome.dropped ? "connection_dropped" : "connection_failed",
      }),
      rateLimit: null,
    };
  }

  const rateLimit = readRateLimit(outcome.headers, integration.rate_limit_headers, nowMs);
  const { status, text } = outcome;
  let body: unknown = null;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      if (status >= 200 && status < 300) {
        return {
          result: toolError(`${name} answered with a body that is not JSON (status ${status}).`, {
            status,
            kind: "invalid_json",
          }),
          rateLimit,
        };
      }
      body = null;
    }
  }
  if (status >= 200 && status < 300) return { result: success(tool, body, page), rateLimit };
  return {
    result: failure(name, status, upstreamMessage(body, integration.error_message_path), rateLimit),
    rateLimit,
  };
}

function success(tool: GatewayTool, body: unknown, page: PageContext | undefined): ToolResult {
  const key = tool.record.response_key;
  const payload =
    key && body !== null && typeof body === "object" && key in body
      ? (body as Record<string, unknown>)[key]
      : body;
  if (tool.record.pagination && page) {
    const raw = Array.isArray(payload) ? payload : payload === null || payload === undefined ? [] : [payload];
    const { items, next } = nextPage(tool.record.pagination, tool.name, page.limit, raw, page.state);
    return ok({ result: items, next_cursor: next ? encodeCursor(next) : null });
  }
  return ok({ result: payload ?? null });
}

function failure(
  name: string,
  status: number,
  upstream: string | null,
  rl: RateLimitState | null,
): ToolResult {
  const said = upstream ? ` ${name} said: "${upstream}".` : "";
  const base = { status, ...(upstream ? { upstream_message: upstream } : {}) };
  if (status === 429) {
    const wait = rl?.retry_after ?? rl?.reset ?? null;
    const when = wait !== null ? `retry after ${wait} s` : "retry later";
    return toolError(
      `Rate limited by ${name}: ${when}. The gateway does not retry; wait before calling again.`,
      {
        ...base,
        kind: "rate_limited",
        retry_after: wait,
        ratelimit: { limit: rl?.limit ?? null, remaining: rl?.remaining ?? null, reset: rl?.reset ?? null },
      },
    );
  }
  if (status === 401) {
    return toolError(
      `${name} rejected this account's credentials: they are invalid or were revoked. An admin must rotate the integrated account's credentials; retrying will not help.`,
      { ...base, kind: "unauthorized" },
    );
  }
  if (status === 403) {
    return toolError(
      `${name} refused the request (403): the connected user lacks permission for this action or resource (some actions are admin-only, and books, labels and conversations must be shared with the user).${said}`,
      { ...base, kind: "forbidden" },
    );
  }
  if (status === 404) {
    return toolError(
      `${name} found nothing there (404): the id may be wrong, deleted, or not visible to the connected user (for example a contact book not shared with them). Look the id up again with the matching list tool.${said}`,
      { ...base, kind: "not_found" },
    );
  }
  if (status >= 500) {
    return toolError(`${name} had a server error (status ${status}); it may be temporary.${said}`, {
      ...base,
      kind: "upstream_error",
    });
  }
  return toolError(
    `${name} rejected the arguments (status ${status}).${said} Correct the arguments and call again.`,
    { ...base, kind: "invalid_request" },
  );
}

function upstreamMessage(body: unknown, path: string): string | null {
  let cur: unknown = body;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === "string" && cur !== "" ? cur.slice(0, 2000) : null;
}

function ok(structured: Record<string, unknown>): ToolResult {
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

/** An `isError` tool result with `structuredContent.error = {message, …details}`. */
export function toolError(message: string, details: Record<string, unknown> = {}): ToolResult {
  const error = { message, ...details };
  return { content: [{ type: "text", text: message }], structuredContent: { error }, isError: true };
}
