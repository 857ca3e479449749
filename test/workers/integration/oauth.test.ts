/**
 * `config.auth`: the API token by either header, and OAuth 2.1 on `oauth` URLs (discovery, dynamic
 * registration, the consent page as sign-in, PKCE, tokens bound to one URL, refresh, revocation,
 * and the grant dying with its server, its expiry or its API token).
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setClock } from "../../../worker/clock";
import { recordsOf } from "../support/activity";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  gw,
  initialize,
  installSimulator,
} from "../support/gateway";
import {
  apiToken,
  authorize,
  authorizePath,
  openConsent,
  pathOf,
  pkce,
  REDIRECT_URI,
  refresh,
  registerClient,
  signIn,
  submitConsent,
  tokenRequest,
} from "../support/oauth";

afterEach(() => setClock());

async function oauthServer(extra: Record<string, unknown> = {}) {
  const account = await createAccount();
  const server = await createServer(account, {
    name: "Triage",
    config: { methods: ["read"], auth: "oauth" },
    ...extra,
  });
  return { account, ...server };
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe("config.auth and its alias", () => {
  it("folds require_api_token_auth into auth and refuses a contradiction", async () => {
    const account = await createAccount();
    const legacy = await createServer(account, { name: "L", config: { require_api_token_auth: true } });
    expect(legacy.config).toEqual({ auth: "api_token" });
    const plain = await createServer(account, { name: "P" });
    expect(plain.config).toEqual({ auth: "none" });
    const bad = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "X",
      config: { require_api_token_auth: true, auth: "oauth" },
    });
    expect(bad.status).toBe(400);
    const patched = await admin("PATCH", `/integrated-account/${account}/mcp/${legacy.id}`, {
      config: { auth: "oauth" },
    });
    expect(((await patched.json()) as { config: unknown }).config).toEqual({ auth: "oauth" });
    const unknown = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "Y",
      config: { auth: "basic" },
    });
    expect(unknown.status).toBe(400);
  });

  it("accepts the API token as Authorization: Bearer or X-API-Key on an api_token URL", async () => {
    const account = await createAccount();
    const { url } = await createServer(account, { name: "H", config: { auth: "api_token" } });
    const t = await apiToken(["mcp"]);
    expect((await initialize(pathOf(url))).status).toBe(401);
    expect((await initialize(pathOf(url), bearer(t.token))).status).toBe(200);
    expect((await initialize(pathOf(url), { "x-api-key": t.token })).status).toBe(200);
    expect((await initialize(pathOf(url), { "x-api-key": "emat_wrong" })).status).toBe(401);
  });

  it("never advertises OAuth on an api_token URL", async () => {
    const account = await createAccount();
    const { url } = await createServer(account, { name: "H", config: { auth: "api_token" } });
    const res = await initialize(pathOf(url));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).not.toMatch(/resource_metadata/);
    expect((await gw(`/.well-known/oauth-protected-resource${pathOf(url)}`)).status).toBe(404);
    expect((await gw(`/.well-known/oauth-authorization-server${pathOf(url)}`)).status).toBe(404);
    expect((await gw(`${pathOf(url)}/oauth/register`, { method: "POST" })).status).toBe(404);
  });
});

describe("an oauth URL", () => {
  it("challenges an unauthenticated request with its RFC 9728 metadata, whose resource is exactly the URL", async () => {
    const { url } = await oauthServer();
    const res = await initialize(pathOf(url));
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate") ?? "";
    const metadataUrl = challenge.match(/resource_metadata="([^"]+)"/)?.[1];
    expect(metadataUrl).toBe(`https://gw.test/.well-known/oauth-protected-resource${pathOf(url)}`);
    const prm = (await (await gw(new URL(metadataUrl ?? "").pathname)).json()) as Record<string, unknown>;
    expect(prm.resource).toBe(url);
    expect(prm.authorization_servers).toEqual([url]);
    const asRes = await gw(`/.well-known/oauth-authorization-server${pathOf(url)}`);
    const meta = (await asRes.json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: url,
      authorization_endpoint: `${url}/oauth/authorize`,
      token_endpoint: `${url}/oauth/token`,
      registration_endpoint: `${url}/oauth/register`,
      revocation_endpoint: `${url}/oauth/token`,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
    });
    expect(meta.client_id_metadata_document_supported).toBe(true);
  });

  it("signs in on the consent page, which names the server, account, tools, expiry and client", async () => {
    const expires = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const { url } = await oauthServer({ expires_at: expires });
    const clientId = await registerClient(url);
    const { challenge } = await pkce();
    const page = await openConsent(authorizePath(url, clientId, challenge));
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self' https://client.example; frame-ancestors 'none'",
    );
    expect(page.res.headers.get("x-frame-options")).toBe("DENY");
    expect(page.html).not.toMatch(/<script/i);
    expect(page.html).toContain("Triage");
    expect(page.html).toContain("Support inbox");
    expect(page.html).toMatch(/<dt>Tools<\/dt><dd>\d+ \([a-z_, ]*get, list[a-z_, ]*\)/);
    expect(page.html).toContain(expires.slice(0, 10));
    expect(page.html).toContain("Test Client");
    expect(page.html).toContain("client.example");
  });

  it("refuses a wrong or mcp-less API token on the consent page and keeps the page", async () => {
    const { url } = await oauthServer();
    const clientId = await registerClient(url);
    const { challenge } = await pkce();
    const path = authorizePath(url, clientId, challenge);
    const page = await openConsent(path);
    const res = await submitConsent(path, {
      handle: page.handle ?? "",
      cookie: page.cookie ?? "",
      decision: "approve",
      apiToken: "emat_not-a-token",
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("was not accepted");
  });

  it("sends access_denied back to the client when the person denies", async () => {
    const { url } = await oauthServer();
    const clientId = await registerClient(url);
    const { challenge } = await pkce();
    const path = authorizePath(url, clientId, challenge);
    const page = await openConsent(path);
    const res = await submitConsent(path, {
      handle: page.handle ?? "",
      cookie: page.cookie ?? "",
      decision: "deny",
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st-123");
  });

  it("serves tools with the access token, refreshes, and stops after revocation", async () => {
    installSimulator();
    const { url } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    expect(tokens.expires_in).toBeLessThanOrEqual(3600);
    const client = await connectClient(url, "auto", bearer(tokens.access_token));
    const listed = (await client.listTools()).tools;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    const called = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect(called.isError).toBeFalsy();
    await client.close();
    const refreshed = await refresh(url, tokens);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string };
    expect((await initialize(pathOf(url), bearer(next.access_token))).status).toBe(200);
    const revoked = await tokenRequest(url, { token: next.access_token, client_id: tokens.clientId });
    expect(revoked.status).toBe(200);
    expect((await initialize(pathOf(url), bearer(next.access_token))).status).toBe(401);
  });

  it("records tool calls under the API token that signed in, by OAuth and by X-API-Key", async () => {
    installSimulator();
    const { id, url } = await oauthServer();
    const t = await apiToken(["mcp"], "Carol via ChatGPT");
    const tokens = await signIn(url, t.token);
    const viaOauth = await connectClient(url, "modern", bearer(tokens.access_token));
    await viaOauth.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    await viaOauth.close();
    const viaHeader = await connectClient(url, "modern", { "x-api-key": t.token });
    await viaHeader.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    await viaHeader.close();
    const rows = await recordsOf(id, 2);
    expect(rows.map((r) => [r.api_token_id, r.api_token_name, r.outcome])).toEqual([
      [t.id, "Carol via ChatGPT", "ok"],
      [t.id, "Carol via ChatGPT", "ok"],
    ]);
  });

  it("binds tokens to one URL: another oauth URL refuses them", async () => {
    const a = await oauthServer();
    const b = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(a.url, t.token);
    expect((await initialize(pathOf(a.url), bearer(tokens.access_token))).status).toBe(200);
    const other = await initialize(pathOf(b.url), bearer(tokens.access_token));
    expect(other.status).toBe(401);
    expect(other.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    // Nor can the other URL's token endpoint refresh it.
    const refreshed = await refresh(b.url, tokens);
    expect(refreshed.status).toBe(400);
  });

  it("caps token lifetimes at the server's expires_at and refuses everything once it has passed", async () => {
    const expiresAt = Date.now() + 600_000;
    const { url } = await oauthServer({ expires_at: new Date(expiresAt).toISOString() });
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    expect(tokens.expires_in).toBeLessThanOrEqual(600);
    setClock(() => expiresAt + 1000);
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(404);
    const refreshed = await refresh(url, tokens);
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("kills the grant when the API token used at consent is revoked", async () => {
    const { url } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(200);
    expect((await admin("DELETE", `/api-token/${t.id}`)).status).toBe(204);
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(401);
    const refreshed = await refresh(url, tokens);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("kills the grants when the server is deleted", async () => {
    const { account, id, url } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}`)).status).toBe(204);
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(404);
    const refreshed = await refresh(url, tokens);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
    const left = await env.OAUTH_KV.list({ prefix: `grant:${id}:` });
    expect(left.keys).toEqual([]);
  });

  it("lists a server's grants with who signed in, and revokes one", async () => {
    const { account, id, url } = await oauthServer();
    const t = await apiToken(["mcp"], "Bob the agent");
    const tokens = await signIn(url, t.token);
    const listed = await admin("GET", `/integrated-account/${account}/mcp/${id}/grants`);
    expect(listed.status).toBe(200);
    const { result } = (await listed.json()) as { result: Array<Record<string, unknown>> };
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      client_id: tokens.clientId,
      client_name: "Test Client",
      api_token_id: t.id,
      api_token_name: "Bob the agent",
      scope: ["mcp"],
    });
    expect(JSON.stringify(result)).not.toContain(tokens.access_token);
    const grantId = String(result[0]?.id);
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}/grants/${grantId}`)).status).toBe(
      204,
    );
    expect((await admin("DELETE", `/integrated-account/${account}/mcp/${id}/grants/${grantId}`)).status).toBe(
      404,
    );
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(401);
  });
});

/** An authorization code for a fresh oauth server, and the token request that would redeem it. */
async function codeExchange() {
  const { url } = await oauthServer();
  const t = await apiToken(["mcp"]);
  const clientId = await registerClient(url);
  const { verifier, challenge } = await pkce();
  const { code } = await authorize(url, clientId, t.token, challenge);
  const base = {
    grant_type: "authorization_code",
    code: code ?? "",
    redirect_uri: REDIRECT_URI,
    client_id: clientId,
  };
  return { url, base, verifier };
}

