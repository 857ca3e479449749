/**
 * The provider side of OAuth 2.0 (authorization code grant, refresh) shared by the simulators: an
 * authorize page with Approve / Deny, a token endpoint, and the tokens it issued, which the
 * simulator's API accepts. Each simulator configures it after its vendor's public documentation:
 * GitHub (GitHub App user access tokens: PKCE, client secret in the body, `ghu_` tokens that expire
 * after 8 hours, `ghr_` refresh tokens that rotate on use, errors answered with HTTP 200) and Notion
 * (public connections: HTTP Basic client authentication, JSON or form bodies, non-expiring access
 * tokens with rotating refresh tokens, RFC 6749 errors with 400).
 *
 * Two control endpoints drive the lifecycle in tests (`/__simulator/oauth/…`, served by each
 * simulator): `POST expire` (every access token expires now) and `POST revoke` (every refresh token
 * is revoked). `GET stats` counts what the token endpoint did; `GET app` names the registered app.
 */

/** An OAuth app registered at the provider. */
export interface OAuthApp {
  client_id: string;
  client_secret: string;
}

/** Someone who can approve on the authorize page, and what the API sees them as. */
export interface OAuthUser {
  /** What the API resolves the token to (a login, a user id). */
  subject: string;
  label: string;
}

/** How the provider behaves, after its vendor's documentation. */
export interface ProviderConfig {
  /** `github`: token errors are HTTP 200 with `error`; `rfc6749`: 400/401 with `error`. */
  errors: "github" | "rfc6749";
  authorizePath: string;
  tokenPath: string;
  /** Client authentication the token endpoint accepts. */
  clientAuth: "basic" | "body";
  /** Whether `code_challenge` (S256) is honoured. */
  pkce: boolean;
  accessPrefix: string;
  refreshPrefix: string;
  /** Access-token lifetime in seconds, or null for tokens that do not expire. */
  accessTtlSeconds: number | null;
  /** Refresh-token lifetime in seconds (sent as `refresh_token_expires_in` when set). */
  refreshTtlSeconds: number | null;
  /** Whether a refresh also invalidates the access token it replaces (GitHub: yes). */
  refreshRevokesAccess: boolean;
  /** Extra fields of every token answer (e.g. Notion's workspace and owner). */
  extraFields?: (user: OAuthUser) => Record<string, unknown>;
  app: OAuthApp;
  users: readonly OAuthUser[];
  /** Title on the authorize page. */
  title: string;
  now: () => number;
}

interface Grant {
  user: OAuthUser;
  scope: string;
}

interface Code extends Grant {
  redirect_uri: string | undefined;
  challenge: string | undefined;
  expires_at: number;
  used: boolean;
  /** Tokens issued with this code (revoked if the code is presented again). */
  issued: string[];
}

interface AccessToken extends Grant {
  expires_at: number | null;
}

interface RefreshToken extends Grant {
  expires_at: number | null;
  /** The access token issued with it. */
  pair: string;
}

/** What the token endpoint did since the last reset. */
export interface ProviderStats {
  authorizations: number;
  code_exchanges: number;
  refreshes: number;
  refused: number;
}

/** Lookup of a bearer token by the simulator's API. */
export type TokenLookup = { subject: string } | "expired" | undefined;

const CODE_TTL_MS = 10 * 60_000;

function random(prefix: string, bytes = 24): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  let s = "";
  for (const x of digest) s += String.fromCharCode(x);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The provider side of one simulator. */
export class OAuthProvider {
  private codes = new Map<string, Code>();
  private access = new Map<string, AccessToken>();
  private refresh = new Map<string, RefreshToken>();
  private counts: ProviderStats = { authorizations: 0, code_exchanges: 0, refreshes: 0, refused: 0 };

  readonly config: ProviderConfig;

  constructor(config: ProviderConfig) {
    this.config = config;
  }

  /** Whether this request is for the provider (authorize page or token endpoint). */
  handles(url: URL): boolean {
    return url.pathname === this.config.authorizePath || url.pathname === this.config.tokenPath;
  }

  /** Resolves a bearer token the provider issued. */
  lookup(token: string): TokenLookup {
    const t = this.access.get(token);
    if (!t) return undefined;
    if (t.expires_at !== null && t.expires_at <= this.config.now()) return "expired";
    return { subject: t.user.subject };
  }

  /** `POST /__simulator/oauth/expire`: every access token expires now. */
  expireAll(): number {
    const at = this.config.now();
    for (const t of this.access.values()) t.expires_at = at;
    return this.access.size;
  }

  /** `POST /__simulator/oauth/revoke`: every refresh token is revoked. */
  revokeAll(): number {
    const n = this.refresh.size;
    this.refresh.clear();
    return n;
  }

  get stats(): ProviderStats {
    return { ...this.counts };
  }

  reset(): void {
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
    this.counts = { authorizations: 0, code_exchanges: 0, refreshes: 0, refused: 0 };
  }

