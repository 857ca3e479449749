/**
 * KV adapter for integrated accounts. Credentials are sealed with CREDENTIALS_KEY (AES-GCM, fresh
 * IV, the account id as additional data so a ciphertext cannot be moved to another account) and are
 * never part of any view.
 */
import { now } from "../clock";
import { randomId, seal, unseal } from "../security/crypto";
import { type AccountAuth, AccountRecord, type AccountStatus, getJson, keys, listJson } from "./records";

/** The pasted credentials of an `api_token` account (sealed in its record). */
export interface Credentials {
  api_token: string;
}

/** Public view of an account: never its credentials; `auth` and `status` always present. */
export type AccountView = Omit<AccountRecord, "credentials"> & { auth: AccountAuth; status: AccountStatus };

/**
 * Creates an account and returns its public view: with pasted credentials it is `active`; an
 * `oauth2` one is `pending` until its connection completes (worker/upstream/auth/connect.ts).
 */
export async function createAccount(
  env: Env,
  input: { integration: string; name: string } & ({ credentials: Credentials } | { auth: "oauth2" }),
): Promise<AccountView> {
  const id = randomId("acct_");
  const at = new Date(now()).toISOString();
  const record: AccountRecord =
    "credentials" in input
      ? {
          id,
          integration: input.integration,
          name: input.name,
          credentials: await seal(env.CREDENTIALS_KEY, input.credentials, id),
          created_at: at,
          updated_at: at,
        }
      : {
          id,
          integration: input.integration,
          name: input.name,
          auth: "oauth2",
          status: "pending",
          status_reason: "not connected yet: open the connect URL",
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

/** Renames and/or rotates credentials (callers forget the isolate's cached credential). */
export async function updateAccount(
  env: Env,
  current: AccountRecord,
  patch: { name?: string | undefined; credentials?: Credentials | undefined },
): Promise<AccountView> {
  const next: AccountRecord = {
    ...current,
    name: patch.name ?? current.name,
    ...(patch.credentials
      ? { credentials: await seal(env.CREDENTIALS_KEY, patch.credentials, current.id) }
      : {}),
    updated_at: new Date(now()).toISOString(),
  };
  await env.KV.put(keys.account(current.id), JSON.stringify(next));
  return accountView(next);
}

/**
 * Mirrors an OAuth account's status into its record (the account's UpstreamAuthObject decides it):
 * `active` clears the reason. A record deleted meanwhile stays deleted.
 */
export async function setAccountStatus(
  env: Env,
  id: string,
  status: AccountStatus,
  reason?: string,
): Promise<void> {
  const current = await getAccount(env, id);
  if (!current) return;
  const { status_reason: _old, ...rest } = current;
  const next: AccountRecord = {
    ...rest,
    status,
    ...(status !== "active" && reason ? { status_reason: reason.slice(0, 500) } : {}),
    updated_at: new Date(now()).toISOString(),
  };
  await env.KV.put(keys.account(id), JSON.stringify(next));
}

/** Deletes the account record (callers delete its MCP servers first). */
export async function deleteAccountRecord(env: Env, id: string): Promise<void> {
  await env.KV.delete(keys.account(id));
}

/** One page of accounts. */
export async function listAccounts(env: Env, cursor: string | undefined, limit: number) {
  const page = await listJson(env.KV, keys.accountPrefix, AccountRecord, { cursor, limit });
  return { items: page.items.map(accountView), next_cursor: page.next_cursor };
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
  if (!account.credentials) throw new CredentialsUnreadableError(account.id);
  try {
    return (await unseal(env.CREDENTIALS_KEY, account.credentials, account.id)) as Credentials;
  } catch {
    // AES-GCM authentication failed (or the sealed JSON is corrupt): the same remedy either way.
    throw new CredentialsUnreadableError(account.id);
  }
}

/** Drops the sealed credentials; fills `auth` and `status` of records written before they existed. */
export function accountView(r: AccountRecord): AccountView {
  const { credentials: _sealed, ...rest } = r;
  return { ...rest, auth: r.auth ?? "api_token", status: r.status ?? "active" };
}
