/**
 * KV adapter for person connections (`person-connection:<account>:<api token>`, with an index by API
 * token): the view of each person's own upstream connection on an account's `per_person` URLs. The
 * tokens themselves are never here: they live sealed in the person's UpstreamAuthObject.
 */
import { now } from "../clock";
import { type AccountStatus, getJson, keys, listJson, PersonConnection } from "./records";

/** Records a person connection's status (`active` clears the reason). */
export async function putPersonConnection(
  env: Env,
  input: { account_id: string; api_token_id: string; api_token_name: string | null },
  status: AccountStatus,
  reason?: string,
): Promise<void> {
  const record: PersonConnection = {
    ...input,
    status,
    ...(status !== "active" && reason ? { status_reason: reason.slice(0, 500) } : {}),
    updated_at: new Date(now()).toISOString(),
  };
  await Promise.all([
    env.KV.put(keys.personConnection(input.account_id, input.api_token_id), JSON.stringify(record)),
    env.KV.put(keys.personOfToken(input.api_token_id, input.account_id), ""),
  ]);
}

/** One person connection, or null. */
export function getPersonConnection(env: Env, accountId: string, apiTokenId: string) {
  return getJson(env.KV, keys.personConnection(accountId, apiTokenId), PersonConnection);
}

/** One page of an account's person connections. */
export function listPersonConnections(
  env: Env,
  accountId: string,
  cursor: string | undefined,
  limit: number,
) {
  return listJson(env.KV, keys.personConnectionPrefix(accountId), PersonConnection, { cursor, limit });
}

/** Removes a person connection's records. */
export async function deletePersonConnection(env: Env, accountId: string, apiTokenId: string): Promise<void> {
  await Promise.all([
    env.KV.delete(keys.personConnection(accountId, apiTokenId)),
    env.KV.delete(keys.personOfToken(apiTokenId, accountId)),
  ]);
}

/** The accounts an API token has a person connection on. */
export async function accountsOfPerson(env: Env, apiTokenId: string): Promise<string[]> {
  const prefix = keys.personOfTokenPrefix(apiTokenId);
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix, ...(cursor ? { cursor } : {}) });
    out.push(...page.keys.map((k) => k.name.slice(prefix.length)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}
