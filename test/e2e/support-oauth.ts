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
