/**
 * Turns what the upstream answered into an MCP tool result. Successes carry their JSON
 * (`{result, next_cursor?}`) once, as one text block: our tools declare no `outputSchema`, so a
 * `structuredContent` copy would double every result's bytes and, for clients that relay both, its
 * tokens (docs/tools.md "Results"). Failures are `isError` results whose text is the message and
 * whose `structuredContent.error` holds the details a client can act on (kind, status, retry_after).
 * Pure.
 */
import type { Integration } from "../integrations/schema";
import type { GatewayTool } from "./build";
import {
  type CursorState,
  encodeCursor,
  nextCursorPage,
  nextLinkPage,
  nextPage,
  resumeAfter,
} from "./cursor";
import type { ToolErrorKind } from "./error-kinds";
import { type RateLimitState, readRateLimit } from "./rate-limit";

/** What came back from one upstream attempt. */
export type UpstreamOutcome =
  | { kind: "response"; status: number; headers: Headers; text: string }
  | { kind: "timeout"; afterMs: number }
  | { kind: "network"; dropped: boolean }
  /** The client went away during a read, so the gateway stopped waiting (nobody reads the answer). */
  | { kind: "abandoned" }
  | { kind: "too_large"; limitBytes: number; status?: number; headers?: Headers };

/** An MCP `CallToolResult`. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  /** Only on errors: `{error: {message, kind, status, …}}` (the text block holds just the message). */
  structuredContent?: { error: Record<string, unknown> };
  isError?: boolean;
}

