/**
 * An OAuth 2.1 client driven by hand against the Worker entry, for the workers tests of `oauth`
 * URLs: dynamic registration, PKCE S256, the consent form (handle + browser-bound cookie), token
 * and refresh requests. Every step returns the raw response too, so tests can assert refusals.
 */
import { admin, gw } from "./gateway";

/** A PKCE verifier and its S256 challenge. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: b64url(new Uint8Array(digest)) };
}

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The path of an MCP URL (`/mcp/<token>`). */
export const pathOf = (url: string) => new URL(url).pathname;

export const REDIRECT_URI = "https://client.example/callback";

/** Registers a public client (RFC 7591) at an MCP URL's registration endpoint. */
export async function registerClient(mcpUrl: string, redirectUris = [REDIRECT_URI]): Promise<string> {
  const res = await gw(`${pathOf(mcpUrl)}/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: "Test Client",
      redirect_uris: redirectUris,
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
    }),
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** The authorization URL (path + query) for a client. */
export function authorizePath(
  mcpUrl: string,
  clientId: string,
  challenge: string | null,
  extra: Record<string, string> = {},
): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    state: "st-123",
    scope: "mcp",
    resource: mcpUrl,
    ...(challenge ? { code_challenge: challenge, code_challenge_method: "S256" } : {}),
    ...extra,
  });
  return `${pathOf(mcpUrl)}/oauth/authorize?${q}`;
}

/** Opens the consent page (with the browser's `cookie`, if any): its HTML, the form's handle and the binding cookie. */
export async function openConsent(path: string, cookie?: string) {
  const res = await gw(path, cookie ? { headers: { cookie } } : {});
  const html = await res.text();
  const handle = html.match(/name="handle" value="([^"]+)"/)?.[1] ?? null;
  const binding = res.headers.get("set-cookie")?.split(";")[0] ?? null;
  return { res, html, handle, cookie: binding };
}

/** Submits the consent form. */
export function submitConsent(
  path: string,
  form: { handle: string; cookie: string; decision: "approve" | "deny"; apiToken?: string },
): Promise<Response> {
  const body = new URLSearchParams({ handle: form.handle, decision: form.decision });
  if (form.apiToken !== undefined) body.set("api_token", form.apiToken);
  return gw(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: form.cookie },
    body,
    redirect: "manual",
  });
}

/** Runs the authorization request through consent with an API token; returns the redirect's code. */
export async function authorize(mcpUrl: string, clientId: string, apiToken: string, challenge: string) {
  const path = authorizePath(mcpUrl, clientId, challenge);
  const page = await openConsent(path);
  if (!page.handle || !page.cookie) throw new Error(`no consent form: ${page.res.status} ${page.html}`);
  const res = await submitConsent(path, {
    handle: page.handle,
    cookie: page.cookie,
    decision: "approve",
    apiToken,
  });
  const location = new URL(res.headers.get("location") ?? "about:blank");
  return { res, location, code: location.searchParams.get("code") };
}

/** A token-endpoint request (form-encoded). */
export function tokenRequest(mcpUrl: string, params: Record<string, string>): Promise<Response> {
  return gw(`${pathOf(mcpUrl)}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
}

/** Tokens for an `oauth` URL through the whole flow. */
export async function signIn(mcpUrl: string, apiToken: string) {
  const clientId = await registerClient(mcpUrl);
  const { verifier, challenge } = await pkce();
  const { code } = await authorize(mcpUrl, clientId, apiToken, challenge);
  const res = await tokenRequest(mcpUrl, {
    grant_type: "authorization_code",
    code: code ?? "",
    redirect_uri: REDIRECT_URI,
    client_id: clientId,
    code_verifier: verifier,
    resource: mcpUrl,
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  const tokens = (await res.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    resource?: string;
  };
  return { clientId, ...tokens };
}

/** An API token with the given scopes and name; returns its id and the raw token. */
export async function apiToken(
  scopes: Array<"mcp" | "admin">,
  name = "Alice",
): Promise<{ id: string; token: string }> {
  const res = await admin("POST", "/api-token", { name, scopes });
  return (await res.json()) as { id: string; token: string };
}

/** A refresh-token request for tokens from {@link signIn}. */
export function refresh(
  mcpUrl: string,
  tokens: { refresh_token: string; clientId: string },
): Promise<Response> {
  return tokenRequest(mcpUrl, {
    grant_type: "refresh_token",
    refresh_token: tokens.refresh_token,
    client_id: tokens.clientId,
  });
}
