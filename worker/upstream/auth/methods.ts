/**
 * How an integration's accounts connect (its `auth_methods`, data) and where its OAuth endpoints are
 * in this deployment. A deployment that points an integration's API elsewhere (`UPSTREAM_BASE_URLS`,
 * e.g. at a local simulator) moves its OAuth endpoints to that origin too, keeping their paths: a
 * simulator serves the provider side of its vendor on its one origin.
 */
import { baseUrlOverrides } from "../../integrations/base-url";
import type { AuthMethod, Integration, OAuth2Method } from "../../integrations/schema";

/** The connect paths of every callback: one per deployment, the same for every integration. */
export const CALLBACK_PATH = "/upstream-oauth/callback";

/** The exact redirect URI to register at a provider, for a gateway reached at `origin`. */
export function redirectUri(origin: string): string {
  return `${origin}${CALLBACK_PATH}`;
}

/** The ways an account of `integration` connects; `api_token` alone when it declares none. */
export function authMethods(integration: Integration): AuthMethod[] {
  return integration.auth_methods ?? [{ type: "api_token" }];
}

/** The integration's `oauth2` method, or null. */
export function oauth2Method(integration: Integration): OAuth2Method | null {
  return authMethods(integration).find((m): m is OAuth2Method => m.type === "oauth2") ?? null;
}

/** Where the provider's endpoints are in this deployment, and what its `iss` must be. */
export interface OAuthEndpoints {
  authorization_url: string;
  token_url: string;
  /** What an RFC 9207 `iss` must equal. */
  issuer: string;
  /** The provider always sends `iss` (declared `issuer`): a response without one is refused. */
  requireIss: boolean;
  /** Plain http is allowed (a local simulator named by `UPSTREAM_BASE_URLS`). */
  insecure: boolean;
}

/** The endpoints of `method` for `integration` in this deployment. */
export function oauthEndpoints(env: Env, integration: Integration, method: OAuth2Method): OAuthEndpoints {
  const override = baseUrlOverrides(env)[integration.name];
  const moved = (url: string) => {
    if (!override) return url;
    const u = new URL(url);
    const to = new URL(override);
    return `${to.origin}${u.pathname}${u.search}`;
  };
  const authorization_url = moved(method.authorization_url);
  return {
    authorization_url,
    token_url: moved(method.token_url),
    issuer: method.issuer ? moved(method.issuer) : new URL(authorization_url).origin,
    requireIss: method.issuer !== undefined,
    insecure: override !== undefined && new URL(override).protocol === "http:",
  };
}