  /** Answers `/__simulator/oauth/<what>`, or null when it is not an OAuth control. */
  control(what: string, method: string): Response | null {
    if (what === "oauth/expire" && method === "POST") return Response.json({ expired: this.expireAll() });
    if (what === "oauth/revoke" && method === "POST") return Response.json({ revoked: this.revokeAll() });
    if (what === "oauth/stats" && method === "GET") return Response.json(this.stats);
    // The registered app, so a local stack can register it with the gateway (`npm start` does).
    if (what === "oauth/app" && method === "GET") return Response.json(this.config.app);
    return null;
  }

  /** Serves the authorize page (GET), its decision (POST) and the token endpoint. */
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === this.config.authorizePath) {
      if (request.method === "GET") return this.authorizePage(url.searchParams);
      if (request.method === "POST") return this.decide(new URLSearchParams(await bodyText(request)));
      return new Response("Method Not Allowed", { status: 405 });
    }
    if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
    return this.token(request);
  }

  /** Checks the authorization request; an error page (never a redirect) when the client is unknown. */
  private checkRequest(p: URLSearchParams): string | null {
    if (p.get("client_id") !== this.config.app.client_id) return "The client_id is not a registered app.";
    const redirect = p.get("redirect_uri");
    if (!redirect) return "redirect_uri is required.";
    try {
      const u = new URL(redirect);
      if (u.protocol !== "https:" && u.hostname !== "127.0.0.1" && u.hostname !== "localhost")
        return "redirect_uri must be https (or a loopback address).";
    } catch {
      return "redirect_uri is not a URL.";
    }
    if ((p.get("response_type") ?? "code") !== "code") return "response_type must be code.";
    if (p.has("code_challenge") && p.get("code_challenge_method") !== "S256")
      return "code_challenge_method must be S256.";
    return null;
  }

  private authorizePage(p: URLSearchParams): Response {
    const problem = this.checkRequest(p);
    if (problem) return page(this.config.title, `<p class="error">${escapeHtml(problem)}</p>`, 400);
    const hidden = [...p]
      .filter(([k]) => k !== "decision" && k !== "subject")
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
    const users = this.config.users
      .map(
        (u, i) =>
          `<label><input type="radio" name="subject" value="${escapeHtml(u.subject)}"${i === 0 ? " checked" : ""}> ${escapeHtml(u.label)}</label>`,
      )
      .join("<br>");
    return page(
      this.config.title,
      `<form method="post" action="${escapeHtml(this.config.authorizePath)}">${hidden}
<p>An app wants to act as you${p.get("scope") ? ` with the scopes <code>${escapeHtml(p.get("scope") ?? "")}</code>` : ""}.</p>
<p>Sign in as:<br>${users}</p>
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button></form>`,
    );
  }

  private async decide(p: URLSearchParams): Promise<Response> {
    const problem = this.checkRequest(p);
    if (problem) return page(this.config.title, `<p class="error">${escapeHtml(problem)}</p>`, 400);
    const target = new URL(p.get("redirect_uri") ?? "");
    const state = p.get("state");
    if (state !== null) target.searchParams.set("state", state);
    if (p.get("decision") !== "approve") {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "The user has denied your application access.");
      return Response.redirect(target.toString(), 302);
    }
    const user = this.config.users.find((u) => u.subject === p.get("subject")) ?? this.config.users[0];
    if (!user) throw new Error("the provider has no users");
    const code = random("", 10);
    this.codes.set(code, {
      user,
      scope: p.get("scope") ?? "",
      redirect_uri: p.get("redirect_uri") ?? undefined,
      challenge: this.config.pkce ? (p.get("code_challenge") ?? undefined) : undefined,
      expires_at: this.config.now() + CODE_TTL_MS,
      used: false,
      issued: [],
    });
    this.counts.authorizations++;
    target.searchParams.set("code", code);
    return Response.redirect(target.toString(), 302);
  }

  /** The token endpoint's parameters: form-encoded or JSON (Notion documents JSON). */
  private async params(request: Request): Promise<URLSearchParams> {
    const text = await bodyText(request);
    if ((request.headers.get("content-type") ?? "").includes("json")) {
      try {
        const o = JSON.parse(text) as Record<string, unknown>;
        return new URLSearchParams(
          Object.entries(o)
            .filter(([, v]) => typeof v === "string")
            .map(([k, v]) => [k, v as string]),
        );
      } catch {
        return new URLSearchParams();
      }
    }
    return new URLSearchParams(text);
  }

  /** The client the request authenticates as, by the documented method only. */
  private authenticated(request: Request, p: URLSearchParams): boolean {
    const { app, clientAuth } = this.config;
    if (clientAuth === "body") {
      return p.get("client_id") === app.client_id && p.get("client_secret") === app.client_secret;
    }
    const m = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    if (!m?.[1]) return false;
    let decoded = "";
    try {
      decoded = atob(m[1]);
    } catch {
      return false;
    }
    const i = decoded.indexOf(":");
    const id = decodeURIComponent(decoded.slice(0, i));
    const secret = decodeURIComponent(decoded.slice(i + 1));
    return id === app.client_id && secret === app.client_secret;
  }

  private async token(request: Request): Promise<Response> {
    const p = await this.params(request);
    if (!this.authenticated(request, p)) {
      return this.error("invalid_client", "The client_id and/or client_secret passed are incorrect.", 401);
    }
    const grant = p.get("grant_type") ?? (this.config.errors === "github" ? "authorization_code" : null);
    if (grant === "authorization_code") return this.exchange(p);
    if (grant === "refresh_token") return this.refreshGrant(p);
    return this.error("unsupported_grant_type", "The grant_type is not supported.", 400);
  }

  private async exchange(p: URLSearchParams): Promise<Response> {
    const code = this.codes.get(p.get("code") ?? "");
    const bad = () => this.error("invalid_grant", "The code passed is incorrect or expired.", 400);
    if (!code) return bad();
    if (code.used) {
      // A code presented twice: refuse, and revoke what it was exchanged for (RFC 6749 §4.1.2).
      for (const t of code.issued) {
        this.access.delete(t);
        this.refresh.delete(t);
      }
      return bad();
    }
    code.used = true;
    if (code.expires_at <= this.config.now()) return bad();
    if (code.redirect_uri !== undefined && p.get("redirect_uri") !== code.redirect_uri) {
      return this.error(
        "redirect_uri_mismatch",
        "The redirect_uri MUST match the registered callback URL for this application.",
        400,
      );
    }
    if (code.challenge !== undefined) {
      const verifier = p.get("code_verifier");
      if (!verifier || (await s256(verifier)) !== code.challenge) return bad();
    }
    this.counts.code_exchanges++;
    const answer = this.issue(code);
    code.issued.push(answer.access_token as string);
    if (typeof answer.refresh_token === "string") code.issued.push(answer.refresh_token);
    return Response.json(answer);
  }

  private refreshGrant(p: URLSearchParams): Response {
    const presented = p.get("refresh_token") ?? "";
    const r = this.refresh.get(presented);
    if (!r || (r.expires_at !== null && r.expires_at <= this.config.now())) {
      return this.error("invalid_grant", "The refresh token passed is incorrect or expired.", 400);
    }
    // Rotation: the presented refresh token is spent; GitHub also retires its access token.
    this.refresh.delete(presented);
    if (this.config.refreshRevokesAccess) {
      this.access.delete(r.pair);
    }
    this.counts.refreshes++;
    return Response.json(this.issue(r));
  }

  private issue(grant: Grant): Record<string, unknown> {
    const { accessTtlSeconds, refreshTtlSeconds, now } = this.config;
    const at = now();
    const access_token = random(this.config.accessPrefix);
    const refresh_token = random(this.config.refreshPrefix);
    this.access.set(access_token, {
      user: grant.user,
      scope: grant.scope,
      expires_at: accessTtlSeconds === null ? null : at + accessTtlSeconds * 1000,
    });
    this.refresh.set(refresh_token, {
      user: grant.user,
      scope: grant.scope,
      expires_at: refreshTtlSeconds === null ? null : at + refreshTtlSeconds * 1000,
      pair: access_token,
    });
    return {
      access_token,
      token_type: "bearer",
      ...(accessTtlSeconds === null ? {} : { expires_in: accessTtlSeconds }),
      refresh_token,
      ...(refreshTtlSeconds === null ? {} : { refresh_token_expires_in: refreshTtlSeconds }),
      ...(this.config.errors === "github" ? { scope: grant.scope } : {}),
      ...(this.config.extraFields?.(grant.user) ?? {}),
    };
  }

  /**
   * A token-endpoint error in the vendor's way: GitHub answers HTTP 200 with `error`,
   * `error_description` and `error_uri` (its codes: `bad_verification_code`, `bad_refresh_token`,
   * `incorrect_client_credentials`, `redirect_uri_mismatch`); RFC 6749 providers 400 (401 for the client).
   */
  private error(code: string, description: string, status: number): Response {
    this.counts.refused++;
    if (this.config.errors === "github") {
      const github: Record<string, string> = {
        invalid_grant: description.includes("refresh") ? "bad_refresh_token" : "bad_verification_code",
        invalid_client: "incorrect_client_credentials",
      };
      const name = github[code] ?? code;
      return Response.json({
        error: name,
        error_description: description,
        error_uri: `https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${name.replaceAll("_", "-")}`,
      });
    }
    return Response.json({ error: code, error_description: description }, { status });
  }
}

function page(title: string, body: string, status = 200): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui;max-width:32rem;margin:3rem auto}.error{color:#b00}button{font-size:1rem;margin-right:.5rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

/** A request body as text, read as bytes: workerd warns when a form body is read with `.text()`. */
async function bodyText(request: Request): Promise<string> {
  return new TextDecoder().decode(await request.arrayBuffer());
}
