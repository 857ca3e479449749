/** KV adapter for API tokens: stored by SHA-256 only; the raw token is returned once, at creation. */
import { now } from "../clock";
import { randomId, randomToken, sha256Hex } from "../security/crypto";
import { ApiTokenLookup, ApiTokenRecord, type ApiTokenScope, getJson, keys, listJson } from "./records";

/** Prefix that makes an API token recognizable (and redactable) wherever it appears. */
export const API_TOKEN_PREFIX = "emat_";

/** Public view of an API token. */
export type ApiTokenView = Omit<ApiTokenRecord, "token_hash">;

/** Creates a token; the raw value is in the result and nowhere else. */
export async function createApiToken(
  kv: KVNamespace,
  name: string,
  scopes: ApiTokenScope[],
): Promise<{ view: ApiTokenView; token: string }> {
  const token = randomToken(API_TOKEN_PREFIX);
  const hash = await sha256Hex(token);
  const record: ApiTokenRecord = {
    id: randomId("tok_"),
    name,
    scopes,
    created_at: new Date(now()).toISOString(),
    token_hash: hash,
  };
  await kv.put(
    keys.apiTokenHash(hash),
    JSON.stringify({ id: record.id, scopes, name } satisfies ApiTokenLookup),
  );
  await kv.put(keys.apiToken(record.id), JSON.stringify(record));
  return { view: view(record), token };
}

/** Resolves a presented token to its id and scopes, or null. */
export async function findApiToken(kv: KVNamespace, token: string): Promise<ApiTokenLookup | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  return getJson(kv, keys.apiTokenHash(await sha256Hex(token)), ApiTokenLookup);
}

/** Who an API token is, for naming the caller: its id and name. */
export interface ApiTokenCaller {
  api_token_id: string;
  api_token_name: string;
}

/**
 * Resolves a presented token to the caller it names when it carries one of `scopes`, or null.
 * Lookups written before names were kept there cost one more read, of the token's record.
 */
export async function apiTokenCaller(
  kv: KVNamespace,
  token: string,
  scopes: readonly ApiTokenScope[],
): Promise<ApiTokenCaller | null> {
  const found = await findApiToken(kv, token);
  if (!found) return null;
  if (!found.scopes.some((s) => scopes.includes(s))) return null;
  const name = found.name ?? (await getApiToken(kv, found.id))?.name;
  return name === undefined ? null : { api_token_id: found.id, api_token_name: name };
}

/** An API token's public record by id, or null once it is revoked. */
export async function getApiToken(kv: KVNamespace, id: string): Promise<ApiTokenView | null> {
  const record = await getJson(kv, keys.apiToken(id), ApiTokenRecord);
  return record ? view(record) : null;
}

/** One page of tokens, without secrets. */
export async function listApiTokens(kv: KVNamespace, cursor: string | undefined, limit: number) {
  const page = await listJson(kv, keys.apiTokenPrefix, ApiTokenRecord, { cursor, limit });
  return { items: page.items.map(view), next_cursor: page.next_cursor };
}

/** Revokes a token; false when it does not exist. */
export async function deleteApiToken(kv: KVNamespace, id: string): Promise<boolean> {
  const record = await getJson(kv, keys.apiToken(id), ApiTokenRecord);
  if (!record) return false;
  await kv.delete(keys.apiTokenHash(record.token_hash));
  await kv.delete(keys.apiToken(id));
  return true;
}

function view(r: ApiTokenRecord): ApiTokenView {
  const { token_hash: _hidden, ...rest } = r;
  return rest;
}