/** Default bound on a tool result's JSON text, under claude.ai's ~150,000-character limit. */
export const DEFAULT_MAX_RESULT_CHARS = 100_000;

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
  maxChars = DEFAULT_MAX_RESULT_CHARS,
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
  if (outcome.kind === "too_large") {
    const mib = Math.round(outcome.limitBytes / 1024 / 1024);
    if (
      tool.access === "write" &&
      outcome.status !== undefined &&
      outcome.status >= 200 &&
      outcome.status < 300
    ) {
      // The change was applied: a failure here would make a model repeat it.
      const rateLimit = outcome.headers
        ? readRateLimit(outcome.headers, integration.rate_limit_headers, nowMs)
        : null;
      return {
        result: ok(
          JSON.stringify({
            result: null,
            applied: true,
            truncated: true,
            note: `${name} applied this change (status ${outcome.status}); its answer is over ${mib} MiB, more than the gateway reads, so it is not shown. Do not repeat the call: read the changed item with a get or list tool instead.`,
          }),
        ),
        rateLimit,
      };
    }
    return {
      result: toolError(
        `${name}'s answer is over ${mib} MiB, more than the gateway reads; ask for less (a smaller limit or fewer ids).`,
        {
          status: null,
          kind: "result_too_large",
        },
      ),
      rateLimit: null,
    };
  }
  if (outcome.kind === "abandoned") {
    return {
      result: toolError(`The client disconnected, so the gateway abandoned this read of ${name}.`, {
        status: null,
        kind: "abandoned",
      }),
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
  if (status >= 200 && status < 300) {
    const result = success(tool, body, page, maxChars, outcome.headers.get("link"));
    // The upstream's quota state travels with successes too (429s carry it in `error.ratelimit`).
    if (rateLimit && !result.isError) result._meta = { "edge-mcp/ratelimit": rateLimit };
    return { result, rateLimit };
  }
  const said: UpstreamSaid = {
    message: upstreamMessage(body, text, integration.error_message_path),
    code: integration.error_code_path ? upstreamString(body, integration.error_code_path) : null,
  };
  const overloaded = integration.overload_statuses.includes(status);
  const generic = failure(name, status, said, rateLimit, overloaded);
  const integrationHint = integration.error_hints[String(status)];
  return {
    result: withHint(
      integrationHint ? appendText(generic, integrationHint) : generic,
      tool.record.error_hints?.[String(status)],
    ),
    rateLimit,
  };
}

/** What the upstream's error body said: its message and, when the integration has one, its code. */
interface UpstreamSaid {
  message: string | null;
  code: string | null;
}

/** Adds an integration's reading of a status to the generic advice. */
function appendText(result: ToolResult, extra: string): ToolResult {
  const error = result.structuredContent?.error ?? {};
  const message = `${String(error.message)} ${extra}`;
  return {
    ...result,
    content: [{ type: "text", text: message }],
    structuredContent: { error: { ...error, message } },
  };
}

function success(
  tool: GatewayTool,
  body: unknown,
  page: PageContext | undefined,
  maxChars: number,
  link: string | null,
): ToolResult {
  const key = tool.record.response_key;
  const payload =
    key && body !== null && typeof body === "object" && key in body
      ? (body as Record<string, unknown>)[key]
      : body;
  if (tool.record.pagination && page) {
    const raw = Array.isArray(payload) ? payload : payload === null || payload === undefined ? [] : [payload];
    const p = tool.record.pagination;
    const turned =
      p.style === "cursor"
        ? nextCursorPage(p, tool.name, raw, body, page.state)
        : p.style === "link"
          ? nextLinkPage(tool.name, raw, link, page.state)
          : nextPage(p, tool.name, page.limit, raw, page.state);
    const { items, next } = turned;
    const text = JSON.stringify({
      result: items,
      next_cursor: next ? encodeCursor(next) : null,
      ...("incomplete" in turned && turned.incomplete ? { incomplete: true } : {}),
    });
    if (text.length <= maxChars) return ok(text);
    const pagination = tool.record.pagination;
    return ok(
      cut(items, maxChars, (kept) =>
        encodeCursor(resumeAfter(pagination, tool.name, items, kept, page.state)),
      ),
    );
  }
  const whole = JSON.stringify({ result: payload ?? null });
  if (whole.length <= maxChars) return ok(whole);
  if (Array.isArray(payload)) return ok(cut(payload, maxChars, () => null));
  if (tool.access === "write") return ok(appliedButCut(tool.name, payload, maxChars));
  return toolError(
    `The ${tool.name} result is over ${maxChars} characters and cannot be cut into whole items; ask for less (fewer ids, or a narrower filter).`,
    { status: null, kind: "result_too_large", max_chars: maxChars },
  );
}

/**
 * The result of a write the upstream applied whose answer is over the bound: a success (a failure
 * would make a model repeat the change) with the answer's top-level fields that fit, whole, in
 * order, the others named in `omitted_fields`, and a note saying the change was applied.
 */
function appliedButCut(tool: string, payload: unknown, maxChars: number): string {
  const note = `The change was applied. Its answer is over ${maxChars} characters, so only the fields that fit are shown; read the item with a get tool for the rest. Do not repeat ${tool}.`;
  const kept: Record<string, unknown> = {};
  const omitted: string[] = [];
  const entries = payload !== null && typeof payload === "object" ? Object.entries(payload) : [];
  let size = note.length + 200;
  for (const [key, value] of entries) {
    const n = JSON.stringify(value ?? null).length + key.length + 4;
    if (size + n <= maxChars) {
      kept[key] = value;
      size += n;
    } else omitted.push(key);
  }
  const names = JSON.stringify(omitted);
  return JSON.stringify({
    result: kept,
    applied: true,
    truncated: true,
    omitted_fields: names.length + size <= maxChars ? omitted : omitted.slice(0, 50),
    note,
  });
}

/**
 * Keeps the longest prefix of whole items whose JSON fits `maxChars` (at least one item, so paging
 * always progresses), marks the result `truncated`, and points `next_cursor` right after it.
 * Returns the result's JSON text.
 */
function cut(
  items: readonly unknown[],
  maxChars: number,
  cursorAfter: (kept: number) => string | null,
): string {
  const sizes = items.map((it) => JSON.stringify(it).length + 1);
  let kept = 0;
  let total = 0;
  const overhead = 200;
  while (kept < items.length && total + (sizes[kept] ?? 0) + overhead <= maxChars)
    total += sizes[kept++] ?? 0;
  for (kept = Math.max(kept, 1); ; kept--) {
    const candidate = JSON.stringify({
      result: items.slice(0, kept),
      next_cursor: cursorAfter(kept),
      truncated: true,
    });
    if (kept === 1 || candidate.length <= maxChars) return candidate;
  }
}

/**
 * A record's own reading of a status (e.g. a 404 that means "report not ready yet") replaces the
 * generic advice, so the model is not sent looking for a list tool that does not exist.
 */
function withHint(result: ToolResult, hint: string | undefined): ToolResult {
  if (!hint) return result;
  const error = { ...result.structuredContent?.error, message: hint };
  return { ...result, content: [{ type: "text", text: hint }], structuredContent: { error } };
}

/**
 * A 429, or a 403 that carries rate-limit state saying so (no requests remaining, or a Retry-After):
 * some APIs answer their rate limits with 403. A 403 without either is a permission refusal.
 */
function isRateLimited(status: number, rl: RateLimitState | null): boolean {
  if (status === 429) return true;
  return status === 403 && rl !== null && (rl.remaining === 0 || rl.retry_after !== null);
}

function failure(
  name: string,
  status: number,
  upstreamSaid: UpstreamSaid,
  rl: RateLimitState | null,
  overloaded: boolean,
): ToolResult {
  const upstream = upstreamSaid.message;
  const said = upstream ? ` ${name} said: "${upstream}".` : "";
  const base = {
    status,
    ...(upstream ? { upstream_message: upstream } : {}),
    ...(upstreamSaid.code ? { upstream_code: upstreamSaid.code } : {}),
  };
  if (isRateLimited(status, rl)) {
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
      `${name} refused the request (403): the connected account lacks permission for this action or resource.${said}`,
      { ...base, kind: "forbidden" },
    );
  }
  if (status === 404) {
    return toolError(
      `${name} found nothing there (404): the id may be wrong, deleted, or not visible to the connected user. Look the id up again with the matching list tool.${said}`,
      { ...base, kind: "not_found" },
    );
  }
  if (overloaded) {
    const wait = rl?.retry_after ?? null;
    return toolError(
      `${name} is overloaded (status ${status}): ${wait !== null ? `retry after ${wait} s` : "retry in a little while"}. The gateway does not retry.${said}`,
      { ...base, kind: "overloaded", retry_after: wait },
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

/**
 * The upstream's own words about a failure: the integration's documented path first, then a
 * top-level `message` (some endpoints answer `{"message": …}` instead of the documented envelope),
 * then the raw body text, so the model still sees e.g. "You need to paginate at least one mailbox".
 */
function upstreamMessage(body: unknown, text: string, path: string): string | null {
  let cur: unknown = body;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  const top =
    body !== null && typeof body === "object" ? (body as Record<string, unknown>).message : undefined;
  const found = [cur, top].find((v): v is string => typeof v === "string" && v !== "");
  if (found) return found.slice(0, 2000);
  if (body !== null && typeof body === "object") return null;
  const raw = text.trim();
  return raw ? raw.slice(0, 500) : null;
}

/** The string at the dotted `path` of an upstream error body (its message, its code), or null. */
export function upstreamString(body: unknown, path: string): string | null {
  let cur: unknown = body;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === "string" && cur !== "" ? cur.slice(0, 2000) : null;
}

/** True for a success {@link cut} to fit the bound (its JSON ends with the `truncated` flag it adds last). */
export function isTruncated(result: ToolResult): boolean {
  return !result.isError && (result.content[0]?.text.endsWith(TRUNCATED_TAIL) ?? false);
}

const TRUNCATED_TAIL = ',"truncated":true}';

/** A success: the result's JSON text, once. */
function ok(json: string): ToolResult {
  return { content: [{ type: "text", text: json }] };
}

/** A successful tool result of the gateway's own (discovery tools): `value`'s JSON, once, as text. */
export function toolSuccess(value: Record<string, unknown>): ToolResult {
  return ok(JSON.stringify(value));
}

/** An `isError` tool result with `structuredContent.error = {message, …details}`. */
export function toolError(
  message: string,
  details: { kind: ToolErrorKind; [detail: string]: unknown },
): ToolResult {
  const error = { message, ...details };
  return { content: [{ type: "text", text: message }], structuredContent: { error }, isError: true };
}
