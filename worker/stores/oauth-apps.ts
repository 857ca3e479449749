/**
 * KV adapter for the OAuth app of each integration (`oauth-app:<integration>`): its client id, and
 * its client secret sealed with CREDENTIALS_KEY (the key name as additional data, so a ciphertext
 * cannot be moved to another integration). The secret is never part of a view.
 */
import { now } from "../clock";
import { seal, unseal } from "../security/crypto";
import { getJson, keys, OAuthAppRecord } from "./records";

/** Stores (creates or replaces) the OAuth app of `integration`. */
export async function putOAuthApp(
  env: Env,
  integration: string,
  app: { client_id: string; client_secret: string },
): Promise<OAuthAppRecord> {
  const at = new Date(now()).toISOString();
  const current = await getOAuthApp(env, integration);
  const record: OAuthAppRecord = {
    integration,
    client_id: app.client_id,
    client_secret: await seal(env.CREDENTIALS_KEY, app.client_secret, keys.oauthApp(integration)),
    created_at: current?.created_at ?? at,
    updated_at: at,
  };
  await env.KV.put(keys.oauthApp(integration), JSON.stringify(record));
  return record;
}

/** The OAuth app of `integration`, or null. */
export function getOAuthApp(env: Env, integration: string): Promise<OAuthAppRecord | null> {
  return getJson(env.KV, keys.oauthApp(integration), OAuthAppRecord);
}

/** Removes the OAuth app of `integration`. */
export async function deleteOAuthApp(env: Env, integration: string): Promise<void> {
  await env.KV.delete(keys.oauthApp(integration));
}

/** The app's client secret; throws when CREDENTIALS_KEY no longer opens it. */
export async function oauthAppSecret(env: Env, app: OAuthAppRecord): Promise<string> {
  const secret = await unseal(env.CREDENTIALS_KEY, app.client_secret, keys.oauthApp(app.integration));
  if (typeof secret !== "string") throw new Error("sealed client secret is not a string");
  return secret;
}
