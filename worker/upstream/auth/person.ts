/**
 * Per-person connections: on an `oauth` MCP URL with `config.upstream: "per_person"`, each person
 * who signs in (with their API token, on the consent page) also connects their own upstream account,
 * and every tool call they make uses it. The consent page chains to the provider here when the person
 * has no active connection yet; the provider's answer comes back through the same callback as an
 * account's (worker/upstream/auth/connect.ts), which then resumes the sign-in.
 */
import { randomToken, sha256Hex } from "../../security/crypto";
import { deletePersonConnection } from "../../stores/person-connections";
import type { TokenRecord } from "../../stores/records";
import { clientConfig } from "./config";
import { providerRedirect } from "./connect";
import { forgetCredential, upstreamAuth } from "./credential";
import { redirectUri } from "./methods";
import { authorizationRequest } from "./oauth-client";

/**
 * At the consent page of a `per_person` URL, once the person is known: null when their own
 * connection is active (the sign-in goes on), else the redirect to the provider's consent page,
 * after which the browser comes back to `resume` (this consent page) to finish signing in.
 * Throws OAuthSetupError when the integration cannot connect by OAuth here.
 */
export async function connectPersonAtSignIn(
  request: Request,
  env: Env,
  record: TokenRecord,
  person: { api_token_id: string; api_token_name?: string | null },
  /** The consent page to come back to (the URL the client opened). */
  resume: string,
): Promise<Response | null> {
  const auth = upstreamAuth(env, record.integrated_account_id, person.api_token_id);
  if (await auth.isActive()) return null;
  const cfg = await clientConfig(env, record.integration);
  const origin = new URL(request.url).origin;
  const redirect = redirectUri(origin);
  const state = `${record.integrated_account_id}.${person.api_token_id}.${randomToken("")}`;
  const browser = randomToken("");
  const { url, codeVerifier } = await authorizationRequest(cfg, redirect, state);
  await auth.beginPersonFlow(
    record.integrated_account_id,
    record.integration,
    { api_token_id: person.api_token_id, api_token_name: person.api_token_name ?? null },
    {
      browser_hash: await sha256Hex(browser),
      state_hash: await sha256Hex(state),
      code_verifier: codeVerifier,
      redirect_uri: redirect,
    },
    resume,
  );
  return providerRedirect(url, browser, origin);
}

/** Deletes one person's own connection on an account: its tokens and its records. */
export async function forgetPerson(env: Env, accountId: string, apiTokenId: string): Promise<void> {
  await upstreamAuth(env, accountId, apiTokenId).forget();
  await deletePersonConnection(env, accountId, apiTokenId);
  forgetCredential(accountId, apiTokenId);
}
