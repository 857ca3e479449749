/**
 * The connect flow of an OAuth account, the gateway being the OAuth client (kept apart from
 * worker/oauth/, where the gateway is the authorization server of `oauth` MCP URLs):
 *
 * 1. an admin asks for a connection (`POST /integrated-account` with `auth: "oauth2"`, or
 *    `POST /integrated-account/:id/connect`) and gets a single-use `connect_url`, valid 10 minutes;
 * 2. `GET /upstream-oauth/connect/:account/:token` consumes it, binds the flow to this browser (an
 *    HttpOnly cookie, by hash) and to a fresh `state` and PKCE verifier, and redirects to the
 *    provider's consent page;
 * 3. `GET /upstream-oauth/callback` consumes the state (single-use, same browser, exact redirect
 *    URI), checks the response (`iss` per RFC 9207, errors), exchanges the code and hands the tokens
 *    to the account's UpstreamAuthObject, which stores them sealed and makes the account `active`.
 *
 * Any failure leaves the account as it was (`pending`, or `needs_reconnect`), with the reason on the
 * account and on the page; nothing is stored. The pages never redirect anywhere a request names.
 */
import { now } from "../../clock";
import { DASHBOARD_SECURITY_HEADERS } from "../../dashboard";
import { cookieValue } from "../../http/cookies";
import { HttpError } from "../../http/errors";
import { escapeHtml, htmlPage } from "../../http/html";
import { publishedSnapshot } from "../../integrations/registry";
import type { Integration } from "../../integrations/schema";
import { log } from "../../log";
import { randomToken, sha256Hex } from "../../security/crypto";
import { getAccount } from "../../stores/accounts";
import type { AccountRecord } from "../../stores/records";
import { verifyCredentials } from "../verify";
import { clientConfig, clientConfigFor, OAuthSetupError } from "./config";
import { forgetCredential, upstreamAuth } from "./credential";
import { redirectUri } from "./methods";
import { authorizationRequest, exchangeCode, OAuthFailure } from "./oauth-client";

/** The cookie that binds a flow to the browser that opened its connect URL. */
const FLOW_COOKIE = "emcp_upstream_flow";
const COOKIE_PATH = "/upstream-oauth/";

/** The cookie binding a flow to the browser that starts it (10 minutes, this gateway's callback only). */
function flowCookie(browser: string, origin: string): string {
  const secure = origin.startsWith("https:") ? "; Secure" : "";
  return `${FLOW_COOKIE}=${browser}; Path=${COOKIE_PATH}; Max-Age=600; HttpOnly; SameSite=Lax${secure}`;
}

/** A started connection: the URL to open, and until when it works. */
export interface ConnectLink {
  connect_url: string;
  connect_expires_at: string;
}

/**
 * Starts a connection of an OAuth account for a gateway reached at `origin`. Throws a 409 when the
 * integration cannot connect by OAuth here (no oauth2 method, no OAuth app registered).
 */
export async function startConnect(
  env: Env,
  account: AccountRecord,
  integration: Integration,
  origin: string,
): Promise<ConnectLink> {
  try {
    await clientConfigFor(env, integration);
  } catch (e) {
    if (e instanceof OAuthSetupError) throw new HttpError(409, e.code, e.message);
    throw e;
  }
  const begun = await upstreamAuth(env, account.id).beginConnect(
    account.id,
    account.integration,
    redirectUri(origin),
  );
  return {
    connect_url: `${origin}/upstream-oauth/connect/${encodeURIComponent(account.id)}/${begun.connect_token}`,
    connect_expires_at: new Date(begun.expires_at).toISOString(),
  };
}

/** `GET /upstream-oauth/connect/:account/:token`: on to the provider's consent page. */
export async function connectRoute(request: Request, env: Env, accountId: string, token: string) {
  const account = await getAccount(env, accountId);
  if (account?.auth !== "oauth2") {
    return page(404, "Unknown connect link", "This connect link does not belong to any account.");
  }
  let cfg: Awaited<ReturnType<typeof clientConfig>>;
  try {
    cfg = await clientConfig(env, account.integration);
  } catch (e) {
    if (e instanceof OAuthSetupError) return page(409, "Cannot connect", e.message);
    throw e;
  }
  const origin = new URL(request.url).origin;
  const redirect = redirectUri(origin);
  const state = `${account.id}.${randomToken("")}`;
  const browser = randomToken("");
  const { url, codeVerifier } = await authorizationRequest(cfg, redirect, state);
  const opened = await upstreamAuth(env, account.id).openConnect(token, {
    browser_hash: await sha256Hex(browser),
    state_hash: await sha256Hex(state),
    code_verifier: codeVerifier,
    redirect_uri: redirect,
  });
  if (!opened.ok)
    return page(
      410,
      "This connect link cannot be used",
      `${capital(opened.reason)}. Ask for a new one in the dashboard.`,
    );
  return providerRedirect(url, browser, origin);
}

