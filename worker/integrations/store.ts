/**
 * Storage of integrations (docs/STORAGE.md): a version's content lives in KV under its SHA-256
 * (`integration-snapshot:<hash>`, immutable, up to KV's 25 MiB per value: a 1,000-operation API's
 * records are a few MiB, past D1's 2 MB row), its import report in KV beside it
 * (`integration-report:<name>:<version>`); which versions exist, which one is live, and the history
 * of changes are rows in D1, where a publish is one conditional UPDATE: it applies only on the
 * revision it read, so of two concurrent publishes one wins and the other is told (409), and a
 * failure anywhere before that statement leaves the previous version live.
 */
import type { IntegrationVersionView, VersionSource } from "../admin/views";
import { HttpError } from "../http/errors";
import { keys } from "../stores/records";

/** An integration's row: which version is live. */
export interface IntegrationRow {
  name: string;
  title: string;
  published_version: number | null;
  published_hash: string | null;
  revision: number;
  created_at: number;
  updated_at: number;
}

/** One version's row: as the admin API shows it, but its time in epoch milliseconds. */
export interface VersionRow extends Omit<IntegrationVersionView, "created_at"> {
  created_at: number;
}

export type { VersionSource };

/** One recorded change. */
export interface EventRow {
  integration: string;
  version: number | null;
  action: "create" | "edit" | "publish" | "rollback" | "delete";
  actor: string;
  at: number;
  detail: string | null;
}

/** Snapshots are immutable: edge caches may keep them as long as KV allows. */
const SNAPSHOT_CACHE_TTL_S = 86_400;

/** Stores a snapshot's content under its hash (idempotent: equal content, equal key). */
export async function putSnapshotText(env: Env, hash: string, text: string): Promise<void> {
  await env.KV.put(keys.integrationSnapshot(hash), text);
}

/** A snapshot's stored content, or null when absent. */
export function getSnapshotText(env: Env, hash: string): Promise<string | null> {
  return env.KV.get(keys.integrationSnapshot(hash), { type: "text", cacheTtl: SNAPSHOT_CACHE_TTL_S });
}

/** Stores a snapshot's serialized search index (immutable, like the snapshot). */
export async function putIndexText(env: Env, version: number, hash: string, text: string): Promise<void> {
  await env.KV.put(keys.integrationIndex(version, hash), text);
}

/** A snapshot's stored search index, or null. */
export function getIndexText(env: Env, version: number, hash: string): Promise<string | null> {
  return env.KV.get(keys.integrationIndex(version, hash), { type: "text", cacheTtl: SNAPSHOT_CACHE_TTL_S });
}

/** Stores a version's report (import findings, diff, footprint). */
export async function putReport(env: Env, name: string, version: number, report: unknown): Promise<void> {
  await env.KV.put(keys.integrationReport(name, version), JSON.stringify(report));
}

/** A version's report, or null. */
export function getReport(env: Env, name: string, version: number): Promise<unknown> {
  return env.KV.get(keys.integrationReport(name, version), "json");
}

/** The live version of an integration (the one query MCP URLs make, once per refresh). */
export async function readPublished(
  env: Env,
  name: string,
): Promise<{ version: number; hash: string } | null> {
  const row = await env.ACTIVITY.prepare(
    "SELECT published_version AS version, published_hash AS hash FROM integrations WHERE name = ?1",
  )
    .bind(name)
    .first<{ version: number | null; hash: string | null }>();
  return row?.version != null && row.hash ? { version: row.version, hash: row.hash } : null;
}

/** What a new version records. */
export interface NewVersion {
  name: string;
  title: string;
  hash: string;
  source: VersionSource;
  based_on: number | null;
  actor: string;
  tool_count: number;
  tokens: number;
  summary: string;
}

/**
 * Adds the next version of an integration (creating its row on the first one) and records the
 * change, in one transaction. The version number is taken inside the INSERT, so two concurrent
 * creates get two numbers.
 */
export async function addVersion(env: Env, v: NewVersion, nowMs: number): Promise<VersionRow> {
  const db = env.ACTIVITY;
  const action = v.source === "edit" ? "edit" : "create";
  const [, inserted] = await db.batch([
    db
      .prepare(
        "INSERT INTO integrations (name, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE SET updated_at = ?3",
      )
      .bind(v.name, v.title, nowMs),
    db
      .prepare(
        `INSERT INTO integration_versions (integration, version, hash, source, based_on, created_by, created_at, tool_count, tokens, summary)
         SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM integration_versions WHERE integration = ?1
         RETURNING *`,
      )
      .bind(v.name, v.hash, v.source, v.based_on, v.actor, nowMs, v.tool_count, v.tokens, v.summary),
    db
      .prepare(
        `INSERT INTO integration_events (integration, version, action, actor, at, detail)
         SELECT ?1, MAX(version), ?2, ?3, ?4, ?5 FROM integration_versions WHERE integration = ?1`,
      )
      .bind(v.name, action, v.actor, nowMs, v.summary),
  ]);
  const row = inserted?.results[0] as VersionRow | undefined;
  if (!row) throw new Error("the new version was not stored");
  return row;
}