describe("hostile OAuth requests", () => {
  it("refuses a redirect URI the client did not register, without redirecting", async () => {
    const { url } = await oauthServer();
    const clientId = await registerClient(url);
    const { challenge } = await pkce();
    const res = await gw(
      authorizePath(url, clientId, challenge, { redirect_uri: "https://evil.example/cb" }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("refuses an authorization request without PKCE with invalid_request", async () => {
    const { url } = await oauthServer();
    const clientId = await registerClient(url);
    const res = await gw(authorizePath(url, clientId, null), { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a missing code_verifier with invalid_request and a wrong one with invalid_grant", async () => {
    const { url, base, verifier } = await codeExchange();
    const missing = await tokenRequest(url, base);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "invalid_request" });
    const { verifier: wrong } = await pkce();
    const wrongRes = await tokenRequest(url, { ...base, code_verifier: wrong });
    expect(wrongRes.status).toBe(400);
    expect(await wrongRes.json()).toMatchObject({ error: "invalid_grant" });
    // Failed attempts issue nothing; only the holder of the verifier gets tokens.
    expect((await tokenRequest(url, { ...base, code_verifier: verifier })).status).toBe(200);
  });

  it("refuses a reused code after a successful exchange", async () => {
    const { url, base, verifier } = await codeExchange();
    const params = { ...base, code_verifier: verifier };
    expect((await tokenRequest(url, params)).status).toBe(200);
    const reused = await tokenRequest(url, params);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an authorization request naming another server's URL as the resource", async () => {
    const a = await oauthServer();
    const b = await oauthServer();
    const clientId = await registerClient(a.url);
    const { challenge } = await pkce();
    const res = await gw(authorizePath(a.url, clientId, challenge, { resource: b.url }), {
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_target");
  });
});

describe("OAuth hygiene", () => {
  it("keeps no URL token in OAUTH_KV: grants and tokens name the URL by its token's hash", async () => {
    installSimulator();
    const { url } = await oauthServer();
    const urlToken = new URL(url).pathname.split("/").pop() ?? "";
    expect(urlToken.length).toBeGreaterThan(20);
    const tokens = await signIn(url, (await apiToken(["mcp"])).token);
    // Clients see and send the URL itself; only the stored form changes.
    expect(tokens.resource).toBe(url);
    const refreshed = await refresh(url, tokens);
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as { refresh_token: string; resource?: string };
    expect(second.resource).toBe(url);
    // A refresh that names the resource, as the MCP SDK's clients do.
    const named = await tokenRequest(url, {
      grant_type: "refresh_token",
      refresh_token: second.refresh_token,
      client_id: tokens.clientId,
      resource: url,
    });
    expect(named.status).toBe(200);
    expect(((await named.json()) as { resource?: string }).resource).toBe(url);
    const stored: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await env.OAUTH_KV.list(cursor ? { cursor } : {});
      for (const k of page.keys) stored.push(k.name, (await env.OAUTH_KV.get(k.name)) ?? "");
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    expect(stored.some((v) => v.startsWith("grant:"))).toBe(true);
    expect(stored.filter((v) => v.includes(urlToken))).toEqual([]);
  });

  it("revokes the grant when a rotated-out refresh token is used again (OAuth 2.1 §4.3.1)", async () => {
    installSimulator();
    const { url, account, id } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const first = await signIn(url, t.token);
    const r1 = await refresh(url, first);
    expect(r1.status).toBe(200);
    const second = {
      ...((await r1.json()) as { access_token: string; refresh_token: string }),
      clientId: first.clientId,
    };
    const r2 = await refresh(url, second);
    expect(r2.status).toBe(200);
    const third = (await r2.json()) as { access_token: string };
    // The first refresh token was rotated out twice over: whoever presents it holds a stolen copy.
    const replay = await refresh(url, first);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/already used/),
    });
    expect((await initialize(pathOf(url), bearer(third.access_token))).status).toBe(401);
    const grants = (await (await admin("GET", `/integrated-account/${account}/mcp/${id}/grants`)).json()) as {
      result: unknown[];
    };
    expect(grants.result).toEqual([]);
    // Garbage shaped like a token revokes nothing.
    const other = await signIn(url, t.token);
    const [user, grant] = other.refresh_token.split(":");
    expect((await refresh(url, { ...other, refresh_token: `${user}:${grant}:garbage` })).status).toBe(400);
    expect((await refresh(url, other)).status).toBe(200);
  });

  it("never extends a grant's lifetime by refreshing", async () => {
    installSimulator();
    const { url, account, id } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    const grantsOf = async () =>
      (
        (await (await admin("GET", `/integrated-account/${account}/mcp/${id}/grants`)).json()) as {
          result: Array<{ expires_at: string }>;
        }
      ).result;
    const before = (await grantsOf())[0]?.expires_at;
    expect(before).toEqual(expect.any(String));
    setClock(() => Date.now() + 120_000);
    expect((await refresh(url, tokens)).status).toBe(200);
    expect((await grantsOf())[0]?.expires_at).toBe(before);
  });

  it("bounds dynamic client registration: metadata sizes, and registrations per URL and hour", async () => {
    const { url } = await oauthServer();
    const register = (body: Record<string, unknown>) =>
      gw(`${pathOf(url)}/oauth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token_endpoint_auth_method: "none", redirect_uris: [REDIRECT_URI], ...body }),
      });
    expect((await register({ client_name: "x".repeat(201) })).status).toBe(400);
    expect(
      (await register({ redirect_uris: Array.from({ length: 11 }, (_, i) => `https://c.example/${i}`) }))
        .status,
    ).toBe(400);
    expect((await register({ redirect_uris: [`https://c.example/${"a".repeat(2_001)}`] })).status).toBe(400);
    let accepted = 0;
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) {
      last = (await register({ client_name: `c${i}` })).status;
      if (last === 201) accepted++;
    }
    expect(last).toBe(429);
    expect(accepted).toBeLessThanOrEqual(20);
    const stored = await env.OAUTH_KV.list({ prefix: "client:" });
    const ttl = (stored.keys[0]?.expiration ?? 0) - Math.floor(Date.now() / 1000);
    expect(ttl).toBeGreaterThan(6 * 86_400);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  it.each([
    "https://127.1/client.json",
    "https://0x7f000001/client.json",
    "https://[::ffff:127.0.0.1]/c.json",
    "https://10.0.0.8/c.json",
    "https://169.254.169.254/latest",
    "https://localhost/c.json",
    "https://[fd00::1]/c.json",
  ])("refuses the client ID metadata document %s before anything is fetched", async (clientId) => {
    const { url } = await oauthServer();
    const fetched: string[] = [];
    const original = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      fetched.push(new Request(input, init).url);
      return original(input, init);
    });
    const { challenge } = await pkce();
    const res = await gw(authorizePath(url, clientId, challenge));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    const token = await tokenRequest(url, {
      grant_type: "authorization_code",
      code: "x",
      client_id: clientId,
    });
    expect(token.status).toBe(400);
    spy.mockRestore();
    expect(fetched.filter((u) => u.startsWith(clientId.slice(0, 12)))).toEqual([]);
  });

  it("resolves a client ID metadata document served directly, and refuses one behind a redirect", async () => {
    // The documents are served by the test's outbound service (vitest.config.ts, clientHost).
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { url } = await oauthServer();
    const { challenge } = await pkce();
    const direct = await openConsent(authorizePath(url, "https://client.example/metadata.json", challenge));
    expect(direct.res.status).toBe(200);
    expect(direct.html).toContain("Metadata Client");
    for (const clientId of ["https://client.example/moved.json", "https://client.example/to-loopback.json"]) {
      const res = await gw(authorizePath(url, clientId, challenge));
      expect(res.status, clientId).toBe(400);
      expect(await res.text(), clientId).not.toContain("Metadata Client");
      const token = await tokenRequest(url, {
        grant_type: "authorization_code",
        code: "x",
        client_id: clientId,
      });
      expect(await token.json(), clientId).toMatchObject({ error: "invalid_client" });
    }
    // The library logs each failed resolution with our reason, and our log has the OAuth error.
    const warnings = warn.mock.calls.map((args) => args.join(" "));
    const refusal = /^CIMD fetch failed for https:\/\/client\.example\/\S+: not followed: .* answered 302/;
    expect(warnings.filter((w) => refusal.test(w)).length).toBeGreaterThan(0);
    expect(
      warnings.filter((w) => !refusal.test(w) && !/"event":"oauth_error".*"code":"invalid_client"/.test(w)),
    ).toEqual([]);
  });

  it("revokes every grant when the server's auth is switched away from oauth", async () => {
    installSimulator();
    const { url, account, id } = await oauthServer();
    const t = await apiToken(["mcp"]);
    const tokens = await signIn(url, t.token);
    expect(
      (await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { config: { auth: "api_token" } }))
        .status,
    ).toBe(200);
    const grants = (await (await admin("GET", `/integrated-account/${account}/mcp/${id}/grants`)).json()) as {
      result: unknown[];
    };
    expect(grants.result).toEqual([]);
    expect(
      (await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { config: { auth: "oauth" } }))
        .status,
    ).toBe(200);
    expect((await initialize(pathOf(url), bearer(tokens.access_token))).status).toBe(401);
    expect((await refresh(url, tokens)).status).toBe(400);
  });
});