/** On to the provider's consent page, the flow bound to this browser by its cookie. */
export function providerRedirect(url: string, browser: string, origin: string): Response {
  return new Response(null, {
    status: 302,
    headers: {
      location: url,
      "set-cookie": flowCookie(browser, origin),
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

/** `GET /upstream-oauth/callback`: the provider's answer. */
export async function callbackRoute(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  // `<account>.<random>`, or `<account>.<person's API token id>.<random>` for a person connection.
  const parsed = /^(acct_[A-Za-z0-9_-]{1,64})\.(?:(tok_[A-Za-z0-9_-]{1,64})\.)?[A-Za-z0-9_-]{43}$/.exec(
    state,
  );
  const accountId = parsed?.[1];
  const person = parsed?.[2];
  if (!accountId) {
    return page(
      400,
      "Not connected",
      "This answer carries no state this gateway issued. Start again from the dashboard.",
    );
  }
  const cookie = cookieValue(request, FLOW_COOKIE);
  const auth = upstreamAuth(env, accountId, person);
  const flow = await auth.consumeState(
    await sha256Hex(state),
    cookie ? await sha256Hex(cookie) : null,
    `${url.origin}${url.pathname}`,
  );
  if (!flow.ok) {
    return page(400, "Not connected", `${capital(flow.reason)}. Nothing was stored.`, true);
  }
  try {
    const cfg = await clientConfig(env, flow.integration);
    const tokens = await exchangeCode(cfg, url, state, flow.redirect_uri, flow.code_verifier, now());
    await verifyConnection(env, flow.integration, tokens.access_token);
    await auth.completeConnect(tokens);
    forgetCredential(accountId, person);
  } catch (e) {
    const reason =
      e instanceof OAuthFailure || e instanceof OAuthSetupError ? e.message : "the connection failed";
    if (!(e instanceof OAuthFailure || e instanceof OAuthSetupError)) {
      log("error", "upstream_connect_failed", { account_id: accountId, error: String(e) });
    }
    await auth.failConnect(reason);
    return page(
      400,
      "Not connected",
      `${capital(reason)}. Nothing was stored; start again from the dashboard.`,
      true,
      accountId,
    );
  }
  if (flow.resume) {
    // A person's sign-in on a `per_person` URL: back to its consent page (a URL this gateway stored).
    return new Response(null, {
      status: 302,
      headers: { location: flow.resume, "cache-control": "no-store", "set-cookie": clearedCookie() },
    });
  }
  return page(200, "Connected", "The account is connected. You can close this tab.", true, accountId);
}

/**
 * The integration's `verify` read with the new access token, as for a pasted one
 * (../verify.ts): an API that refuses it fails the connection (nothing is stored); one that cannot
 * answer now does not (the token came from the provider a moment ago).
 */
async function verifyConnection(env: Env, integration: string, accessToken: string): Promise<void> {
  const snapshot = await publishedSnapshot(env, integration, now());
  if (!snapshot) return;
  try {
    await verifyCredentials(env, snapshot.integration, accessToken);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    if (e.code === "credentials_rejected") {
      const d = e.details as { upstream_status?: number; upstream_message?: string } | undefined;
      const said = d?.upstream_message ? `: ${d.upstream_message}` : "";
      throw new OAuthFailure(
        `${snapshot.integration.title}'s API refused the access token it just issued (${d?.upstream_status})${said}`,
        true,
      );
    }
    log("warn", "upstream_connect_unverified", { integration, error: e.code });
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clearedCookie(): string {
  return `${FLOW_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
}

/** The page's headers: no script, the dashboard's stylesheet, no framing, no caching, no referrer. */
function pageHeaders(clear: boolean): Headers {
  const headers = new Headers(DASHBOARD_SECURITY_HEADERS);
  headers.set(
    "content-security-policy",
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  headers.set("cache-control", "no-store");
  headers.set("content-type", "text/html; charset=utf-8");
  // The flow is over (done or failed): its browser binding goes.
  if (clear) headers.set("set-cookie", clearedCookie());
  return headers;
}

/** A small page with a link back to the account (never a redirect); `clear` ends the flow's cookie. */
function page(status: number, title: string, text: string, clear = false, accountId?: string): Response {
  const back = accountId ? `/#/accounts/${encodeURIComponent(accountId)}` : "/#/accounts";
  const body = `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="${escapeHtml(back)}">Back to the dashboard</a></p>`;
  return new Response(htmlPage(title, body, "connect"), { status, headers: pageHeaders(clear) });
}