/**
 * Makes `version` live. Applies only when the integration is still at `revision` (what the caller
 * read): otherwise another publish came first and this one is refused with 409. Publishing a lower
 * version than the live one is recorded as a rollback.
 */
export async function publishVersion(
  env: Env,
  current: IntegrationRow,
  version: VersionRow,
  actor: string,
  nowMs: number,
): Promise<IntegrationRow> {
  const db = env.ACTIVITY;
  const action =
    current.published_version !== null && version.version < current.published_version
      ? "rollback"
      : "publish";
  const detail =
    current.published_version === null
      ? `version ${version.version} published`
      : `version ${current.published_version} → ${version.version}`;
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE integrations SET published_version = ?1, published_hash = ?2, revision = revision + 1, updated_at = ?3
         WHERE name = ?4 AND revision = ?5 RETURNING *`,
      )
      .bind(version.version, version.hash, nowMs, current.name, current.revision),
    db
      .prepare(
        `INSERT INTO integration_events (integration, version, action, actor, at, detail)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 FROM integrations WHERE name = ?1 AND revision = ?7 AND updated_at = ?5`,
      )
      .bind(current.name, version.version, action, actor, nowMs, detail, current.revision + 1),
  ]);
  const row = updated?.results[0] as IntegrationRow | undefined;
  if (!row) {
    throw new HttpError(
      409,
      "conflict",
      `Integration "${current.name}" was published by someone else meanwhile; read it again and retry`,
      { revision: current.revision },
    );
  }
  return row;
}

/** Every integration's row, by name. */
export async function listIntegrationRows(env: Env): Promise<IntegrationRow[]> {
  const { results } = await env.ACTIVITY.prepare(
    "SELECT * FROM integrations ORDER BY name",
  ).all<IntegrationRow>();
  return results;
}

/** One integration's row, or null. */
export function getIntegrationRow(env: Env, name: string): Promise<IntegrationRow | null> {
  return env.ACTIVITY.prepare("SELECT * FROM integrations WHERE name = ?1")
    .bind(name)
    .first<IntegrationRow>();
}

/** An integration's versions, newest first. */
export async function listVersions(env: Env, name: string): Promise<VersionRow[]> {
  const { results } = await env.ACTIVITY.prepare(
    "SELECT * FROM integration_versions WHERE integration = ?1 ORDER BY version DESC",
  )
    .bind(name)
    .all<VersionRow>();
  return results;
}

/** An integration's newest version, or null when it has none. */
export function latestVersion(env: Env, name: string): Promise<VersionRow | null> {
  return env.ACTIVITY.prepare(
    "SELECT * FROM integration_versions WHERE integration = ?1 ORDER BY version DESC LIMIT 1",
  )
    .bind(name)
    .first<VersionRow>();
}

/** One version's row, or null. */
export function getVersion(env: Env, name: string, version: number): Promise<VersionRow | null> {
  return env.ACTIVITY.prepare("SELECT * FROM integration_versions WHERE integration = ?1 AND version = ?2")
    .bind(name, version)
    .first<VersionRow>();
}

/** The latest changes of an integration, newest first. */
export async function listEvents(env: Env, name: string, limit = 50): Promise<EventRow[]> {
  const { results } = await env.ACTIVITY.prepare(
    "SELECT integration, version, action, actor, at, detail FROM integration_events WHERE integration = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
  )
    .bind(name, limit)
    .all<EventRow>();
  return results;
}

/**
 * Removes an integration's rows (its snapshots stay in KV: they are shared by content and cost
 * nothing once unreferenced) and records the deletion.
 */
export async function deleteIntegrationRows(
  env: Env,
  name: string,
  actor: string,
  nowMs: number,
): Promise<void> {
  const db = env.ACTIVITY;
  await db.batch([
    db.prepare("DELETE FROM integration_versions WHERE integration = ?1").bind(name),
    db.prepare("DELETE FROM integrations WHERE name = ?1").bind(name),
    db
      .prepare(
        "INSERT INTO integration_events (integration, version, action, actor, at, detail) VALUES (?1, NULL, 'delete', ?2, ?3, 'integration deleted')",
      )
      .bind(name, actor, nowMs),
  ]);
}
