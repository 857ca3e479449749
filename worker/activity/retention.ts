/**
 * Retention of activity records: the daily Cron Trigger (`[triggers]` in wrangler.toml, the
 * `scheduled` handler in worker/index.ts) deletes rows older than `ACTIVITY_RETENTION_DAYS`
 * (default 30). Deletes go in bounded batches so one run never holds the database for long.
 */
import { now } from "../clock";
import { positiveInt } from "../config";
import { log } from "../log";

/** Default retention when the var is unset or malformed. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Rows deleted per statement. */
const BATCH = 5000;
/** Most statements per run; a larger backlog finishes on the next day's run. */
const MAX_BATCHES = 40;

/** Days records are kept, from the env. */
export function retentionDays(env: Env): number {
  return positiveInt(env.ACTIVITY_RETENTION_DAYS, DEFAULT_RETENTION_DAYS);
}

/** Deletes records older than the retention period (by the gateway clock); returns how many. */
export async function purgeOldCalls(env: Env): Promise<number> {
  const cutoff = now() - retentionDays(env) * 86_400_000;
  const statement = env.ACTIVITY.prepare(
    "DELETE FROM tool_calls WHERE id IN (SELECT id FROM tool_calls WHERE ts < ? LIMIT ?)",
  );
  let deleted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const result = await statement.bind(cutoff, BATCH).run();
    const changes = result.meta.changes ?? 0;
    deleted += changes;
    if (changes < BATCH) break;
  }
  log("info", "activity_retention", {
    deleted,
    cutoff: new Date(cutoff).toISOString(),
    retention_days: retentionDays(env),
  });
  return deleted;
}
