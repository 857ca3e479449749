/**
 * The consent page's HTML: server-rendered, no script at all, styled by the dashboard's own
 * stylesheet (`/styles.css`, same origin), so it looks like the dashboard and works at 375 px
 * (the sign-in card is `min(440px, 100%)` wide). Everything that came from a client (its name, its
 * domain, its redirect host) or an admin is escaped.
 */
import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";
import { DASHBOARD_SECURITY_HEADERS } from "../dashboard";
import { escapeHtml as esc, htmlPage as shell } from "../http/html";

/** What the page says about the MCP server being granted. */
export interface ServerFacts {
  serverName: string;
  accountName: string;
  integration: string;
  toolCount: number;
  methods: string[];
  expiresAt: string | null;
}

/**
 * Security headers of the consent page: the dashboard's, with a CSP that allows no script and lets
 * the form post only to this page and, after it, be redirected to the client's validated redirect
 * URI (browsers apply `form-action` to the redirect too).
 */
export function consentHeaders(redirectUri: string | null, provider?: string): Headers {
  const headers = new Headers(DASHBOARD_SECURITY_HEADERS);
  let target = "";
  if (redirectUri) {
    const u = new URL(redirectUri);
    target = ` ${u.origin === "null" ? u.protocol : u.origin}`;
  }
  // A `per_person` server's sign-in may go on to the upstream provider's consent page first.
  if (provider) target += ` ${new URL(provider).origin}`;
  headers.set(
    "content-security-policy",
    `default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'${target}; frame-ancestors 'none'`,
  );
  headers.set("cache-control", "no-store");
  headers.set("content-type", "text/html; charset=utf-8");
  return headers;
}

/**
 * The consent page: who asks, for what, and the API-token sign-in with Approve and Deny. `signedInAs`
 * names the person already signed in on this page (back from a `per_person` provider trip): then
 * no token is asked for again.
 */
export function consentPage(
  client: ConsentDescription,
  server: ServerFacts,
  handle: string,
  error: string | null,
  signedInAs: string | null = null,
): string {
  const clientName = esc(client.clientName || "An unnamed app");
  const origin = client.clientDomain
    ? `Published by <strong>${esc(client.clientDomain)}</strong>.`
    : "This app registered itself; its name is not verified.";
  const loopback = client.redirectIsLoopback
    ? `<p class="notice notice-warn">This sends access to an app on your computer. Continue only if you just started connecting from it.</p>`
    : "";
  const expiry = server.expiresAt
    ? `<time datetime="${esc(server.expiresAt)}">${esc(server.expiresAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC"))}</time>`
    : "never";
  const methods = server.methods.length ? ` (${esc(server.methods.join(", "))})` : "";
  return shell(
    `Allow ${client.clientName || "this app"} to use ${server.serverName}?`,
    `<h1 id="consent-title">Allow <strong>${clientName}</strong> to use <strong>${esc(server.serverName)}</strong>?</h1>
<p>${origin} Access will be sent to <strong>${esc(client.redirectHost)}</strong>.</p>
${loopback}
<dl class="facts">
<dt>MCP server</dt><dd>${esc(server.serverName)}</dd>
<dt>Account</dt><dd>${esc(server.accountName)} <span class="muted">(${esc(server.integration)})</span></dd>
<dt>Tools</dt><dd>${server.toolCount}${methods}</dd>
<dt>Expires</dt><dd>${expiry}</dd>
<dt>Asking</dt><dd>${clientName}</dd>
</dl>
<form class="signin-form" method="post" aria-labelledby="consent-title">
<input type="hidden" name="handle" value="${esc(handle)}">
${signedInAs === null ? tokenField(error) : `<p class="notice">Signed in as <strong>${esc(signedInAs)}</strong>, with your own ${esc(server.integration)} account connected. Calls are recorded under this name.</p>`}
<div class="form-actions">
<button class="button" type="submit" name="decision" value="deny" formnovalidate>Deny</button>
<button class="button button-primary" type="submit" name="decision" value="approve">Approve</button>
</div>
</form>`,
  );
}

/** The API-token sign-in field, with the last attempt's error. */
function tokenField(error: string | null): string {
  return `<div class="field">
<label for="api-token">Your API token</label>
<input id="api-token" name="api_token" type="password" autocomplete="off" spellcheck="false"${error ? ' aria-invalid="true" aria-describedby="api-token-error"' : ""}>
<p class="field-hint">An edge-mcp API token with the mcp or admin scope, from your admin. It signs you in; the app never sees it. Calls it makes are recorded under this token's name.</p>
${error ? `<p class="form-error" id="api-token-error" role="alert">${esc(error)}</p>` : ""}
</div>`;
}

/** A page for an authorization request that cannot be sent back to the client. */
export function consentErrorPage(message: string): string {
  return shell(
    "Cannot connect",
    `<h1>This connection request cannot be completed</h1>
<p class="form-error" role="alert">${esc(message)}</p>
<p class="muted">Start connecting again from the app.</p>`,
  );
}
