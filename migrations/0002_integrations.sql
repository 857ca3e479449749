-- Integrations as live data (docs/STORAGE.md, worker/integrations/store.ts). The versions' content
-- lives in KV under its SHA-256 (integration-snapshot:<hash>, up to 25 MiB); these tables hold which
-- versions exist, which one is live, and who changed what. Times are milliseconds since the epoch.
CREATE TABLE integrations (
  name TEXT PRIMARY KEY,              -- lowercase identifier, e.g. the prefix of its tool names
  title TEXT NOT NULL,
  published_version INTEGER,          -- null until a version is published
  published_hash TEXT,                -- that version's snapshot hash (what the MCP endpoint loads)
  revision INTEGER NOT NULL DEFAULT 0, -- bumped by every publish; a publish applies only on the revision it read
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE integration_versions (
  integration TEXT NOT NULL,
  version INTEGER NOT NULL,           -- 1, 2, … per integration
  hash TEXT NOT NULL,                 -- snapshot hash (content in KV)
  source TEXT NOT NULL,               -- 'seed' | 'registry' | 'openapi' | 'edit'
  based_on INTEGER,                   -- the version an edit or re-import was compared with
  created_by TEXT NOT NULL,           -- 'admin' (ADMIN_TOKEN) or 'api_token:<id>'
  created_at INTEGER NOT NULL,
  tool_count INTEGER NOT NULL,
  tokens INTEGER NOT NULL,            -- estimated o200k tokens of all its tools' definitions
  summary TEXT NOT NULL,              -- one line: what changed
  PRIMARY KEY (integration, version)
);

CREATE TABLE integration_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  integration TEXT NOT NULL,
  version INTEGER,
  action TEXT NOT NULL,               -- 'create' | 'edit' | 'publish' | 'rollback' | 'delete'
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  detail TEXT                         -- one line for people
);
CREATE INDEX integration_events_by_name ON integration_events (integration, at);
