/**
 * Shapes the admin API returns that the dashboard reads too. Types only, with no imports, so the
 * dashboard's own TypeScript program (browser libs, no Workers types) can import them as they are.
 */

/** A call as the admin API shows it. */
export interface CallView {
  id: string;
  time: string;
  request_id: string;
  integrated_account_id: string;
  mcp_server_id: string;
  tool: string;
  protocol_era: string;
  protocol_version: string | null;
  transport: string;
  client: { name: string | null; version: string | null; user_agent: string | null };
  outcome: string;
  refusal_reason: string | null;
  upstream_status: number | null;
  duration_ms: number;
  upstream_ms: number | null;
  result_bytes: number | null;
  truncated: boolean;
  upstream_ratelimit: {
    limit: number | null;
    remaining: number | null;
    reset: number | null;
    retry_after: number | null;
  } | null;
  caller: { api_token_id: string; api_token_name: string | null } | null;
  arguments: unknown;
  /** For a request refused at the edge (expired URL, second factor): how many tool calls it held; else null. */
  refused_messages: number | null;
  /** The client's W3C trace id, when it sent a `traceparent`. */
  trace_id: string | null;
}

/** A grant as the admin API shows it: no token, code or props, only who and what. */
export interface GrantView {
  id: string;
  client_id: string;
  client_name: string | null;
  api_token_id: string | null;
  api_token_name: string | null;
  scope: string[];
  created_at: string;
  expires_at: string | null;
}
