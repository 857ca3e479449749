-- Activity: one row per tool call, refused calls included (docs/STORAGE.md).
-- Times are milliseconds since the epoch; booleans are 0/1.
CREATE TABLE tool_calls (
  id TEXT PRIMARY KEY,                -- call_<random>
  ts INTEGER NOT NULL,                -- when the call arrived
  request_id TEXT NOT NULL,           -- also in our log lines (Workers Logs)
  account_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  protocol_era TEXT NOT NULL,         -- '2026' (stateless, per-request _meta) | '2025' (initialize) | '2024-sse'
  protocol_version TEXT,              -- e.g. 2026-07-28, 2025-06-18; null when the client did not say
  transport TEXT NOT NULL,            -- 'streamable_http' | 'http_sse'
  client_name TEXT,                   -- clientInfo.name from initialize or the 2026 request _meta
  client_version TEXT,
  user_agent TEXT,
  outcome TEXT NOT NULL,              -- 'ok' or the error kind the caller saw (rate_limited, unknown_tool…)
  refusal_reason TEXT,                -- 'filter' | 'expired' | 'second_factor' | 'rate_limit'; null when not refused
  upstream_status INTEGER,            -- HTTP status of the upstream answer; null when no answer
  duration_ms INTEGER NOT NULL,       -- gateway total for the call
  upstream_ms INTEGER,                -- time spent waiting for the upstream
  result_bytes INTEGER,               -- size of the tool result's JSON text
  truncated INTEGER NOT NULL DEFAULT 0,
  ratelimit_limit INTEGER,            -- upstream rate-limit state after the call
  ratelimit_remaining INTEGER,
  ratelimit_reset INTEGER,
  retry_after INTEGER,
  api_token_id TEXT,                  -- the caller, when an API token (or an OAuth grant made with one) was used
  api_token_name TEXT,
  arguments TEXT                      -- redacted JSON, only with config.log_arguments: true
);

-- Per-server activity and the summary figures, newest first.
CREATE INDEX tool_calls_server_ts ON tool_calls (server_id, ts DESC, id DESC);
-- Per-account activity, newest first.
CREATE INDEX tool_calls_account_ts ON tool_calls (account_id, ts DESC, id DESC);
-- The retention sweep deletes by age.
CREATE INDEX tool_calls_ts ON tool_calls (ts);
