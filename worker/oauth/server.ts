/**
 * The OAuth 2.1 authorization server of one MCP URL, built on `@cloudflare/workers-oauth-provider`.
 *
 * Every `oauth` URL is its own issuer and its own single resource: issuer = resource =
 * `<origin>/mcp/<token>`, endpoints under `<resource>/oauth/`. The library assumes a fixed resource
 * list, and the gateway mints URLs at run time, so the server is built per request for the URL the
 * request addresses. That makes every grant resource-bound by construction (RFC 8707): the library
 * stores the resource on the grant and checks the audience on every validation, so a token issued
 * for one URL works on no other. The token endpoint needs no `resource` parameter to know which URL
 * it serves, and the grant's `userId` is the server id, so a server's grants list and revoke as one.
 *
 * What the library stores is not the URL itself (it holds the URL token, a secret) but its
 * {@link OAuthTarget.stored} form, with the token replaced by its SHA-256: clients see and send the
 * URL, and the endpoints translate at the edge (`resource` parameters in, the token answer's
 * `resource` out, the audience checked against the stored form).
 */
import { OAuthAuthorizationServer, OAuthError } from "@cloudflare/workers-oauth-provider";
import * as z from "zod";
import { now } from "../clock";
import { isExpired, secondsLeft } from "../expiry";
import { log } from "../log";
import { mcpPath } from "../security/url-token";
import { getApiToken } from "../stores/api-tokens";
import { authMode, type TokenRecord } from "../stores/records";
import { tokenRecordByHash, urlTokenHash } from "../stores/servers";
import { CLIENT_REGISTRATION_TTL_S, registrationPolicy } from "./hygiene";
import { scoped } from "./library-fetch";

/** The one scope: use this MCP URL. The consent page grants it; nothing narrower exists. */
export const MCP_SCOPE = "mcp";
/** Access-token lifetime, capped by the server's `expires_at`. */
export const ACCESS_TOKEN_TTL_S = 3600;
/** Grant (refresh-token) lifetime, capped by the server's `expires_at`. */
export const REFRESH_TOKEN_TTL_S = 30 * 86_400;
/** KV cannot expire a record sooner: a server this close to its expiry gets no new tokens. */
const KV_MIN_TTL_S = 60;

/**
 * What a grant carries (encrypted by the library with a key only its tokens unwrap): the server it
 * is bound to and the API token that signed the person in at consent, who is the caller.
 */
export const GrantProps = z.object({
  server_id: z.string(),
  api_token_id: z.string(),
  api_token_name: z.string(),
});
export type GrantProps = z.infer<typeof GrantProps>;

/** An MCP URL as OAuth sees it. */
export interface OAuthTarget {
  /** The MCP URL: the issuer, and the resource clients see and send. */
  url: string;
  /** What the library stores as a grant's resource and its tokens' audience: no URL token in it. */
  stored: string;
}

const STORED_PREFIX = "/mcp-grant/";

/** The OAuth target of a URL token (already checked to have the URL-token shape) at an origin. */
export async function oauthTarget(origin: string, token: string): Promise<OAuthTarget> {
  const hash = await urlTokenHash(token);
  if (!hash) throw new Error("not a URL token");
  return { url: `${origin}${mcpPath(token)}`, stored: `${origin}${STORED_PREFIX}${hash}` };
}

/** The URL-token hash a stored resource names, or null when it is not one. */
function tokenHashOfStored(resource: string): string | null {
  const path = new URL(resource).pathname;
  return path.startsWith(STORED_PREFIX) ? path.slice(STORED_PREFIX.length) : null;
}

/**
 * `request` as the library must see it: a `resource` parameter naming the MCP URL (in the query, or
 * in a form-encoded POST body as the token endpoint receives it) names its stored form instead. Any
 * other value is left for the library to refuse (`invalid_target`).
 */
