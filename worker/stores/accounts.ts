/**
 * KV adapter for integrated accounts. Credentials are sealed with CREDENTIALS_KEY (AES-GCM, fresh
 * IV, the account id as additional data so a ciphertext cannot be moved to another account) and are
 * never part of any view.
 */
import { now } from "../clock";
import { randomId, seal, unseal } from "../security/crypto";
import { AccountRecord, getJson, keys, listJson } from "./records";

/** Upstream credentials of an account. */
export interface Credentials {
  api_token: string;
}

/** Public view of an account. */
export type AccountView = Omit<AccountRecord, "credentials">;

/** Creates an account and returns its public view. */
export async function createAccount(
  env: Env,
  input: { integration: string; name: string; credentials: Credentials },
): Promise<AccountView> {
  const id = randomId("acct_");
  const at = new Date(now()).toISOString();
  const record: AccountRecord = {
    id,
    integration: input.integration,
    name: input.name,
    credentials: await seal(env.CREDENTIALS_KEY, input.credentials, id),
    created_at: at,
    updated_at: at,
  };
  await env.KV.put(keys.account(id), JSON.stringify(record));
  return accountView(record);
}

/** Reads an account record (with sealed credentials), or null. */
export function getAccount(env: Env, id: string): Promise<AccountRecord | null> {
  return getJson(env.KV, keys.account(id), AccountRecord);
}

/** Renames and/or rotates credentials. */
export async function updateAccount(
  env: Env,
  current: AccountRecord,
  patch: { name?: string | undefined; credentials?: Credentials | undefined },
): Promise<AccountView> {
  const next: AccountRecord = {
    ...current,
    name: patch.name ?? current.name,
    credentials: patch.credentials
      ? await seal(env.CREDENTIALS_KEY, patch.credentials, current.id)
      : current.credentials,
    updated_at: new Date(now()).toISOString(),
  };
  await env.KV.put(keys.account(current.id), JSON.stringify(next));
  credentialsCache.delete(current.id);
  return accountView(next);
}

/** Deletes the account record (callers delete its MCP servers first). */
export async function deleteAccountRecord(env: Env, id: string): Promise<void> {
  await env.KV.delete(keys.account(id));
  credentialsCache.delete(id);
}

/** One page of accounts. */
export async function listAccounts(env: Env, cursor: string | undefined, limit: number) {
  const page = await listJson(env.KV, keys.accountPrefix, AccountRecord, { cursor, limit });
  return { items: page.items.map(accountView), next_cursor: page.next_cursor };
}

/**
 * How long an isolate reuses an account's decrypted credentials. A rotation made through another
 * isolate takes effect within this window; one made through this isolate at once. (A deleted
 * account's URLs die with their token records, which are never cached.)
 */
export const CREDENTIALS_CACHE_MS = 10_000;
const credentialsCache = new Map<string, { credentials: Credentials; until: number }>();

/** The decrypted credentials of an account, from the isolate's short cache or KV; null when gone. */
export async function cachedCredentials(env: Env, accountId: string): Promise<Credentials | null> {
  const hit = credentialsCache.get(accountId);
  if (hit && hit.until > now()) return hit.credentials;
  const account = await getAccount(env, accountId);
  if (!account) return null;
  const credentials = await accountCredentials(env, account);
  if (credentialsCache.size > 1_000) credentialsCache.clear();
  credentialsCache.set(accountId, { credentials, until: now() + CREDENTIALS_CACHE_MS });
  return credentials;
}

/** What an admin does about {@link CredentialsUnreadableError} (also shown to MCP clients). */
export const CREDENTIALS_UNREADABLE_HINT = "CREDENTIALS_KEY changed; rotate this account's credentials";

/**
 * Stored credentials that the current `CREDENTIALS_KEY` cannot open: the key was changed or lost
 * since they were sealed (or the record was tampered with). Callers report it as such; the crypto
 * library's own text never leaves the gateway.
 */
export class CredentialsUnreadableError extends Error {
  constructor(readonly accountId: string) {
    super(`credentials of ${accountId} cannot be decrypted with the current CREDENTIALS_KEY`);
    this.name = "CredentialsUnreadableError";
  }
}

/** Decrypts an account's credentials; throws {@link CredentialsUnreadableError} when the key does not fit. */
export async function accountCredentials(env: Env, account: AccountRecord): Promise<Credentials> {
  try {
    return (await unseal(env.CREDENTIALS_KEY, account.credentials, account.id)) as Credentials;
  } catch {
    // AES-GCM authentication failed (or the sealed JSON is corrupt): the same remedy either way.
    throw new CredentialsUnreadableError(account.id);
  }
}

/** Drops the sealed credentials. */
export function accountView(r: AccountRecord): AccountView {
  const { credentials: _sealed, ...rest } = r;
  return rest;
}
