/**
 * "Connect with GitHub" in a real browser (Debian's Chromium, headless) against the real stack in
 * `wrangler dev`: the dashboard's connect dialog → the GitHub simulator's consent page → Authorize →
 * back on the gateway, connected; a URL minted for the account serves the approved user; an expired
 * token is refreshed without the client noticing (one refresh at the provider); a revoked refresh
 * token turns into `reconnect_required`; Reconnect in the dashboard brings the same URL back. And
 * two people on one `per_person` URL, each signing in with the official SDK client, each see only
 * their own GitHub identity.
 */
import { existsSync, readFileSync } from "node:fs";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GithubOverrides, githubMini } from "../workers/support/github-mini.ts";
import { admin, stack, v2Client } from "./support.ts";
import { callbackServer, MemoryOAuthProvider } from "./support-oauth.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Calls the GitHub simulator's control API. */
async function github<T = Record<string, unknown>>(method: string, path: string): Promise<T> {
  const res = await fetch(`${stack().github}/__simulator/${path}`, { method });
  return (await res.json()) as T;
}

/** The structured result of `get_current_github_user` (the JSON text, or the error structure). */
async function whoami(client: Client): Promise<Record<string, unknown>> {
  const r = (await client.callTool({ name: "get_current_github_user", arguments: {} })) as {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content?: Array<{ type: string; text?: string }>;
  };
  if (r.isError) return r.structuredContent ?? {};
  return JSON.parse(r.content?.find((c) => c.type === "text")?.text ?? "{}") as Record<string, unknown>;
}

/** On the simulator's consent page: approve, then wait for the gateway's answer page. */
async function authorize(page: Page): Promise<void> {
  await page.waitForURL((u) => u.pathname === "/login/oauth/authorize");
  await page.getByRole("button", { name: "Authorize" }).click();
  await page.waitForURL((u) => u.pathname === "/upstream-oauth/callback");
  await page.getByRole("heading", { name: "Connected" }).waitFor();
}

if (!HAS_CHROMIUM) console.warn(`upstream OAuth e2e test skipped: ${CHROMIUM} is absent`);