export async function withStoredResource(request: Request, target: OAuthTarget): Promise<Request> {
  const url = new URL(request.url);
  const inQuery = url.searchParams.get("resource") === target.url;
  if (inQuery) url.searchParams.set("resource", target.stored);
  const form = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")
    ? // Bytes, not .text(): workerd warns when a form body is read as text.
      new URLSearchParams(new TextDecoder().decode(await request.clone().arrayBuffer()))
    : null;
  if (form?.get("resource") === target.url) {
    form.set("resource", target.stored);
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    return new Request(url, { method: request.method, headers, body: form });
  }
  return inQuery ? new Request(url, request) : request;
}

/** A token answer as the client must see it: its `resource` is the MCP URL, not the stored form. */
export async function withPublicResource(response: Response, target: OAuthTarget): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { resource?: unknown } | null;
  if (body?.resource !== target.stored) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify({ ...body, resource: target.url }), {
    status: response.status,
    headers,
  });
}

/**
 * The authorization server of one MCP URL (`resource`), with its endpoints under `/oauth/`; its
 * outbound fetches (client metadata documents) are guarded by ./library-fetch.ts.
 */
export function authorizationServer(target: OAuthTarget): OAuthAuthorizationServer<Env> {
  const { url } = target;
  const server = new OAuthAuthorizationServer<Env>({
    issuer: url,
    resources: [target.stored],
    authorizeEndpoint: `${url}/oauth/authorize`,
    tokenEndpoint: `${url}/oauth/token`,
    clientRegistrationEndpoint: `${url}/oauth/register`,
    scopesSupported: [MCP_SCOPE],
    accessTokenTTL: ACCESS_TOKEN_TTL_S,
    refreshTokenTTL: REFRESH_TOKEN_TTL_S,
    clientIdMetadataDocumentEnabled: true,
    clientRegistrationTTL: CLIENT_REGISTRATION_TTL_S,
    clientRegistrationCallback: registrationPolicy,
    tokenExchangeCallback: ({ resource: granted, userId, props, env }) =>
      boundLifetimes(env, granted, userId, props),
    onError: ({ status, code, description }) => {
      // Descriptions never carry tokens or codes; the URL (which holds the URL token) is not logged.
      log("warn", "oauth_error", { status, code, description });
    },
  });
  return scoped(server, ["getOAuthApi"]);
}

/**
 * Runs on every code exchange and refresh: the grant must still name a live `oauth` server and a
 * live API token, and its tokens may not outlive the server. An `invalid_grant` here also makes the
 * library revoke the grant, so a dead grant cannot be retried.
 */
async function boundLifetimes(env: Env, stored: string, userId: string, rawProps: unknown) {
  const hash = tokenHashOfStored(stored);
  const record = hash ? await tokenRecordByHash(env, hash) : null;
  const props = GrantProps.safeParse(rawProps);
  if (!record || !props.success || !grantStillValid(record, props.data, userId)) {
    throw new OAuthError("invalid_grant", { description: "The MCP server or its sign-in no longer exists" });
  }
  if (!(await apiTokenLive(env, props.data.api_token_id))) {
    throw new OAuthError("invalid_grant", { description: "The API token used to sign in was revoked" });
  }
  const left = secondsLeft(record.expires_at, now());
  if (left < KV_MIN_TTL_S) {
    throw new OAuthError("invalid_grant", { description: "The MCP server expires within a minute" });
  }
  // No idle lifetime: a grant's life is fixed at the code exchange (at most REFRESH_TOKEN_TTL_S,
  // capped at the server's expiry), and refreshing never extends it.
  return {
    accessTokenTTL: Math.min(ACCESS_TOKEN_TTL_S, left),
    refreshTokenTTL: Math.min(REFRESH_TOKEN_TTL_S, left),
  };
}

/** A grant is valid on a record only while the record is an unexpired `oauth` server it was made for. */
export function grantStillValid(record: TokenRecord, props: GrantProps, userId?: string): boolean {
  if (record.server_id !== props.server_id || (userId !== undefined && userId !== record.server_id))
    return false;
  if (authMode(record.config) !== "oauth") return false;
  return !isExpired(record.expires_at, now());
}

/** True while the API token exists and may still sign in to MCP URLs. */
export async function apiTokenLive(env: Env, id: string): Promise<boolean> {
  const live = await getApiToken(env.KV, id);
  return live?.scopes.some((s) => s === "mcp" || s === "admin") === true;
}
