/**
 * What the admin API answers about integrations as live data (docs/admin-api.md#integrations):
 * versions, their import reports, diffs and footprints, the history of changes, and one version's
 * tools for the tool editor. Dates are ISO strings.
 */
import type {
  CreatedVersionView,
  IntegrationVersionView,
  ToolDiff,
  VersionSource,
  VersionToolView,
} from "../../worker/admin/views";
import type { Footprint, Page } from "./api";

export type { ToolDiff, VersionSource };

/** One version of an integration (immutable once made). */
export type IntegrationVersion = IntegrationVersionView;

/** One tool of a version, with what the tool editor needs. */
export type VersionTool = VersionToolView;

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
export type CreatedVersion = CreatedVersionView;

/** The answer to `POST /integrations/:name/publish`. */
export interface PublishResult {
  name: string;
  published_version: number;
  previous_version: number | null;
  revision: number;
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
