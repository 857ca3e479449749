/**
 * Resolves an integration's live (published) snapshot for a request, with an isolate cache.
 *
 * Steady state costs no storage read: an isolate keeps each integration's snapshot and re-reads the
 * one-row pointer in D1 at most every {@link REVALIDATE_MS} (single-flight: concurrent requests share
 * the read). Only a changed pointer loads a snapshot (KV, by hash; snapshots are shared by hash, so
 * a rollback to content the isolate already holds loads nothing). A publish made through this
 * isolate takes effect in it at once; other isolates see it within {@link REVALIDATE_MS} plus one
 * request (docs/integrations/adding-an-integration.md says "within 60 s").
 */
import { HttpError } from "../http/errors";
import { readSnapshot, type Snapshot } from "./snapshot";
import { getSnapshotText, readPublished } from "./store";

/** How long an isolate trusts its copy of an integration's pointer. */
export const REVALIDATE_MS = 30_000;

/** Snapshots kept per isolate (a 1,000-tool snapshot with its derived tools is tens of MiB at most). */
const MAX_SNAPSHOTS = 8;

interface Pointer {
  hash: string | null;
  checkedAt: number;
}

const pointers = new Map<string, Pointer>();
const inflight = new Map<string, Promise<Snapshot | null>>();
/** Snapshots by hash, least recently used first. */
const snapshots = new Map<string, Snapshot>();

/**
 * The live snapshot of `name`, or null when no version of it is published. `nowMs` is the clock of
 * the request (injected for tests).
 */
export async function publishedSnapshot(env: Env, name: string, nowMs: number): Promise<Snapshot | null> {
  const pointer = pointers.get(name);
  if (pointer && nowMs - pointer.checkedAt < REVALIDATE_MS) {
    return pointer.hash === null ? null : (cachedSnapshot(pointer.hash) ?? refresh(env, name, nowMs));
  }
  return refresh(env, name, nowMs);
}

/** Like {@link publishedSnapshot}, but a missing integration is a 404 for the admin API. */
export async function requirePublished(env: Env, name: string, nowMs: number): Promise<Snapshot> {
  const snapshot = await publishedSnapshot(env, name, nowMs);
  if (!snapshot) {
    throw new HttpError(
      400,
      "unknown_integration",
      `Integration "${name}" has no published version; import or publish it first (GET /integrations lists them)`,
      { field: "integration" },
    );
  }
  return snapshot;
}

function refresh(env: Env, name: string, nowMs: number): Promise<Snapshot | null> {
  let pending = inflight.get(name);
  if (!pending) {
    pending = load(env, name, nowMs).finally(() => inflight.delete(name));
    inflight.set(name, pending);
  }
  return pending;
}

/** After a failed revalidation, how long an isolate keeps serving what it has before asking again. */
export const RETRY_AFTER_FAILURE_MS = 5_000;

async function load(env: Env, name: string, nowMs: number): Promise<Snapshot | null> {
  let live: Awaited<ReturnType<typeof readPublished>>;
  try {
    live = await readPublished(env, name);
  } catch (err) {
    // Stale if error: storage down must not take down URLs this isolate can already serve.
    const known = pointers.get(name);
    const snapshot = known?.hash ? cachedSnapshot(known.hash) : undefined;
    if (!known || (known.hash !== null && !snapshot)) throw err;
    pointers.set(name, { hash: known.hash, checkedAt: nowMs - REVALIDATE_MS + RETRY_AFTER_FAILURE_MS });
    return snapshot ?? null;
  }
  if (!live) {
    pointers.set(name, { hash: null, checkedAt: nowMs });
    return null;
  }
  const snapshot = cachedSnapshot(live.hash) ?? (await fetchSnapshot(env, live.hash));
  pointers.set(name, { hash: live.hash, checkedAt: nowMs });
  return snapshot;
}

/** Loads a snapshot by hash (KV), keeping it in the isolate. */
export async function fetchSnapshot(env: Env, hash: string): Promise<Snapshot> {
  const cached = cachedSnapshot(hash);
  if (cached) return cached;
  const text = await getSnapshotText(env, hash);
  if (text === null) throw new Error(`integration snapshot ${hash.slice(0, 12)} is missing from KV`);
  const snapshot = await readSnapshot(hash, text);
  keepSnapshot(snapshot);
  return snapshot;
}

/** Records in this isolate that `name` now serves `snapshot` (after a publish made here). */
export function notePublished(name: string, snapshot: Snapshot, nowMs: number): void {
  keepSnapshot(snapshot);
  pointers.set(name, { hash: snapshot.hash, checkedAt: nowMs });
}

/** Forgets what this isolate knows of `name` (after a delete made here). */
export function forgetIntegration(name: string): void {
  pointers.delete(name);
}

/** Keeps a snapshot this isolate built or read (most recently used last). */
export function keepSnapshot(snapshot: Snapshot): void {
  snapshots.delete(snapshot.hash);
  snapshots.set(snapshot.hash, snapshot);
  while (snapshots.size > MAX_SNAPSHOTS) {
    const oldest = snapshots.keys().next().value;
    if (oldest === undefined) break;
    snapshots.delete(oldest);
  }
}

function cachedSnapshot(hash: string): Snapshot | undefined {
  const s = snapshots.get(hash);
  if (s) {
    snapshots.delete(hash);
    snapshots.set(hash, s);
  }
  return s;
}
