/**
 * Changing integrations: every change is a new, immutable version (from records, from an OpenAPI
 * document, or an edit of one tool), stored as a content-hashed snapshot; nothing is live until a
 * version is published, and publishing an older version is the rollback. Each step either completes
 * or leaves what was live untouched (see worker/integrations/store.ts for the storage side).
 */
import type { CreatedVersionView, ToolDiff } from "../admin/views";
import { HttpError } from "../http/errors";
import { buildTools, checkTools, type GatewayTool } from "../tools/build";
import { catalog } from "../tools/catalog";
import { footprint, surfaceTokens } from "../tools/footprint";
import { SEARCH_INDEX_VERSION, serializeSearchIndex } from "../tools/search-index";
import { baseUrlProblem, isLocalDevelopment } from "./base-url";
import { fetchSnapshot, forgetIntegration, notePublished, publishedSnapshot } from "./registry";
import type { AnnotationOverride, EndpointRecord } from "./schema";
import {
  ContentError,
  type IntegrationContent,
  type Snapshot,
  snapshotOf,
  validateContent,
} from "./snapshot";
import {
  addVersion,
  deleteIntegrationRows,
  getIntegrationRow,
  getVersion,
  type IntegrationRow,
  latestVersion,
  publishVersion,
  putIndexText,
  putReport,
  putSnapshotText,
  type VersionRow,
  type VersionSource,
} from "./store";

export type { ToolDiff };

/** What creating a version answers. */
export type CreatedVersion = CreatedVersionView;

/**
 * Validates `raw` content, checks it can serve (tool names, base URL), stores its snapshot and adds
 * it as the next version. Equal content to the newest version adds nothing (`created: false`), so
 * re-seeding is idempotent. Nothing becomes live here.
 */
export async function createVersion(
  env: Env,
  raw: unknown,
  input: { source: VersionSource; actor: string; report?: unknown; basedOn?: number | null },
  nowMs: number,
): Promise<CreatedVersion> {
  const content = checkedContent(env, raw);
  const tools = toolsOf(content);
  const { snapshot, text } = await snapshotOf(content);
  const name = content.integration.name;
  const live = await publishedSnapshot(env, name, nowMs);
  const diff = toolDiff(live ? catalog(live).tools : [], tools);
  const row = await getIntegrationRow(env, name);
  const latest = row ? await latestVersion(env, name) : null;
  const base = {
    name,
    hash: snapshot.hash,
    tool_count: tools.length,
    tokens: surfaceTokens(tools),
    published_version: row?.published_version ?? null,
    diff,
    footprint: footprint(tools, undefined),
  };
  if (latest && latest.hash === snapshot.hash) {
    return {
      ...base,
      version: latest.version,
      source: latest.source,
      created: false,
      report: input.report ?? null,
    };
  }
  await putSnapshotText(env, snapshot.hash, text);
  // Built once here so that no isolate's first search has to (worker/tools/search-index.ts).
  await putIndexText(env, SEARCH_INDEX_VERSION, snapshot.hash, serializeSearchIndex(catalog(snapshot)));
  const summary = describe(diff, input.source);
  const version = await addVersion(
    env,
    {
      name,
      title: content.integration.title,
      hash: snapshot.hash,
      source: input.source,
      based_on: input.basedOn ?? row?.published_version ?? null,
      actor: input.actor,
      tool_count: tools.length,
      tokens: base.tokens,
      summary,
    },
    nowMs,
  );
  const report = { report: input.report ?? null, diff, footprint: base.footprint };
  await putReport(env, name, version.version, report);
  return {
    ...base,
    version: version.version,
    source: input.source,
    created: true,
    report: input.report ?? null,
  };
}

/** Makes `version` of `name` live (the rollback when it is older); 404 for unknown names or versions. */
export async function publish(
  env: Env,
  name: string,
  version: number,
  actor: string,
  nowMs: number,
  expectedRevision?: number,
): Promise<{ row: IntegrationRow; previous: number | null }> {
  const row = await integrationOr404(env, name);
  if (expectedRevision !== undefined && expectedRevision !== row.revision) {
    throw new HttpError(
      409,
      "conflict",
      `Integration "${name}" is at revision ${row.revision}, not ${expectedRevision}`,
      {
        revision: row.revision,
      },
    );
  }
  const target = await getVersion(env, name, version);
  if (!target) throw new HttpError(404, "not_found", `Integration "${name}" has no version ${version}`);
  // Read the snapshot before switching: a version whose content cannot be read never goes live.
  const snapshot = await fetchSnapshot(env, target.hash);
  const updated = await publishVersion(env, row, target, actor, nowMs);
  notePublished(name, snapshot, nowMs);
  return { row: updated, previous: row.published_version };
}

/** What an edit of one tool may change. */
export interface ToolEdit {
  description?: string | undefined;
  notes?: string[] | undefined;
  annotations?: AnnotationOverride | null | undefined;
}

