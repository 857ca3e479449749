/**
 * The one expiry rule of MCP servers (and anything else with an ISO `expires_at`): null never
 * expires; otherwise a record is expired from the `expires_at` millisecond on. Checked against the
 * clock on every request (KV deletes take up to ~60 s to propagate), so a URL dies at its second.
 */

/** True once `nowMs` has reached `expiresAt`; never for null. */
export function isExpired(expiresAt: string | null, nowMs: number): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= nowMs;
}

/** Whole seconds left until `expiresAt` (negative once past); Infinity for null. */
export function secondsLeft(expiresAt: string | null, nowMs: number): number {
  return expiresAt === null ? Number.POSITIVE_INFINITY : Math.floor((Date.parse(expiresAt) - nowMs) / 1000);
}
