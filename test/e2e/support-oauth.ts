/**
 * The client side of OAuth on an `oauth` MCP URL for e2e tests: an in-memory `OAuthClientProvider`
 * for the official SDK v2 client, and a loopback redirect target that records the callback's query.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from "@modelcontextprotocol/client";

/** An OAuth client's state, in memory: what a host application would persist. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  info: StoredOAuthClientInformation | undefined;
  stored: StoredOAuthTokens | undefined;
  saved: StoredOAuthTokens[] = [];
  verifier = "";
  discovery: OAuthDiscoveryState | undefined;
  authorizationUrl: URL | undefined;

  readonly redirect: string;

  constructor(redirect: string) {
    this.redirect = redirect;
  }
  get redirectUrl(): string {
    return this.redirect;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "edge-mcp e2e (SDK v2)",
      redirect_uris: [this.redirect],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state(): string {
    return "e2e-state";
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: StoredOAuthClientInformation) {
    this.info = info;
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: StoredOAuthTokens) {
    this.stored = tokens;
    this.saved.push(tokens);
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}

/** A loopback redirect target that records the callback's query. */
export async function callbackServer(): Promise<{
  url: string;
  next: () => Promise<URLSearchParams>;
  server: Server;
}> {
  let resolve: (q: URLSearchParams) => void = () => {};
  let pending = new Promise<URLSearchParams>((r) => {
    resolve = r;
  });
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // Only the redirect itself: a browser also asks for /favicon.ico, which must not count as one.
    if (url.pathname === "/callback") resolve(url.searchParams);
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this tab.");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const next = async () => {
    const q = await pending;
    pending = new Promise((r) => {
      resolve = r;
    });
    return q;
  };
  return { url, next, server };
}

/** The consent page's form submitted as a browser does it (its handle and binding cookie), approving. */
async function approveConsent(authUrl: string, apiToken: string): Promise<Response> {
  const page = await fetch(authUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page ${authUrl} → ${page.status}: ${html.slice(0, 300)}`);
  return fetch(authUrl, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: page.headers.get("set-cookie")?.split(";")[0] ?? "",
    },
    body: new URLSearchParams({
      handle: html.match(/name="handle" value="([^"]+)"/)?.[1] ?? "",
      decision: "approve",
      api_token: apiToken,
    }),
  });
}

/** Where a redirect answer sends the browser. */
function redirectTarget(res: Response, from: string): URL {
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`${from} → ${res.status}, not a redirect`);
  return new URL(location, from);
}

/**
 * Signs a person in on an `oauth` MCP URL over plain HTTP, as a browser would: the consent page with
 * their API token and, on a `per_person` URL, the provider's consent page on the way (approved as its
 * first user; the flow's cookie carried back to the gateway's callback) and the consent page again.
 * Resolves with the query the client's redirect URI receives.
 */
export async function signInOverHttp(authUrl: string, apiToken: string): Promise<URLSearchParams> {
  const signedIn = await approveConsent(authUrl, apiToken);
  const target = redirectTarget(signedIn, authUrl);
  if (target.searchParams.has("code")) return target.searchParams;
  // A per_person URL: the provider's consent page first; its form posts the authorize request back.
  const flowCookie = signedIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const decision = new URLSearchParams(target.search);
  decision.set("decision", "approve");
  const approved = await fetch(`${target.origin}${target.pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: decision,
  });
  const callback = redirectTarget(approved, target.href);
  const back = await fetch(callback, { redirect: "manual", headers: { cookie: flowCookie } });
  const resume = redirectTarget(back, callback.href).href;
  return redirectTarget(await approveConsent(resume, apiToken), resume).searchParams;
}
