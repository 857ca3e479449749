/**
 * Refresh-token reuse (OAuth 2.1 §4.3.1), a thin check around `@cloudflare/workers-oauth-provider`:
 * the library rotates refresh tokens and accepts the previous one until its successor is used. A
 * refresh token used again after that is a leaked copy in somebody's hands: the grant is revoked, so
 * neither the thief nor the client keeps it. The hashes of refresh tokens that refreshed successfully
 * are remembered per grant to tell a reused token from garbage (garbage revokes nothing).
 */
import { sha256Hex } from "../security/crypto";
import { revokeServerGrant } from "./grants";

/** Refresh-token hashes remembered per grant (a grant rotates once per refresh). */
const REMEMBERED_REFRESHES = 50;

/** A refresh-token request's token, split as the library issues them (`<user>:<grant>:<secret>`). */
function refreshParts(token: string): { userId: string; grantId: string } | null {
  const parts = token.split(":");
  return parts.length === 3 && parts[0] && parts[1] ? { userId: parts[0], grantId: parts[1] } : null;
}

const usedKey = (grantId: string) => `oauth-used-refresh:${grantId}`;

/**
 * Before the library sees a refresh: true when `token` is a rotated-out refresh token of a live
 * grant being used again — the grant is then revoked and the caller answers `invalid_grant`.
 */
export async function refreshReused(env: Env, token: string): Promise<boolean> {
  const parts = refreshParts(token);
  if (!parts) return false;
  const grant = await env.OAUTH_KV.get<{ refreshTokenId?: string; previousRefreshTokenId?: string }>(
    `grant:${parts.userId}:${parts.grantId}`,
    "json",
  );
  if (!grant) return false;
  const hash = await sha256Hex(token);
  if (hash === grant.refreshTokenId || hash === grant.previousRefreshTokenId) return false;
  const used = (await env.KV.get<string[]>(usedKey(parts.grantId), "json")) ?? [];
  if (!used.includes(hash)) return false;
  await revokeServerGrant(env, parts.userId, parts.grantId);
  await env.KV.delete(usedKey(parts.grantId));
  return true;
}

/** After a successful refresh: remembers the token that was used, so its reuse can be told. */
export async function rememberRefresh(env: Env, token: string, ttlS: number): Promise<void> {
  const parts = refreshParts(token);
  if (!parts) return;
  const used = (await env.KV.get<string[]>(usedKey(parts.grantId), "json")) ?? [];
  const next = [...used, await sha256Hex(token)].slice(-REMEMBERED_REFRESHES);
  await env.KV.put(usedKey(parts.grantId), JSON.stringify(next), { expirationTtl: Math.max(60, ttlS) });
}
