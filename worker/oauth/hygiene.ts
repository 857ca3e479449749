/**
 * OAuth hygiene around `@cloudflare/workers-oauth-provider`, as thin checks before and after the
 * library handles a request (never a fork of it), for every `oauth` MCP URL:
 *
 * - **Refresh-token reuse** is caught in worker/oauth/refresh-reuse.ts (it revokes grants, so it
 *   lives beside worker/oauth/grants.ts, not here: the authorization server imports this module).
 * - **Dynamic client registration is bounded**: client name, redirect-URI count and lengths, and at
 *   most {@link MAX_REGISTRATIONS_PER_HOUR} registrations per URL and hour; an unused registration
 *   expires after {@link CLIENT_REGISTRATION_TTL_S} (the library renews registrations in use).
 * - **Client ID metadata documents** are never fetched from a loopback, private, link-local or
 *   reserved address in any notation: such a `client_id` is refused here, before the library could
 *   fetch it; the library's fetches themselves never follow a redirect (./library-fetch.ts).
 */
import type { ClientRegistrationCallbackResult } from "@cloudflare/workers-oauth-provider";
import { sha256Hex } from "../security/crypto";
import { isNonPublicHost } from "../security/hosts";
import { hasControl } from "../security/text";

/** An unused dynamic registration lives this long (the library renews the ones tokens are exchanged with). */
export const CLIENT_REGISTRATION_TTL_S = 7 * 86_400;
/** Registrations one MCP URL accepts per hour. */
export const MAX_REGISTRATIONS_PER_HOUR = 20;
const MAX_CLIENT_NAME = 200;
const MAX_REDIRECT_URIS = 10;
const MAX_URI_CHARS = 2_000;

/** The library's registration callback: refuses oversized or malformed client metadata. */
export function registrationPolicy(options: {
  clientMetadata: Record<string, unknown>;
}): ClientRegistrationCallbackResult | undefined {
  const m = options.clientMetadata;
  const name = m.client_name;
  if (name !== undefined && (typeof name !== "string" || name.length > MAX_CLIENT_NAME || hasControl(name))) {
    return refuse(`client_name must be text of at most ${MAX_CLIENT_NAME} characters`);
  }
  const uris = m.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_REDIRECT_URIS) {
    return refuse(`redirect_uris must list 1 to ${MAX_REDIRECT_URIS} URIs`);
  }
  if (uris.some((u) => typeof u !== "string" || u.length > MAX_URI_CHARS)) {
    return refuse(`each redirect URI must be at most ${MAX_URI_CHARS} characters`);
  }
  for (const key of ["client_uri", "logo_uri", "tos_uri", "policy_uri", "jwks_uri"]) {
    const v = m[key];
    if (v !== undefined && (typeof v !== "string" || v.length > MAX_URI_CHARS)) {
      return refuse(`${key} must be at most ${MAX_URI_CHARS} characters`);
    }
  }
  return undefined;
}

function refuse(description: string): ClientRegistrationCallbackResult {
  return { code: "invalid_client_metadata", description };
}

/** True when one more registration fits this URL's hourly budget (KV counter; approximate across locations). */
export async function admitRegistration(env: Env, urlToken: string, nowMs: number): Promise<boolean> {
  const key = `oauth-registrations:${await sha256Hex(urlToken)}:${Math.floor(nowMs / 3_600_000)}`;
  const count = Number((await env.KV.get(key)) ?? "0");
  if (count >= MAX_REGISTRATIONS_PER_HOUR) return false;
  await env.KV.put(key, String(count + 1), { expirationTtl: 7_200 });
  return true;
}

/**
 * Why a `client_id` must not be resolved as a metadata document, or null: an https URL (the shape
 * the library fetches) whose host is not on the public internet.
 */
export function clientIdProblem(clientId: string | null): string | null {
  if (!clientId?.startsWith("https:")) return null;
  try {
    const host = new URL(clientId).hostname;
    return isNonPublicHost(host) ? `client_id names a non-public host (${host.slice(0, 100)})` : null;
  } catch {
    return null;
  }
}
