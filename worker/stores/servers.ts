/**
 * MCP server records: writes go through the server's Durable Object (serialized, authoritative);
 * lists read the KV index the object maintains; URL tokens resolve through `token:<sha256>`.
 */
import type { ServerPatch, ServerResult } from "../../durable-objects/mcp-server";
import { now } from "../clock";
import { HttpError } from "../http/errors";
import { randomId, randomToken, sha256Hex } from "../security/crypto";
import { isUrlTokenShape, URL_TOKEN_PREFIX } from "../security/url-token";
import { getJson, keys, listJson, type ServerConfig, ServerSummary, TokenRecord } from "./records";

function stub(env: Env, serverId: string) {
  return env.MCP_SERVER.get(env.MCP_SERVER.idFromName(serverId));
}

function unwrap<T>(r: ServerResult<T>): T {
  if (r.ok) return r.value;
  throw new HttpError(r.status, r.code, r.message, r.details);
}

/** Creates a server with a fresh URL token; the raw token is returned once and never stored. */
export async function createServer(
  env: Env,
  input: {
    accountId: string;
    integration: string;
    name: string;
    config: ServerConfig;
    expires_at: string | null;
  },
): Promise<{ server: ServerSummary; token: string }> {
  const token = randomToken(URL_TOKEN_PREFIX);
  const id = randomId("mcp_");
  const at = new Date(now()).toISOString();
  const server = unwrap(
    await stub(env, id).create({
      id,
      integrated_account_id: input.accountId,
      integration: input.integration,
      name: input.name,
      config: input.config,
      expires_at: input.expires_at,
      created_at: at,
      updated_at: at,
      token_hash: await sha256Hex(token),
    }),
  );
  return { server, token };
}

/** Reads a server of an account, or null (also when it belongs to another account). */
export async function getServer(
  env: Env,
  accountId: string,
  serverId: string,
): Promise<ServerSummary | null> {
  return getJson(env.KV, keys.server(accountId, serverId), ServerSummary);
}

/** Applies a patch through the server's object. */
export async function updateServer(env: Env, serverId: string, patch: ServerPatch): Promise<ServerSummary> {
  const updated = unwrap(await stub(env, serverId).update(patch));
  forgetServerTokens(serverId);
  return updated;
}

/**
 * Deletes a server; its URL stops resolving at once. Its OAuth grants are not touched here: the
 * admin API removes both (worker/admin/remove-server.ts).
 */
export async function deleteServer(env: Env, serverId: string): Promise<boolean> {
  const result = await stub(env, serverId).destroy();
  forgetServerTokens(serverId);
  return unwrap(result);
}

/** One page of an account's servers. */
export function listServers(env: Env, accountId: string, cursor: string | undefined, limit: number) {
  return listJson(env.KV, keys.serverPrefix(accountId), ServerSummary, { cursor, limit });
}

/** Every server id of an account (for cascading deletes). */
export async function allServerIds(env: Env, accountId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix: keys.serverPrefix(accountId), ...(cursor ? { cursor } : {}) });
    for (const k of page.keys) ids.push(k.name.slice(keys.serverPrefix(accountId).length));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return ids;
}

/** The storage hash of a presented URL token, or null when it cannot be one of ours. */
export async function urlTokenHash(token: string): Promise<string | null> {
  if (!isUrlTokenShape(token)) return null;
  return sha256Hex(token);
}

/**
 * How long an isolate reuses a token record it found. KV itself serves reads from a location cache
 * for up to 60 s, so deletes and edits already take that long to reach every location; this adds at
 * most 5 s inside other isolates, and nothing in the isolate that made the change (it evicts).
 * `expires_at` is compared with the clock on every request, so expiry stays exact to the second.
 * Misses are not cached: a new URL works at once.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { record: TokenRecord; until: number }>();

/** The routing record stored under a URL token's hash, or null. */
export async function tokenRecordByHash(env: Env, hash: string): Promise<TokenRecord | null> {
  const hit = tokenCache.get(hash);
  if (hit && hit.until > now()) return hit.record;
  const record = await getJson(env.KV, keys.token(hash), TokenRecord);
  if (record) {
    if (tokenCache.size > 10_000) tokenCache.clear();
    tokenCache.set(hash, { record, until: now() + TOKEN_CACHE_MS });
  } else {
    tokenCache.delete(hash);
  }
  return record;
}

/**
 * The routing record an expired URL had, kept (as a tombstone) for the activity retention period so
 * calls after `expires_at` can still be recorded as expired refusals; null for unknown or deleted URLs.
 */
export function tombstoneByHash(env: Env, hash: string): Promise<TokenRecord | null> {
  return getJson(env.KV, keys.tokenTombstone(hash), TokenRecord);
}

/** Drops this isolate's cached token records of a server (after it changed or was deleted). */
export function forgetServerTokens(serverId: string): void {
  for (const [hash, entry] of tokenCache) if (entry.record.server_id === serverId) tokenCache.delete(hash);
}

/** Resolves a presented URL token to its routing record, or null. */
export async function resolveUrlToken(env: Env, token: string): Promise<TokenRecord | null> {
  const hash = await urlTokenHash(token);
  return hash ? tokenRecordByHash(env, hash) : null;
}
