/**
 * The client side of the upstream OAuth flows, on `oauth4webapi` (no hand-written token requests):
 * the authorization request (state, PKCE S256), the authorization response (state, RFC 9207 `iss`,
 * error responses), the code exchange and the refresh. Every outcome is data; a provider's refusal
 * is told apart from a provider that could not answer, because only the first needs a person.
 * Nothing here logs, and no token or secret reaches a reason text.
 */
import * as oauth from "oauth4webapi";
import type { OAuth2Method } from "../../integrations/schema";
import type { OAuthEndpoints } from "./methods";

/** One integration's OAuth client in this deployment. */
export interface OAuthClientConfig {
  method: OAuth2Method;
  endpoints: OAuthEndpoints;
  client_id: string;
  client_secret: string;
}

/** Tokens as the gateway keeps them. */
export interface TokenSet {
  access_token: string;
  refresh_token: string | null;
  /** Epoch ms, or null for a token that does not expire. */
  expires_at: number | null;
  scope: string | null;
}

/** How long a token request may take (ms). */
const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

function server(cfg: OAuthClientConfig): oauth.AuthorizationServer {
  return {
    issuer: cfg.endpoints.issuer,
    authorization_endpoint: cfg.endpoints.authorization_url,
    token_endpoint: cfg.endpoints.token_url,
    authorization_response_iss_parameter_supported: cfg.endpoints.requireIss,
  };
}

function client(cfg: OAuthClientConfig): oauth.Client {
  return { client_id: cfg.client_id };
}

function clientAuth(cfg: OAuthClientConfig): oauth.ClientAuth {
  return cfg.method.client_auth === "basic"
    ? oauth.ClientSecretBasic(cfg.client_secret)
    : oauth.ClientSecretPost(cfg.client_secret);
}

/**
 * Token-endpoint fetch: no redirects followed, bounded in time, and an error a provider answers
 * with HTTP 200 (an `error` member and no `access_token`, as some do) becomes the 400 that RFC 6749
 * §5.2 specifies, so the library reads it as the error it is.
 */
async function tokenFetch(
  url: string,
  init: oauth.CustomFetchOptions<"POST", oauth.ProtectedResourceRequestBody>,
) {
  const response = await fetch(url, {
    ...init,
    redirect: "manual",
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
  } as RequestInit);
  if (response.status !== 200 || !(response.headers.get("content-type") ?? "").includes("json")) {
    return response;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const error = body !== null && typeof body === "object" && !("access_token" in body) && "error" in body;
  return new Response(text, { status: error ? 400 : 200, headers: response.headers });
}

function options(cfg: OAuthClientConfig) {
  return {
    [oauth.customFetch]: tokenFetch,
    ...(cfg.endpoints.insecure ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

/** An authorization request: the URL to send the browser to, and the PKCE verifier to keep. */
export async function authorizationRequest(
  cfg: OAuthClientConfig,
  redirect: string,
  state: string,
): Promise<{ url: string; codeVerifier: string | null }> {
  const url = new URL(cfg.endpoints.authorization_url);
  for (const [k, v] of Object.entries(cfg.method.authorization_params)) url.searchParams.set(k, v);
  url.searchParams.set("client_id", cfg.client_id);
  url.searchParams.set("redirect_uri", redirect);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", state);
  if (cfg.method.scopes.length > 0) url.searchParams.set("scope", cfg.method.scopes.join(" "));
  let codeVerifier: string | null = null;
  if (cfg.method.pkce) {
    codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  return { url: url.toString(), codeVerifier };
}

/** A failed step of a flow, with a reason fit for the admin (no secret in it). */
export class OAuthFailure extends Error {
  override name = "OAuthFailure";
  constructor(
    message: string,
    /** The provider said no (vs. could not be asked or answered nonsense). */
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/** The reason of a library error, in words. */
function failure(e: unknown, step: string): OAuthFailure {
  if (e instanceof oauth.AuthorizationResponseError) {
    return new OAuthFailure(
      `the provider answered ${e.error}${e.error_description ? ` (${e.error_description})` : ""}`,
      true,
    );
  }
  if (e instanceof oauth.ResponseBodyError) {
    // An OAuth error body on a 4xx is a decision (e.g. `invalid_grant`); on a 5xx, a failure.
    return new OAuthFailure(
      `${step}: the provider answered ${e.error}${e.error_description ? ` (${e.error_description})` : ""}`,
      e.status < 500,
    );
  }
  if (e instanceof oauth.OperationProcessingError) return new OAuthFailure(`${step}: ${e.message}`, false);
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
    return new OAuthFailure(`${step}: the provider did not answer in time`, false);
  }
  if (e instanceof TypeError) return new OAuthFailure(`${step}: the provider could not be reached`, false);
  return new OAuthFailure(`${step}: failed`, false);
}

function tokenSet(answer: oauth.TokenEndpointResponse, at: number, previous?: string | null): TokenSet {
  return {
    access_token: answer.access_token,
    // A provider that does not rotate answers a refresh without a refresh token: keep the old one.
    refresh_token: answer.refresh_token ?? previous ?? null,
    expires_at: typeof answer.expires_in === "number" ? at + answer.expires_in * 1000 : null,
    scope: answer.scope ?? null,
  };
}

/**
 * Validates the authorization response at `callback` (state, `iss`, error) and exchanges its code.
 * Throws {@link OAuthFailure}.
 */
export async function exchangeCode(
  cfg: OAuthClientConfig,
  callback: URL,
  expectedState: string,
  redirect: string,
  codeVerifier: string | null,
  at: number,
): Promise<TokenSet> {
  const as = server(cfg);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client(cfg), callback, expectedState);
  } catch (e) {
    throw failure(e, "authorization response");
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client(cfg),
      clientAuth(cfg),
      params,
      redirect,
      codeVerifier ?? oauth.nopkce,
      options(cfg),
    );
    return tokenSet(await oauth.processAuthorizationCodeResponse(as, client(cfg), response), at);
  } catch (e) {
    throw failure(e, "code exchange");
  }
}

/** Refreshes with `refreshToken`. Throws {@link OAuthFailure} (`refused` when the provider said no). */
export async function refreshTokens(
  cfg: OAuthClientConfig,
  refreshToken: string,
  at: number,
): Promise<TokenSet> {
  const as = server(cfg);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client(cfg),
      clientAuth(cfg),
      refreshToken,
      options(cfg),
    );
    return tokenSet(await oauth.processRefreshTokenResponse(as, client(cfg), response), at, refreshToken);
  } catch (e) {
    throw failure(e, "refresh");
  }
}
