/**
 * The router's hooks into OAuth: the authorization server's endpoints under `<mcp url>/oauth/` and
 * the two discovery documents under `/.well-known/…/mcp/<token>`. All of them exist only for a live
 * URL in `oauth` mode; for any other token they answer 404, exactly like an unknown URL, so nothing
 * is learnt about URLs in other modes (an `api_token` URL never advertises OAuth).
 */
import { now } from "../clock";
import { isExpired } from "../expiry";
import { HttpError } from "../http/errors";
import { authMode, type TokenRecord } from "../stores/records";
import { resolveUrlToken, urlTokenHash } from "../stores/servers";
import { consentHandler } from "./consent";
import { admitRegistration, clientIdProblem } from "./hygiene";
import { refreshReused, rememberRefresh } from "./refresh-reuse";
import { protectedResourceMetadata } from "./resource";
import {
  authorizationServer,
  type OAuthTarget,
  oauthTarget,
  REFRESH_TOKEN_TTL_S,
  withPublicResource,
  withStoredResource,
} from "./server";

async function oauthRecord(env: Env, token: string): Promise<TokenRecord> {
  const record = await resolveUrlToken(env, token);
  const live = record && !isExpired(record.expires_at, now());
  if (!record || !live || authMode(record.config) !== "oauth") {
    throw new HttpError(404, "not_found", "Unknown or expired MCP server URL, or one without OAuth");
  }
  return record;
}

/** `<mcp url>/oauth/authorize|token|register`; revocation (RFC 7009) is the token endpoint, as the library serves it. */
export async function oauthEndpoint(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  token: string,
  endpoint: string,
): Promise<Response> {
  // The token endpoint answers even once the server is gone, so that a client refreshing or
  // revoking gets a standard OAuth error (`invalid_grant`, from the grant check in ./server.ts)
  // rather than a bare 404; it can only ever act on grants that exist.
  if (endpoint === "token") {
    if (!(await urlTokenHash(token))) throw new HttpError(404, "not_found", "No such route");
    return tokenEndpoint(request, env, ctx, await oauthTarget(new URL(request.url).origin, token));
  }
  const record = await oauthRecord(env, token);
  const target = await oauthTarget(new URL(request.url).origin, token);
  if (endpoint === "authorize") {
    const problem = clientIdProblem(new URL(request.url).searchParams.get("client_id"));
    if (problem) return oauthError(400, "invalid_client", problem);
    return consentHandler(await withStoredResource(request, target), env, target, record);
  }
  if (endpoint === "register") {
    if (request.method === "POST" && !(await admitRegistration(env, token, now()))) {
      return oauthError(
        429,
        "slow_down",
        "Too many client registrations for this MCP URL this hour; retry later",
      );
    }
    return authorizationServer(target).fetch(request, env, ctx);
  }
  throw new HttpError(404, "not_found", "No such route");
}

/**
 * The token endpoint, with the hygiene checks around the library (./hygiene.ts): a metadata-document
 * `client_id` on a non-public host is refused; a rotated-out refresh token used again revokes its
 * grant; a refresh token that worked is remembered for that check. The `resource` goes in and
 * comes out translated (./server.ts).
 */
async function tokenEndpoint(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  target: OAuthTarget,
): Promise<Response> {
  const form =
    request.method === "POST"
      ? await request
          .clone()
          .formData()
          .catch(() => null)
      : null;
  const problem = clientIdProblem(stringOf(form?.get("client_id")));
  if (problem) return oauthError(400, "invalid_client", problem);
  const refreshToken =
    form?.get("grant_type") === "refresh_token" ? stringOf(form.get("refresh_token")) : null;
  if (refreshToken && (await refreshReused(env, refreshToken))) {
    return oauthError(
      400,
      "invalid_grant",
      "This refresh token was already used: the grant is revoked; sign in again",
    );
  }
  const response = await authorizationServer(target).fetch(
    await withStoredResource(request, target),
    env,
    ctx,
  );
  if (refreshToken && response.ok) await rememberRefresh(env, refreshToken, REFRESH_TOKEN_TTL_S);
  return withPublicResource(response, target);
}

function stringOf(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** An OAuth error answer (RFC 6749 §5.2 shape). */
function oauthError(status: number, error: string, description: string): Response {
  return Response.json(
    { error, error_description: description },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/** `/.well-known/oauth-protected-resource/mcp/<token>` (RFC 9728). */
export async function resourceMetadataHandler(request: Request, env: Env, token: string): Promise<Response> {
  return protectedResourceMetadata(request, env, token, await oauthRecord(env, token));
}

/** `/.well-known/oauth-authorization-server/mcp/<token>` (RFC 8414; the issuer is the MCP URL). */
export async function authorizationServerMetadataHandler(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  token: string,
): Promise<Response> {
  await oauthRecord(env, token);
  return authorizationServer(await oauthTarget(new URL(request.url).origin, token)).fetch(request, env, ctx);
}
