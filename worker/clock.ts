/**
 * The one clock the gateway reads. Tests in the same isolate replace it to drive expiry
 * deterministically (KV TTLs and DO alarms do not follow fake timers).
 */
let current: () => number = () => Date.now();

/** Milliseconds since the epoch. */
export function now(): number {
  return current();
}

/** Replaces the clock (tests only); pass nothing to restore the real one. */
export function setClock(fn?: () => number): void {
  current = fn ?? (() => Date.now());
}