describe.skipIf(!HAS_CHROMIUM)("connecting a GitHub account by OAuth in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let accountId = "";
  let teamAccountId = "";
  let client: Client | undefined;
  let callback: Awaited<ReturnType<typeof callbackServer>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await github("POST", "reset");
    callback = await callbackServer();
    const overrides = JSON.parse(
      readFileSync(new URL("../../docs/integrations/github-overrides.json", import.meta.url), "utf8"),
    ) as GithubOverrides;
    await admin("POST", "/integrations", { publish: true, records: githubMini(overrides) });
    await admin("PUT", "/integrations/github/oauth-app", await github("GET", "oauth/app"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" })
    ).newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    callback?.server.close();
    // Leave the shared stack as found: other files import and delete `github`.
    for (const id of [accountId, teamAccountId]) if (id) await admin("DELETE", `/integrated-account/${id}`);
  });

  /**
   * One person's sign-in on a per_person URL with the official SDK v2 client, the consent pages in
   * Chromium: the gateway's (their API token) → GitHub's (approve as `subject`) → the gateway's again,
   * where they are signed in already and only approve.
   */
  async function signInAs(url: string, apiToken: string, subject: string): Promise<Client> {
    const provider = new MemoryOAuthProvider(callback.url);
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    await expect(new Client({ name: "e2e", version: "1.0.0" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "en-US" });
    const person = await context.newPage();
    person.on("pageerror", (e) => pageErrors.push(e.message));
    await person.goto(provider.authorizationUrl?.href ?? "");
    await person.fill("#api-token", apiToken);
    await person.click('button[value="approve"]');
    await person.waitForURL((u) => u.pathname === "/login/oauth/authorize");
    await person.check(`input[value="${subject}"]`);
    await person.getByRole("button", { name: "Authorize" }).click();
    // Back on the gateway's consent page: signed in already, so approving finishes.
    await person.waitForURL((u) => u.pathname.endsWith("/oauth/authorize") && u.origin === stack().gateway);
    await person.getByText(/^Signed in as .+, with your own github account connected/).waitFor();
    expect(await person.locator("#api-token").count()).toBe(0);
    const query = callback.next();
    await person.click('button[value="approve"]');
    await transport.finishAuth(await query);
    await context.close();
    const signedIn = new Client({ name: "e2e", version: "1.0.0" });
    await signedIn.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
    return signedIn;
  }

  it("gives two people on one per_person URL each their own GitHub identity", async () => {
    const team = await admin<{ id: string }>("POST", "/integrated-account", {
      integration: "github",
      name: "Team GitHub",
      credentials: { api_token: "ghp_simulator" },
      verify: false,
    });
    teamAccountId = team.id;
    const server = await admin<{ url: string }>("POST", `/integrated-account/${team.id}/mcp`, {
      name: "Each their own",
      config: { auth: "oauth", upstream: "per_person" },
    });
    const token = (name: string) =>
      admin<{ id: string; token: string }>("POST", "/api-token", { name, scopes: ["mcp"] });
    const [alice, bob] = [await token("Alice (e2e)"), await token("Bob (e2e)")];
    const before = (await github<{ requests: Array<{ path: string }> }>("GET", "requests")).requests.length;
    const aliceClient = await signInAs(server.url, alice.token, "octocat-sim");
    const bobClient = await signInAs(server.url, bob.token, "hubot-sim");
    expect(await whoami(aliceClient)).toMatchObject({ result: { login: "octocat-sim" } });
    expect(await whoami(bobClient)).toMatchObject({ result: { login: "hubot-sim" } });
    await aliceClient.close();
    await bobClient.close();
    // Each call carried that person's own user token, never the account's ghp_ token (each person's
    // token is also checked once at connect, by the integration's verify read GET /user).
    const seen = (
      await github<{ requests: Array<{ path: string; headers: Record<string, string> }> }>("GET", "requests")
    ).requests.slice(before);
    const auths = seen.filter((r) => r.path === "/user").map((r) => r.headers.authorization ?? "");
    expect(auths).toHaveLength(4);
    for (const a of auths) expect(a).toMatch(/^Bearer ghu_/);
    expect(new Set(auths).size).toBe(2);
    const people = await admin<{ result: Array<{ api_token_name: string; status: string }> }>(
      "GET",
      `/integrated-account/${team.id}/people`,
    );
    expect(people.result.map((p) => p.api_token_name).sort()).toEqual(["Alice (e2e)", "Bob (e2e)"]);
    for (const t of [alice, bob]) await admin("DELETE", `/api-token/${t.id}`);
    expect(pageErrors).toEqual([]);
  });

  it("connects through the dashboard, refreshes invisibly, asks for a reconnect, and reconnects", async () => {
    const { gateway, adminToken } = stack();
    await github("POST", "reset"); // the provider's counts start at zero
    await page.goto(`${gateway}/`);
    await page.getByLabel("Admin token").fill(adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Integrated accounts" }).waitFor();

    // The connect dialog offers "Connect with GitHub" beside the API-token form.
    await page.getByRole("button", { name: "Connect an account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Connect an account" });
    await dialog.getByRole("option", { name: /^GitHub \(1 tools?\)$/ }).waitFor({ state: "attached" });
    await dialog.getByLabel("Integration").selectOption("github");
    await dialog.getByLabel("Name", { exact: true }).fill("Octocat by OAuth");
    await dialog.getByRole("button", { name: "Connect with GitHub" }).click();
    await authorize(page);

    const accounts = await admin<{
      result: Array<{ id: string; name: string; status: string; auth: string }>;
    }>("GET", "/integrated-account");
    const account = accounts.result.find((a) => a.name === "Octocat by OAuth");
    expect(account).toMatchObject({ auth: "oauth2", status: "active" });
    accountId = account?.id ?? "";

    // Back in the dashboard, still signed in, the account is listed without a warning badge.
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await page.getByRole("heading", { name: "Octocat by OAuth" }).waitFor();
    expect(await page.getByText("needs reconnect").count()).toBe(0);

    const server = await admin<{ url: string }>("POST", `/integrated-account/${accountId}/mcp`, {
      name: "GitHub by OAuth",
    });
    client = await v2Client(server.url, "modern");
    expect(await whoami(client)).toMatchObject({ result: { login: "octocat-sim" } });

    // Every access token expires: the next call is refreshed and replayed, the client sees nothing.
    await github("POST", "oauth/expire");
    expect(await whoami(client)).toMatchObject({ result: { login: "octocat-sim" } });
    expect(await github("GET", "oauth/stats")).toMatchObject({ refreshes: 1, code_exchanges: 1 });

    // The refresh token is revoked: reconnect_required with the dashboard's link to the account.
    await github("POST", "oauth/revoke");
    await github("POST", "oauth/expire");
    const refused = await whoami(client);
    expect(refused.error).toMatchObject({
      kind: "reconnect_required",
      dashboard_url: `${gateway}/#/accounts/${accountId}`,
    });

    // The link opens the account with its status; Reconnect goes through consent again.
    await page.goto(String((refused.error as { dashboard_url: string }).dashboard_url));
    await page.reload(); // the page was already there: load the account afresh
    await page.getByText("needs reconnect").first().waitFor();
    await page.getByRole("button", { name: "Reconnect", exact: true }).click();
    await authorize(page);
    expect(await admin("GET", `/integrated-account/${accountId}`)).toMatchObject({ status: "active" });

    // Same account, same URL: it works again.
    expect(await whoami(client)).toMatchObject({ result: { login: "octocat-sim" } });
    expect(pageErrors).toEqual([]);
  });
});
