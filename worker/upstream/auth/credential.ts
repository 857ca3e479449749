/**
 * An account's upstream credential, one typed union read through one function: a pasted API token
 * (sealed in the account record) or an OAuth access token (from the account's UpstreamAuthObject,
 * which refreshes it when it is near expiry). Both become the same `Authorization: Bearer`.
 */
import { now } from "../../clock";
import { accountCredentials, CredentialsUnreadableError, getAccount } from "../../stores/accounts";

/** What an upstream call authenticates with. */
export type UpstreamCredential =
  | { type: "api_token"; api_token: string }
  | { type: "oauth2"; access_token: string; expires_at: number | null };

/** Why an account has no usable credential now. */
export interface CredentialProblem {
  problem: "account_missing" | "credentials_unreadable" | "reconnect_required" | "unavailable";
  reason: string;
}

/** The bearer token of a credential. */
export function bearerOf(credential: UpstreamCredential): string {
  return credential.type === "api_token" ? credential.api_token : credential.access_token;
}

/**
 * How long an isolate reuses an account's credential: an API token for this long (a rotation made
 * through another isolate takes effect within it, one made through this isolate at once); an OAuth
 * access token for this long too, but never past {@link REFRESH_MARGIN_MS} before its expiry.
 */
export const CREDENTIALS_CACHE_MS = 10_000;
/** Matches the UpstreamAuthObject's margin: a token this close to expiry is asked for again. */
const REFRESH_MARGIN_MS = 60_000;
const credentials = new Map<string, { credential: UpstreamCredential; until: number }>();

/** The connection's key: the account's own, or one person's on it. */
const connectionKey = (accountId: string, person?: string) => (person ? `${accountId}:${person}` : accountId);

/** Drops a credential from this isolate's cache (after a rotation, a reconnect or a delete). */
export function forgetCredential(accountId: string, person?: string): void {
  credentials.delete(connectionKey(accountId, person));
}

/** The UpstreamAuthObject of an account's own connection, or of one person's (their API token id). */
export function upstreamAuth(env: Env, accountId: string, person?: string) {
  return env.UPSTREAM_AUTH.get(env.UPSTREAM_AUTH.idFromName(connectionKey(accountId, person)));
}

/**
 * The credential of `accountId`. `rejected` is a bearer the upstream just answered 401 to: an OAuth
 * account then gets a refreshed token (once, shared with concurrent callers), an API-token account
 * the same token again (nothing to renew).
 */
export async function accountCredential(
  env: Env,
  accountId: string,
  rejected?: string,
  /** On a `per_person` URL: the signed-in person (API token id), whose own connection is used. */
  person?: string,
): Promise<UpstreamCredential | CredentialProblem> {
  const key = connectionKey(accountId, person);
  const hit = credentials.get(key);
  if (hit && hit.until > now() && (rejected === undefined || bearerOf(hit.credential) !== rejected)) {
    return hit.credential;
  }
  const account = await getAccount(env, accountId);
  if (!account) return { problem: "account_missing", reason: "the integrated account no longer exists" };
  let credential: UpstreamCredential;
  let until = now() + CREDENTIALS_CACHE_MS;
  if (!person && (account.auth ?? "api_token") === "api_token") {
    try {
      credential = { type: "api_token", ...(await accountCredentials(env, account)) };
    } catch (e) {
      if (!(e instanceof CredentialsUnreadableError)) throw e;
      return { problem: "credentials_unreadable", reason: e.message };
    }
  } else {
    const answer = await upstreamAuth(env, accountId, person).accessToken(rejected);
    if (!answer.ok) {
      credentials.delete(key);
      return { problem: answer.problem, reason: answer.reason };
    }
    credential = { type: "oauth2", access_token: answer.access_token, expires_at: answer.expires_at };
    if (answer.expires_at !== null) until = Math.min(until, answer.expires_at - REFRESH_MARGIN_MS);
  }
  if (credentials.size > 1_000) credentials.clear();
  if (until > now()) credentials.set(key, { credential, until });
  return credential;
}
