/**
 * Reading activity records for the admin API: a filtered, newest-first page of calls (of an
 * account, or of one server), and the per-server summary figures. Every query is served by an index
 * of migrations/0001_tool_calls.sql: `(server_id, ts DESC, id DESC)` or `(account_id, ts DESC, id DESC)`.
 */

import type { CallView } from "../admin/views";
import { HttpError } from "../http/errors";
import type { CallRow } from "./record";

/** Filters of a calls listing (all optional, combined with AND). */
export interface CallFilters {
  /** Inclusive lower bound, ms since the epoch. */
  since?: number | undefined;
  /** Exclusive upper bound, ms since the epoch. */
  until?: number | undefined;
  tool?: string | undefined;
  outcome?: string | undefined;
  /** A client name (case-insensitive), or the start of a User-Agent. */
  client?: string | undefined;
}

/** Summary figures of one server. */
export interface ServerActivity {
  last_used_at: string | null;
  calls_24h: number;
  errors_24h: number;
}

/** One page of calls, newest first, in the list shape of the admin API. */
export async function listCalls(
  db: D1Database,
  scope: { account_id: string; server_id?: string },
  filters: CallFilters,
  page: { limit: number; cursor: string | undefined },
): Promise<{ items: CallView[]; next_cursor: string | null }> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    args.push(...values);
  };
  add("account_id = ?", scope.account_id);
  if (scope.server_id !== undefined) add("server_id = ?", scope.server_id);
  if (filters.since !== undefined) add("ts >= ?", filters.since);
  if (filters.until !== undefined) add("ts < ?", filters.until);
  if (filters.tool !== undefined) add("tool = ?", filters.tool);
  // `error` means every outcome but ok: what an admin looks for after an incident.
  if (filters.outcome === "error") add("outcome <> 'ok'");
  else if (filters.outcome !== undefined) add("outcome = ?", filters.outcome);
  if (filters.client !== undefined)
    add(
      "(client_name = ? COLLATE NOCASE OR substr(user_agent, 1, ?) = ?)",
      filters.client,
      filters.client.length,
      filters.client,
    );
  if (page.cursor !== undefined) {
    const after = decodeCallCursor(page.cursor);
    add("(ts < ? OR (ts = ? AND id < ?))", after.ts, after.ts, after.id);
  }
  const sql = `SELECT * FROM tool_calls WHERE ${where.join(" AND ")} ORDER BY ts DESC, id DESC LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...args, page.limit + 1)
    .all<CallRow>();
  const rows = results.slice(0, page.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(callView),
    next_cursor: results.length > page.limit && last ? encodeCallCursor(last) : null,
  };
}

/** Summary figures (last use ever recorded; calls and non-ok calls in the 24 h before `nowMs`) per server. */
export async function serverActivity(
  db: D1Database,
  serverIds: readonly string[],
  nowMs: number,
): Promise<Map<string, ServerActivity>> {
  const out = new Map<string, ServerActivity>();
  if (serverIds.length === 0) return out;
  const since = nowMs - 86_400_000;
  const statement = db.prepare(
    `SELECT (SELECT MAX(ts) FROM tool_calls WHERE server_id = ?1) AS last,
            (SELECT COUNT(*) FROM tool_calls WHERE server_id = ?1 AND ts >= ?2) AS calls,
            (SELECT COUNT(*) FROM tool_calls WHERE server_id = ?1 AND ts >= ?2 AND outcome <> 'ok') AS errors`,
  );
  const results = await db.batch<{ last: number | null; calls: number; errors: number }>(
    serverIds.map((id) => statement.bind(id, since)),
  );
  serverIds.forEach((id, i) => {
    const row = results[i]?.results[0];
    out.set(id, {
      last_used_at: row?.last ? new Date(row.last).toISOString() : null,
      calls_24h: row?.calls ?? 0,
      errors_24h: row?.errors ?? 0,
    });
  });
  return out;
}

/** The admin API's view of a stored row. */
export function callView(r: CallRow): CallView {
  const hasRateLimit = [r.ratelimit_limit, r.ratelimit_remaining, r.ratelimit_reset, r.retry_after].some(
    (v) => v !== null,
  );
  return {
    id: r.id,
    time: new Date(r.ts).toISOString(),
    request_id: r.request_id,
    integrated_account_id: r.account_id,
    mcp_server_id: r.server_id,
    tool: r.tool,
    protocol_era: r.protocol_era,
    protocol_version: r.protocol_version,
    transport: r.transport,
    client: { name: r.client_name, version: r.client_version, user_agent: r.user_agent },
    outcome: r.outcome,
    refusal_reason: r.refusal_reason,
    upstream_status: r.upstream_status,
    duration_ms: r.duration_ms,
    upstream_ms: r.upstream_ms,
    result_bytes: r.result_bytes,
    truncated: r.truncated === 1,
    upstream_ratelimit: hasRateLimit
      ? {
          limit: r.ratelimit_limit,
          remaining: r.ratelimit_remaining,
          reset: r.ratelimit_reset,
          retry_after: r.retry_after,
        }
      : null,
    caller: r.api_token_id ? { api_token_id: r.api_token_id, api_token_name: r.api_token_name } : null,
    arguments: r.arguments === null ? null : parseStored(r.arguments),
    refused_messages: r.refused_messages ?? null,
    trace_id: r.trace_id ?? null,
  };
}

function parseStored(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Opaque paging cursor: the (ts, id) of the last call of the page. */
function encodeCallCursor(r: { ts: number; id: string }): string {
  return btoa(`${r.ts}:${r.id}`).replace(/=+$/, "");
}

function decodeCallCursor(cursor: string): { ts: number; id: string } {
  try {
    const m = atob(cursor).match(/^(\d{1,16}):(call_[A-Za-z0-9_-]{1,64})$/);
    if (m?.[1] && m[2]) return { ts: Number(m[1]), id: m[2] };
  } catch {
    // fall through
  }
  throw new HttpError(400, "invalid_request", "cursor is not one this API returned", { field: "cursor" });
}
