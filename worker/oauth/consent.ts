/**
 * `GET|POST <mcp url>/oauth/authorize`: the consent page is the sign-in. The library validates the
 * request (client, exact redirect URI, PKCE S256, resource) and keeps it server-side behind a
 * one-time, browser-bound handle; the person proves who they are with an API token (`mcp` or
 * `admin` scope) and approves or denies. The grant is made for this server only, with the API
 * token's id and name as its props, and its `userId` is the server id (see ./server.ts).
 */
import { AuthorizationError, CimdFetchError, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { now } from "../clock";
import { publishedSnapshot } from "../integrations/registry";
import { log } from "../log";
import { getAccount } from "../stores/accounts";
import { apiTokenCaller } from "../stores/api-tokens";
import type { TokenRecord } from "../stores/records";
import { getServer } from "../stores/servers";
import { toolsForConfig } from "../tools/catalog";
import { OAuthSetupError } from "../upstream/auth/config";
import { oauth2Method, oauthEndpoints } from "../upstream/auth/methods";
import { connectPersonAtSignIn } from "../upstream/auth/person";
import { consentErrorPage, consentHeaders, consentPage, type ServerFacts } from "./consent-page";
import { authorizationServer, type GrantProps, MCP_SCOPE, type OAuthTarget } from "./server";
import { consumeSignIn, issueSignIn, signedIn } from "./signin";

/** Handles the authorization endpoint of an `oauth` MCP URL. */
export async function consentHandler(
  request: Request,
  env: Env,
  target: OAuthTarget,
  record: TokenRecord,
): Promise<Response> {
  const oauth = authorizationServer(target).getOAuthApi(env);
  try {
    if (request.method === "GET") return await showConsent(request, env, oauth, record, null);
    if (request.method === "POST") return await decide(request, env, oauth, record, target);
    return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
  } catch (err) {
    // Only a request whose client and exact redirect URI were validated is sent back to the client.
    if (err instanceof AuthorizationError && err.redirectTo) return redirect(err.redirectTo);
    if (err instanceof AuthorizationError || err instanceof CimdFetchError) {
      const message = err instanceof AuthorizationError ? err.description : "This app could not be verified.";
      return new Response(consentErrorPage(message), { status: 400, headers: consentHeaders(null) });
    }
    throw err;
  }
}

/** Renders the page for the request in the URL, with a fresh one-time handle. */
async function showConsent(
  request: Request,
  env: Env,
  oauth: OAuthHelpers,
  record: TokenRecord,
  error: string | null,
): Promise<Response> {
  const authRequest = await oauth.parseAuthRequest(request);
  const client = await oauth.describeConsent(authRequest); // before beginConsent: a failure stores nothing
  const facts = await serverFacts(env, record);
  // Back from a `per_person` provider trip: the person signed in before it (./signin.ts).
  const person = error ? null : await signedIn(request, env, record.server_id);
  const consent = await oauth.beginConsent(authRequest);
  const headers = consentHeaders(authRequest.redirectUri, await providerPage(env, record));
  const cookie = consent.headers.get("set-cookie");
  if (cookie) headers.set("set-cookie", cookie);
  return new Response(consentPage(client, facts, consent.handle, error, person?.api_token_name ?? null), {
    status: error ? 401 : 200,
    headers,
  });
}

/** The form's answer: deny → `access_denied` to the client; approve → sign in, grant, code. */
async function decide(
  request: Request,
  env: Env,
  oauth: OAuthHelpers,
  record: TokenRecord,
  target: OAuthTarget,
): Promise<Response> {
  const form = await request.formData();
  const handle = String(form.get("handle") ?? "");
  if (form.get("decision") !== "approve") {
    const denied = await oauth.denyConsent(request, handle);
    log("info", "oauth_consent_denied", { server_id: record.server_id });
    return new Response(null, { status: 302, headers: denied.headers });
  }
  const presented = String(form.get("api_token") ?? "").trim();
  const ticket = presented ? null : await signedIn(request, env, record.server_id);
  const caller = presented ? await apiTokenCaller(env.KV, presented, ["mcp", "admin"]) : ticket;
  if (!caller) {
    // The handle is untouched, so it simply expires; the page is shown again with a new one.
    return showConsent(
      request,
      env,
      oauth,
      record,
      presented
        ? "That API token was not accepted: it is unknown, revoked, or lacks the mcp or admin scope."
        : "Enter your API token to sign in.",
    );
  }
  if (record.config.upstream === "per_person") {
    // Each person brings their own upstream account: first to the provider, then back here.
    try {
      const chained = await connectPersonAtSignIn(request, env, record, caller, publicUrl(request, target));
      if (chained) {
        // Signed in now: back from the provider, the person approves without the token again
        // (a ticket that brought them here gives way to the new one).
        if (ticket) await consumeSignIn(request, env);
        chained.headers.append("set-cookie", await issueSignIn(request, env, record.server_id, caller));
        return chained;
      }
    } catch (err) {
      if (!(err instanceof OAuthSetupError)) throw err;
      return new Response(consentErrorPage(`This server cannot connect your own account: ${err.message}.`), {
        status: 409,
        headers: consentHeaders(null),
      });
    }
  }
  const approved = await oauth.approveConsent(request, handle, { scope: [MCP_SCOPE] });
  const props: GrantProps = { server_id: record.server_id, ...caller };
  const { redirectTo } = await oauth.completeAuthorization({
    request: approved.request,
    userId: record.server_id,
    metadata: { api_token_id: caller.api_token_id, api_token_name: caller.api_token_name },
    scope: [MCP_SCOPE],
    props,
    // Several people may sign in to one URL from the same app (a CIMD client id is shared by every
    // installation): one person's approval must not revoke another's grant.
    revokeExistingGrants: false,
  });
  log("info", "oauth_grant_created", {
    server_id: record.server_id,
    client_id: approved.request.clientId,
    api_token_id: caller.api_token_id,
    api_token_name: caller.api_token_name,
  });
  approved.headers.set("location", redirectTo);
  if (ticket) approved.headers.append("set-cookie", await consumeSignIn(request, env));
  return new Response(null, { status: 302, headers: approved.headers });
}

/** This consent page's URL as the client opened it: `resource` names the MCP URL, not its stored form. */
function publicUrl(request: Request, target: OAuthTarget): string {
  const url = new URL(request.url);
  if (url.searchParams.get("resource") === target.stored) url.searchParams.set("resource", target.url);
  return url.toString();
}

/** On a `per_person` server, where the upstream provider's consent page is (the form may go on there). */
async function providerPage(env: Env, record: TokenRecord): Promise<string | undefined> {
  if (record.config.upstream !== "per_person") return undefined;
  const snapshot = await publishedSnapshot(env, record.integration, now());
  const method = snapshot ? oauth2Method(snapshot.integration) : null;
  return snapshot && method ? oauthEndpoints(env, snapshot.integration, method).authorization_url : undefined;
}

function redirect(to: string): Response {
  return new Response(null, { status: 302, headers: { location: to, "cache-control": "no-store" } });
}

/** The server, its account and its tools as the consent page names them. */
async function serverFacts(env: Env, record: TokenRecord): Promise<ServerFacts> {
  const [server, account] = await Promise.all([
    getServer(env, record.integrated_account_id, record.server_id),
    getAccount(env, record.integrated_account_id),
  ]);
  const snapshot = await publishedSnapshot(env, record.integration, now());
  const tools = snapshot ? toolsForConfig(snapshot, record.config) : [];
  return {
    serverName: server?.name ?? record.server_id,
    accountName: account?.name ?? record.integrated_account_id,
    integration: record.integration,
    toolCount: tools.length,
    methods: [...new Set(tools.map((t) => t.method))].sort(),
    expiresAt: record.expires_at,
  };
}
