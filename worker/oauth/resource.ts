/**
 * The resource side of an `oauth` MCP URL, through the library's `OAuthResourceServer`: it publishes
 * the RFC 9728 metadata (`resource` is exactly the URL), answers a request without a token with
 * `401` and `WWW-Authenticate: Bearer resource_metadata="…"`, and accepts only tokens whose audience
 * is this URL. On top, every request re-checks what the grant depends on: the server it names and
 * the API token that signed in (revoking either kills the grant's tokens at once).
 */
import { OAuthResourceServer } from "@cloudflare/workers-oauth-provider";
import type { ApiTokenCaller } from "../stores/api-tokens";
import type { TokenRecord } from "../stores/records";
import {
  apiTokenLive,
  authorizationServer,
  GrantProps,
  grantStillValid,
  type OAuthTarget,
  oauthTarget,
} from "./server";

/** The MCP URL's resource server; `onAuthorized` receives the caller of a valid token. */
function resourceServer(
  target: OAuthTarget,
  record: TokenRecord,
  onAuthorized: (caller: ApiTokenCaller) => void,
) {
  const as = authorizationServer(target);
  const { url } = target;
  return new OAuthResourceServer<Env, GrantProps>({
    resourceMetadata: { resource: url, authorization_servers: [url], resource_name: "edge-mcp MCP server" },
    // The library stored the audience in its stored form (./server.ts): the URL minus its token.
    validateToken: (env) => async (_audience, token) => {
      const valid = await as.validateToken(target.stored, token, env);
      const props = GrantProps.safeParse(valid?.props);
      if (!valid || !props.success || !grantStillValid(record, props.data, valid.userId)) return null;
      if (!(await apiTokenLive(env, props.data.api_token_id))) return null;
      // The resource server checks the audience against the URL it serves.
      return { ...valid, audience: url, props: props.data };
    },
    handler: {
      fetch: (_request, _env, ctx) => {
        onAuthorized({ api_token_id: ctx.props.api_token_id, api_token_name: ctx.props.api_token_name });
        // A marker the caller never forwards: the MCP request itself is served by the router's handler.
        return new Response(null, { status: 204 });
      },
    },
  });
}

/**
 * Authorizes a request to an `oauth` MCP URL by its OAuth access token: the caller it names, or the
 * library's ready answer (the 401 challenge, or 503 when validation itself failed).
 */
export async function oauthCaller(
  request: Request,
  env: Env,
  token: string,
  record: TokenRecord,
): Promise<ApiTokenCaller | Response> {
  let caller: ApiTokenCaller | null = null;
  const target = await oauthTarget(new URL(request.url).origin, token);
  const answer = await resourceServer(target, record, (c) => {
    caller = c;
  }).fetch(request, env, {} as ExecutionContext);
  return caller ?? answer;
}

/** `GET /.well-known/oauth-protected-resource/mcp/<token>` of an `oauth` URL (RFC 9728). */
export async function protectedResourceMetadata(
  request: Request,
  env: Env,
  token: string,
  record: TokenRecord,
): Promise<Response> {
  const target = await oauthTarget(new URL(request.url).origin, token);
  return resourceServer(target, record, () => {}).fetch(request, env, {} as ExecutionContext);
}