/**
 * A new draft version of `name` in which one tool (by its name) has a new description, usage notes
 * or hint overrides, based on the newest version.
 */
export async function editTool(
  env: Env,
  name: string,
  toolName: string,
  edit: ToolEdit,
  actor: string,
  nowMs: number,
): Promise<CreatedVersion> {
  await integrationOr404(env, name);
  const latest = await latestVersion(env, name);
  if (!latest) throw new HttpError(404, "not_found", `Integration "${name}" has no version to edit`);
  const snapshot = await fetchSnapshot(env, latest.hash);
  const tool = catalog(snapshot).byName.get(toolName);
  if (!tool) {
    throw new HttpError(
      404,
      "not_found",
      `Integration "${name}" version ${latest.version} has no tool "${toolName.slice(0, 200)}"`,
    );
  }
  const records = snapshot.records.map((r) =>
    r.record === tool.record ? { file: r.file, record: edited(r.record, edit) } : r,
  );
  return createVersion(
    env,
    { integration: snapshot.integration, records },
    {
      source: "edit",
      actor,
      basedOn: latest.version,
      report: { edited_tool: toolName, fields: Object.keys(edit) },
    },
    nowMs,
  );
}

function edited(record: EndpointRecord, edit: ToolEdit): EndpointRecord {
  const next: EndpointRecord = { ...record };
  if (edit.description !== undefined) next.description = edit.description;
  if (edit.notes !== undefined) next.notes = edit.notes;
  if (edit.annotations === null) delete next.annotations;
  else if (edit.annotations !== undefined) next.annotations = edit.annotations;
  return next;
}

/** The integration's row, or 404. */
export async function integrationOr404(env: Env, name: string): Promise<IntegrationRow> {
  const row = await getIntegrationRow(env, name);
  if (!row) throw new HttpError(404, "not_found", `No integration named "${name.slice(0, 100)}"`);
  return row;
}

/** Version `version` (a path segment) of `name`, or 404 for an unknown integration or version. */
export async function versionOr404(env: Env, name: string, version: string): Promise<VersionRow> {
  await integrationOr404(env, name);
  const n = Number(version);
  const row = Number.isInteger(n) && n > 0 ? await getVersion(env, name, n) : null;
  if (!row)
    throw new HttpError(404, "not_found", `Integration "${name}" has no version ${version.slice(0, 20)}`);
  return row;
}

/** Removes an integration (its rows and history event) and forgets it in this isolate. */
export async function deleteIntegration(env: Env, name: string, actor: string, nowMs: number): Promise<void> {
  await deleteIntegrationRows(env, name, actor, nowMs);
  forgetIntegration(name);
}

/** Validated content that can serve: every record valid, tool names valid and distinct, base URL allowed. */
function checkedContent(env: Env, raw: unknown): IntegrationContent {
  let content: IntegrationContent;
  try {
    content = validateContent(raw);
  } catch (e) {
    if (e instanceof ContentError)
      throw new HttpError(400, "invalid_integration", e.message, { issues: e.issues.slice(0, 100) });
    throw e;
  }
  const local = isLocalDevelopment(env);
  const urls: Array<[string, string]> = [["integration.base_url", content.integration.base_url]];
  for (const [i, m] of (content.integration.auth_methods ?? []).entries()) {
    if (m.type !== "oauth2") continue;
    urls.push([`integration.auth_methods.${i}.authorization_url`, m.authorization_url]);
    urls.push([`integration.auth_methods.${i}.token_url`, m.token_url]);
  }
  for (const [field, url] of urls) {
    // The token endpoint receives the OAuth app's secret: the same rule as the base URL.
    const problem = baseUrlProblem(url, local);
    if (problem) throw new HttpError(400, "invalid_integration", `${field}: ${problem}`, { field });
  }
  return content;
}

function toolsOf(content: IntegrationContent): GatewayTool[] {
  try {
    const tools = buildTools(content.integration, content.records);
    checkTools(tools);
    return tools;
  } catch (e) {
    throw new HttpError(
      400,
      "invalid_integration",
      `the records cannot become tools: ${(e as Error).message}`,
    );
  }
}

/** The tools added, removed and changed (by name) between two tool lists. */
export function toolDiff(before: readonly GatewayTool[], after: readonly GatewayTool[]): ToolDiff {
  const old = new Map(before.map((t) => [t.name, t.record]));
  const diff: ToolDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const names = new Set<string>();
  for (const t of after) {
    names.add(t.name);
    const prev = old.get(t.name);
    if (!prev) diff.added.push(t.name);
    else {
      const fields = changedFields(prev, t.record);
      if (fields.length) diff.changed.push({ tool: t.name, fields });
      else diff.unchanged++;
    }
  }
  for (const t of before) if (!names.has(t.name)) diff.removed.push(t.name);
  return diff;
}

function changedFields(a: EndpointRecord, b: EndpointRecord): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof EndpointRecord>;
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function describe(diff: ToolDiff, source: VersionSource): string {
  return `${source}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`;
}

export type { Snapshot };
