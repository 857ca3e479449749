/**
 * What the admin API answers about integrations as live data (docs/admin-api.md#integrations):
 * versions, their import reports, diffs and footprints, the history of changes, and one version's
 * tools for the tool editor. Dates are ISO strings.
 */
import type { Footprint, Page } from "./api";

/** Where a version came from. */
export type VersionSource = "seed" | "registry" | "openapi" | "edit";

/** One version of an integration (immutable once made). */
export interface IntegrationVersion {
  integration: string;
  version: number;
  hash: string;
  source: VersionSource;
  /** The version that was live (or, for an edit, the newest one) when this one was made. */
  based_on: number | null;
  /** `admin`, or `api_token:<id>`. */
  created_by: string;
  created_at: string;
  tool_count: number;
  tokens: number;
  summary: string;
}

/** One recorded change. */
export interface IntegrationEvent {
  integration: string;
  version: number | null;
  action: "create" | "edit" | "publish" | "rollback" | "delete";
  actor: string;
  at: string;
  detail: string | null;
}

/** `GET /integrations/:name`: its versions (newest first), which one is live, and its history. */
export interface IntegrationDetail {
  name: string;
  title: string;
  published_version: number | null;
  /** Bumped by every publish; sent back as `expected_revision` so a concurrent publish is refused. */
  revision: number;
  created_at: string;
  updated_at: string;
  versions: IntegrationVersion[];
  events: IntegrationEvent[];
}

/** What changed between the tools that were live and a version's tools. */
export interface ToolDiff {
  added: string[];
  removed: string[];
  changed: Array<{ tool: string; fields: string[] }>;
  unchanged: number;
}

/** One operation of an imported OpenAPI document and what the importer made of it. */
export interface ReportOperation {
  key: string;
  http: string;
  /** The record it became, or null when it was skipped. */
  file: string | null;
  notes: string[];
  overridden: boolean;
}

/** The report of an OpenAPI import: what could not be inferred. */
export interface ImportReport {
  notes: string[];
  operations: ReportOperation[];
  unused_overrides: string[];
}

/** `GET /integrations/:name/versions/:version`: the row plus what was recorded when it was made. */
export interface VersionDetails extends IntegrationVersion {
  details: { report: unknown; diff: ToolDiff; footprint: Footprint } | null;
}

/** The answer to `POST /integrations` and `PATCH /integrations/:name/tools/:tool`. */
export interface CreatedVersion {
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

/** The answer to `POST /integrations/:name/publish`. */
export interface PublishResult {
  name: string;
  published_version: number;
  previous_version: number | null;
  revision: number;
}

/** One tool of a version (`GET /integrations/:name/versions/:version/tools`). */
export interface VersionTool {
  name: string;
  title: string;
  /** The record's own description: what an edit replaces (without the notes). */
  description: string;
  notes: string[];
  confirm_with_user: string | null;
  method: string;
  access: "read" | "write";
  tags: string[];
  http: { method: string; path: string };
  annotations: Record<string, unknown>;
  /** Estimated tokens of its `tools/list` entry. */
  tokens: number;
  /** Its `tools/list` entry, from which an edit's tokens are re-estimated. */
  definition: Record<string, unknown> & { description: string };
}

/** A page of a version's tools. */
export interface VersionToolPage extends Page<VersionTool> {
  integration: string;
  version: number;
}

/** True when a version's report is an OpenAPI import's (edits record `{edited_tool, fields}`). */
export function isImportReport(report: unknown): report is ImportReport {
  return (
    typeof report === "object" &&
    report !== null &&
    Array.isArray((report as ImportReport).operations) &&
    Array.isArray((report as ImportReport).notes)
  );
}
