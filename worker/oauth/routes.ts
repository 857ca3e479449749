/**
 * The router's hooks into OAuth: the authorization server's endpoints under `<mcp url>/oauth/` and
 * the two discovery documents under `/.well-known/…/mcp/<token>`. All of them exist only for a live
 * URL in `oauth` mode; for any other token they answer 404, exactly like an unknown URL, so nothing
 * is learnt about URLs in other modes (an `api_token` URL never advertises OAuth).
 */
import { now } from "../clock";
import { HttpError } from "../http/errors";
import { authMode, type TokenRecord } from "../stores/records";
import { resolveUrlToken, urlTokenHash } from "../stores/servers";
import { consentHandler } from "./consent";
import { protectedResourceMetadata } from "./resource";
import { authorizationServer, mcpResource } from "./server";

async function oauthRecord(env: Env, token: string): Promise<TokenRecord> {
  const record = await resolveUrlToken(env, token);
  const live = record && (record.expires_at === null || Date.parse(record.expires_at) > now());
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
  const as = () => authorizationServer(mcpResource(new URL(request.url).origin, token));
  // The token endpoint answers even once the server is gone, so that a client refreshing or
  // revoking gets a standard OAuth error (`invalid_grant`, from the grant check in ./server.ts)
  // rather than a bare 404; it can only ever act on grants that exist.
  if (endpoint === "token") {
    if (!(await urlTokenHash(token))) throw new HttpError(404, "not_found", "No such route");
    return as().fetch(request, env, ctx);
  }
  const record = await oauthRecord(env, token);
  if (endpoint === "authorize") return consentHandler(request, env, token, record);
  if (endpoint === "register") return as().fetch(request, env, ctx);
  throw new HttpError(404, "not_found", "No such route");
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
  return authorizationServer(mcpResource(new URL(request.url).origin, token)).fetch(request, env, ctx);
}
