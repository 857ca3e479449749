/**
 * "Connect with GitHub" in a real browser (Debian's Chromium, headless) against the real stack in
 * `wrangler dev`: the dashboard's connect dialog → the GitHub simulator's consent page → Authorize →
 * back on the gateway, connected; a URL minted for the account serves the approved user; an expired
 * token is refreshed without the client noticing (one refresh at the provider); a revoked refresh
 * token turns into `reconnect_required`; Reconnect in the dashboard brings the same URL back.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GithubOverrides, githubMini } from "../workers/support/github-mini.ts";
import { admin, stack, v2Client } from "./support.ts";

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
  let client: Client | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await github("POST", "reset");
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
    // Leave the shared stack as found: other files import and delete `github`.
    if (accountId) await admin("DELETE", `/integrated-account/${accountId}`);
  });

  it("connects through the dashboard, refreshes invisibly, asks for a reconnect, and reconnects", async () => {
    const { gateway, adminToken } = stack();
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
