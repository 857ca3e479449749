/**
 * OAuth 2.1 on an `oauth` MCP URL with a real client and a real browser: the official SDK v2
 * client's OAuth support (an `OAuthClientProvider`) against the running stack, with the consent
 * page driven in Chromium at phone width. Discovery (401 → protected-resource metadata →
 * authorization-server metadata) → dynamic client registration → authorize (consent page: sign in
 * with an API token, Approve) → code + PKCE → tokens → tools/list and tools/call → refresh →
 * revocation. CIMD needs an https client id URL the gateway can fetch, which a loopback stack
 * cannot offer; the workers tests check it is advertised.
 *
 * Without Chromium (/usr/bin/chromium absent) the consent form is submitted over plain HTTP, as a
 * browser would (handle + binding cookie), so the SDK's side of the flow is still exercised; the
 * browser-only checks (layout at 375 px, CSP violations) then do not run.
 */
import { existsSync } from "node:fs";
import {
  Client,
  type OAuthClientProvider,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from "@modelcontextprotocol/client";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, newServer, stack } from "./support.ts";
import { callbackServer, MemoryOAuthProvider } from "./support-oauth.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);

const connect = async (url: string, provider: OAuthClientProvider) => {
  const client = new Client({ name: "edge-mcp-e2e-oauth", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  return { client, transport };
};

if (!HAS_CHROMIUM)
  console.warn(`OAuth e2e: ${CHROMIUM} is absent; the consent form is driven over HTTP instead`);

/** Signs in on the consent page in Chromium at phone width; resolves with the callback's query. */
async function consentInChromium(
  browser: Browser,
  authUrl: string,
  apiToken: string,
  callback: () => Promise<URLSearchParams>,
): Promise<URLSearchParams> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  try {
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(authUrl);
    await expect(page.locator("h1").textContent()).resolves.toContain("e2e server");
    await expect(page.locator("dl.facts").textContent()).resolves.toMatch(/Tools\d+ \(/);
    await expect(page.locator("body").textContent()).resolves.toContain("edge-mcp e2e (SDK v2)");
    // Nothing overflows sideways at 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.fill("#api-token", "emat_wrong");
    await page.click('button[value="approve"]');
    await expect(page.locator(".form-error").textContent()).resolves.toContain("not accepted");
    await page.fill("#api-token", apiToken);
    const query = callback();
    await page.click('button[value="approve"]');
    const result = await query;
    expect(cspViolations).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/** The same sign-in as a browser does it over HTTP: the form's handle, the binding cookie, a POST. */
async function consentOverHttp(authUrl: string, apiToken: string): Promise<URLSearchParams> {
  const open = async () => {
    const res = await fetch(authUrl);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("e2e server");
    expect(html).toContain("edge-mcp e2e (SDK v2)");
    return {
      handle: html.match(/name="handle" value="([^"]+)"/)?.[1] ?? "",
      cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "",
    };
  };
  const submit = (form: { handle: string; cookie: string }, token: string) =>
    fetch(authUrl, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: form.cookie },
      body: new URLSearchParams({ handle: form.handle, decision: "approve", api_token: token }),
    });
  const wrong = await submit(await open(), "emat_wrong");
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).toContain("not accepted");
  const approved = await submit(await open(), apiToken);
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get("location") ?? "").searchParams;
}

describe("OAuth with the SDK v2 client and the consent page", () => {
  let browser: Browser | undefined;
  let callback: Awaited<ReturnType<typeof callbackServer>>;

  beforeAll(async () => {
    callback = await callbackServer();
    if (!HAS_CHROMIUM) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    callback?.server.close();
  });

  it("discovers, registers, signs in on the consent page, calls tools, refreshes and is revoked", async () => {
    const { url, accountId, serverId } = await newServer({ methods: ["read"], auth: "oauth" });
    const apiToken = await admin<{ id: string; token: string }>("POST", "/api-token", {
      name: "Dana (e2e)",
      scopes: ["mcp"],
    });
    const provider = new MemoryOAuthProvider(callback.url);

    // 1. Unauthenticated: the SDK follows the 401 to the metadata, registers, and asks to redirect.
    const first = new Client({ name: "edge-mcp-e2e-oauth", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    const authUrl = provider.authorizationUrl;
    expect(authUrl?.href.startsWith(`${url}/oauth/authorize?`)).toBe(true);
    expect(authUrl?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authUrl?.searchParams.get("resource")).toBe(url);
    expect(provider.info?.client_id).toBeTruthy();

    // 2. The consent page (in Chromium when present): it names the server and signs the person in.
    const query = browser
      ? await consentInChromium(browser, authUrl?.href ?? "", apiToken.token, callback.next)
      : await consentOverHttp(authUrl?.href ?? "", apiToken.token);
    expect(query.get("state")).toBe("e2e-state");
    expect(query.get("code")).toBeTruthy();
    expect(query.get("iss")).toBe(url);

    // 3. Code → tokens (PKCE), then tools with the access token.
    await transport.finishAuth(query);
    expect(provider.stored?.access_token).toBeTruthy();
    const { client } = await connect(url, provider);
    const tools = (await client.listTools()).tools;
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const called = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
    expect(called.isError).toBeFalsy();
    // A success carries its JSON once, as text (docs/tools.md).
    expect(called.structuredContent).toBeUndefined();
    const [block] = called.content as Array<{ type: string; text?: string }>;
    expect(block?.text).toContain("VIP Prospects");
    await client.close();

    // 4. The grant is listed for the admin under the person's API token.
    const grants = await admin<{ result: Array<Record<string, unknown>> }>(
      "GET",
      `/integrated-account/${accountId}/mcp/${serverId}/grants`,
    );
    expect(grants.result).toEqual([
      expect.objectContaining({ api_token_id: apiToken.id, api_token_name: "Dana (e2e)" }),
    ]);

    // 5. Refresh: with a dead access token, the SDK refreshes on the 401 and carries on.
    const before = provider.stored;
    provider.stored = before && { ...before, access_token: "x:y:z" };
    const again = await connect(url, provider);
    expect((await again.client.listTools()).tools.length).toBe(tools.length);
    await again.client.close();
    expect(provider.stored?.access_token).not.toBe(before?.access_token);
    expect(provider.stored?.refresh_token).not.toBe(before?.refresh_token);

    // 6. Revocation (RFC 7009) at the advertised endpoint: the access token stops working.
    const metadata = (await (
      await fetch(`${stack().gateway}/.well-known/oauth-authorization-server${new URL(url).pathname}`)
    ).json()) as { revocation_endpoint: string };
    const access = provider.stored?.access_token ?? "";
    const revoked = await fetch(metadata.revocation_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: access, client_id: provider.info?.client_id ?? "" }),
    });
    expect(revoked.status).toBe(200);
    const refused = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${access}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });
});
