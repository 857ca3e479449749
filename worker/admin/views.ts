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

/** Where an integration version came from. */
export type VersionSource = "seed" | "registry" | "openapi" | "edit";

/** One version of an integration as the admin API shows it (immutable once made). */
export interface IntegrationVersionView {
  integration: string;
  version: number;
  hash: string;
  source: VersionSource;
  /** The version that was live (for an edit: the newest one) when this one was made. */
  based_on: number | null;
  /** `admin`, or `api_token:<id>`. */
  created_by: string;
  created_at: string;
  tool_count: number;
  tokens: number;
  summary: string;
}

/** What changed between the tools that were live and a new version's tools. */
export interface ToolDiff {
  added: string[];
  removed: string[];
  changed: Array<{ tool: string; fields: string[] }>;
  unchanged: number;
}

/** One tool of a version (`GET /integrations/:name/versions/:version/tools`). */
export interface VersionToolView {
  name: string;
  title: string;
  /** The record's own description: what an edit replaces (the notes are apart). */
  description: string;
  notes: string[];
  confirm_with_user: string | null;
  method: string;
  access: "read" | "write";
  tags: readonly string[];
  http: { method: string; path: string };
  annotations: {
    title: string;
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
  /** Estimated o200k tokens of its `tools/list` entry. */
  tokens: number;
  /** Its `tools/list` entry (the description composed from description and notes). */
  definition: {
    name: string;
    title: string;
    description: string;
    inputSchema: unknown;
    annotations: {
      readOnlyHint?: boolean;
      destructiveHint?: boolean;
      idempotentHint?: boolean;
      openWorldHint?: boolean;
    };
  };
}

/** One client limit the surface crosses. */
export interface FootprintWarning {
  client: string;
  limit: string;
  message: string;
}

/** The surface of a server: counts, tokens, exposure, warnings. */
export interface Footprint {
  tool_count: number;
  /** The schema profile the counts are for (the config's, absent = `portable`). */
  schema_profile: "portable" | "openai_strict" | "full";
  /** Estimated o200k_base tokens of all the filtered tools' `tools/list` entries under that profile. */
  tokens_total: number;
  /** The same total under each schema profile, to compare before choosing one. */
  tokens_by_profile: { portable: number; openai_strict: number; full: number };
  tokens_per_tool: Record<string, number>;
  /** The config's setting (absent = `all`) and what it resolves to for this surface. */
  exposure: "all" | "discovery" | "auto" | "code";
  effective_exposure: "all" | "discovery" | "code";
  /** What `tools/list` actually shows under the effective exposure. */
  listed: { tool_count: number; tokens: number };
  warnings: FootprintWarning[];
  /** Set when a limit is crossed and exposure `auto` would avoid it. */
  suggestion?: string;
}

/** What creating a version answers (`POST /integrations`, `PATCH /integrations/:name/tools/:tool`). */
export interface CreatedVersionView {
  name: string;
  version: number;
  hash: string;
  source: VersionSource;
  /** False when the content equals the newest version (nothing new was stored). */
  created: boolean;
  tool_count: number;
  tokens: number;
  published_version: number | null;
  diff: ToolDiff;
  footprint: Footprint;
  report: unknown;
}
