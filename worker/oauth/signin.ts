/**
 * A person's sign-in carried across the provider trip of a `per_person` URL, so they enter their
 * API token once. When the consent page sends a signed-in person on to the upstream provider, this
 * browser gets a random ticket (an HttpOnly cookie scoped to this URL's authorization endpoint,
 * 10 minutes); KV keeps only its SHA-256 with the server and the API token it proves. Back on the
 * consent page the person is shown as signed in and approves without the token; the ticket is
 * deleted when it is used. It counts only while that API token still exists with the `mcp` or
 * `admin` scope, and only for the server it was issued on.
 */
import * as z from "zod";
import { cookieValue } from "../http/cookies";
import { randomToken, sha256Hex } from "../security/crypto";
import { type ApiTokenCaller, getApiToken } from "../stores/api-tokens";
import { getJson, keys } from "../stores/records";

const COOKIE = "emcp_signin";
const TTL_S = 600;

const SignInTicket = z.object({ server_id: z.string(), api_token_id: z.string() });

/** The `Set-Cookie` value that carries a new ticket for `caller` on this server's consent page. */
export async function issueSignIn(request: Request, env: Env, serverId: string, caller: ApiTokenCaller) {
  const ticket = randomToken("");
  const record: z.infer<typeof SignInTicket> = { server_id: serverId, api_token_id: caller.api_token_id };
  await env.KV.put(keys.consentSignIn(await sha256Hex(ticket)), JSON.stringify(record), {
    expirationTtl: TTL_S,
  });
  return cookie(request, ticket, TTL_S);
}

/** Who this browser's ticket signs in on this server, or null (no ticket, another server, token revoked). */
export async function signedIn(request: Request, env: Env, serverId: string): Promise<ApiTokenCaller | null> {
  const ticket = ticketOf(request);
  if (!ticket) return null;
  const record = await getJson(env.KV, keys.consentSignIn(await sha256Hex(ticket)), SignInTicket);
  if (record?.server_id !== serverId) return null;
  const token = await getApiToken(env.KV, record.api_token_id);
  if (!token?.scopes.some((s) => s === "mcp" || s === "admin")) return null;
  return { api_token_id: token.id, api_token_name: token.name };
}

/** Deletes this browser's ticket once it signed someone in; returns the `Set-Cookie` that clears it. */
export async function consumeSignIn(request: Request, env: Env): Promise<string> {
  const ticket = ticketOf(request);
  if (ticket) await env.KV.delete(keys.consentSignIn(await sha256Hex(ticket)));
  return cookie(request, "", 0);
}

function ticketOf(request: Request): string | null {
  return cookieValue(request, COOKIE);
}

function cookie(request: Request, value: string, maxAge: number): string {
  // Only this URL's authorization endpoint ever receives it.
  const url = new URL(request.url);
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return `${COOKIE}=${value}; Path=${url.pathname}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}
