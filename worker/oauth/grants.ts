/**
 * A server's OAuth grants, for the admin API: list (who signed in, from which app, until when) and
 * revoke one, or all of them when the server is deleted. Grants are stored by the library under
 * `userId` = server id, so these are its own per-user list and revoke operations.
 */
import type { OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import type { GrantView } from "../admin/views";
import { authorizationServer } from "./server";

/**
 * The library's grant helpers. They read and write OAUTH_KV by user and grant id only; the resource
 * an authorization server is built for plays no part in them, so a fixed placeholder serves.
 */
function grantsApi(env: Env): OAuthHelpers {
  const placeholder = "https://grants.invalid/mcp/admin";
  return authorizationServer({ url: placeholder, stored: placeholder }).getOAuthApi(env);
}

/** One page of a server's grants. */
export async function listServerGrants(
  env: Env,
  serverId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: GrantView[]; next_cursor: string | null }> {
  const api = grantsApi(env);
  const page = await api.listUserGrants(serverId, { limit, ...(cursor ? { cursor } : {}) });
  const names = new Map<string, string | null>();
  for (const id of new Set(page.items.map((g) => g.clientId))) {
    names.set(id, (await api.lookupClient(id).catch(() => null))?.clientName ?? null);
  }
  const items = page.items.map((g) => {
    const meta = (g.metadata ?? {}) as { api_token_id?: unknown; api_token_name?: unknown };
    return {
      id: g.id,
      client_id: g.clientId,
      client_name: names.get(g.clientId) ?? null,
      api_token_id: typeof meta.api_token_id === "string" ? meta.api_token_id : null,
      api_token_name: typeof meta.api_token_name === "string" ? meta.api_token_name : null,
      scope: g.scope,
      created_at: new Date(g.createdAt * 1000).toISOString(),
      expires_at: g.expiresAt ? new Date(g.expiresAt * 1000).toISOString() : null,
    };
  });
  return { items, next_cursor: page.cursor ?? null };
}

/**
 * Revokes one grant of a server (its tokens stop working at once). Answers who had signed in with
 * it (the API token id, null when unknown), or false when it is not there.
 */
export async function revokeServerGrant(
  env: Env,
  serverId: string,
  grantId: string,
): Promise<{ api_token_id: string | null } | false> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(grantId)) return false;
  const stored = await env.OAUTH_KV.get<{ metadata?: { api_token_id?: unknown } }>(
    `grant:${serverId}:${grantId}`,
    "json",
  );
  if (stored === null) return false;
  await grantsApi(env).revokeGrant(grantId, serverId);
  const id = stored.metadata?.api_token_id;
  return { api_token_id: typeof id === "string" ? id : null };
}

/** Revokes every grant of a server (when it is deleted). */
export async function revokeAllServerGrants(env: Env, serverId: string): Promise<void> {
  const api = grantsApi(env);
  let cursor: string | undefined;
  do {
    const page = await api.listUserGrants(serverId, { limit: 1000, ...(cursor ? { cursor } : {}) });
    await Promise.all(page.items.map((g) => api.revokeGrant(g.id, serverId)));
    cursor = page.cursor;
  } while (cursor);
}
