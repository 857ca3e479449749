/**
 * The admin dashboard in a real browser (Debian's Chromium, headless, through playwright-core)
 * against the real stack: sign in → connect a Missive account → open it → MCP Servers → create a
 * read-only, expiring server → Generate → Copy; then an MCP client proves the copied URL serves
 * only read tools. Also: the page's security headers, a refused sign-in, and the "Expired" mark.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSPECTOR, MCP_REMOTE } from "../../dashboard/src/client-versions.ts";
import { admin, newServer, stack, v2Client } from "./support.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = new URL("../../", import.meta.url).pathname;
/**
 * The docs' screenshot of the MCP Servers tab. It is rewritten only when missing or with
 * UPDATE_SCREENSHOTS=1, so that `npm test` leaves the committed image alone; otherwise the fresh
 * capture goes to the git-ignored .tmp/ for a look.
 */
const DOCS_SCREENSHOT = join(ROOT, "docs/images/dashboard-mcp-servers.png");
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(DOCS_SCREENSHOT)
    ? DOCS_SCREENSHOT
    : join(ROOT, ".tmp/dashboard-mcp-servers.png");
/** The admin's time zone in the browser; deliberately not the test machine's. */
const TIME_ZONE = "America/Montreal";
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type ToolView = { name: string; listed_name: string; method: string; tags: string[] };
/** Polls what the page shows; the first preview of a cold isolate can take a few seconds. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

if (!HAS_CHROMIUM) {
  console.warn(`dashboard e2e test skipped: ${CHROMIUM} is absent (install it: apt-get install -y chromium)`);
}

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? "the dashboard in Chromium" : `the dashboard in Chromium (skipped: ${CHROMIUM} is absent)`,
  () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const cspViolations: string[] = [];

    beforeAll(async () => {
      // launch() gives every run a fresh temporary profile (user data dir), removed on close.
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      context = await browser.newContext({
        viewport: { width: 1280, height: 760 },
        timezoneId: TIME_ZONE,
        locale: "en-US",
        colorScheme: "light",
      });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack().gateway });
      page = await context.newPage();
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
      });
      page.on("pageerror", (e) => cspViolations.push(`page error: ${e.message}`));
    });

    afterAll(async () => {
      await browser?.close();
    });

    it("serves the page with a strict CSP, no framing, and no caching", async () => {
      const res = await fetch(`${stack().gateway}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toBe(CSP);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // no inline script
      expect(html).not.toMatch(/<style|\sstyle=/i); // no inline style
      expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere: works offline

      const js = await fetch(`${stack().gateway}/app.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get("content-type")).toMatch(/javascript/);
      expect(js.headers.get("content-security-policy")).toBe(CSP);
      expect(js.headers.get("x-frame-options")).toBe("DENY");
    });

    it("refuses a wrong token at sign-in and says so next to the field", async () => {
      await page.goto(`${stack().gateway}/`);
      const token = page.getByLabel("Admin token");
      await token.fill("not-the-admin-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      const error = page.locator(".field-error").filter({ hasText: "not accepted" });
      await poll(() => error.isVisible()).toBe(true);
      expect(await token.getAttribute("aria-invalid")).toBe("true");
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(page.url()).not.toContain("not-the-admin-token");
    });

    it("signs in, connects an account, creates a read-only expiring server, and the copied URL serves only read tools", async () => {
      const { gateway, adminToken } = stack();
      const accountName = "Support inbox";

      // Sign in: the token lands in sessionStorage, never in the URL.
      await page.goto(`${gateway}/`);
      await page.getByLabel("Admin token").fill(adminToken);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Integrated accounts" }).waitFor();
      expect(page.url()).not.toContain(adminToken);
      expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([adminToken]);

      // Connect a Missive account by pasting its API token; the integrations come from the registry.
      await page.getByRole("button", { name: "Connect an account" }).first().click();
      const connect = page.getByRole("dialog", { name: "Connect an account" });
      const integration = connect.getByLabel("Integration");
      await connect.getByRole("option", { name: /^Notion \(24 tools\)$/ }).waitFor({ state: "attached" });
      await integration.selectOption("missive");
      await connect.getByLabel("Name", { exact: true }).fill(accountName);
      // A token Missive refuses is checked at once: the 422 shows under the token field, dialog open.
      await connect.getByLabel("Missive API token").fill("not-a-real-token");
      await connect.getByRole("button", { name: "Connect account" }).click();
      await connect.getByText("Missive refused these credentials (401)").waitFor();
      await connect.getByText("Authentication token is invalid or has been revoked").waitFor();
      await connect.getByLabel("Missive API token").fill("missive_pat-simulator");
      await connect.getByRole("button", { name: "Connect account" }).click();
      await connect.waitFor({ state: "detached" });

      // Open it: the MCP Servers tab is the default, empty at first.
      await page.getByRole("link", { name: accountName, exact: true }).click();
      await page.getByRole("heading", { name: accountName }).waitFor();
      expect(await page.getByRole("tab", { name: "MCP Servers" }).getAttribute("aria-selected")).toBe("true");
      await page.getByText("No MCP servers yet").waitFor();
      const accountId = decodeURIComponent(new URL(page.url()).hash.split("/")[2] ?? "");
      const all = await admin<{ result: ToolView[] }>("GET", `/integrated-account/${accountId}/tools`);
      const reads = await admin<{
        result: ToolView[];
        footprint: { tokens_by_profile: Record<"portable" | "openai_strict" | "full", number> };
      }>("GET", `/integrated-account/${accountId}/tools?methods=read`);

      // Create MCP Server: methods "read" only, expiring in about an hour (admin's time zone).
      await page.getByRole("button", { name: "Create MCP Server" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Create MCP Server" });
      const count = dialog.locator("#tool-count");
      await poll(() => count.textContent()).toBe(`This choice yields ${all.result.length} tools.`);
      await dialog.getByLabel("Name", { exact: true }).fill("Read-only triage");
      await dialog.getByRole("checkbox", { name: /^Read/ }).check();
      await poll(() => count.textContent()).toBe(`This choice yields ${reads.result.length} tools.`);
      // The schema profile (portable by default) and each profile's tokens in the live footprint.
      expect(await dialog.getByLabel("Tool schemas").inputValue()).toBe("portable");
      // This stack has a Worker Loader binding, so the preview offers code mode and the dialog shows it.
      await poll(() => dialog.getByLabel("Tool exposure").locator('option[value="code"]').count()).toBe(1);
      const byProfile = reads.footprint.tokens_by_profile;
      const n = (x: number) => x.toLocaleString("en-US");
      await poll(() => dialog.locator(".footprint-profiles").textContent()).toBe(
        `Schemas: portable ${n(byProfile.portable)} · OpenAI strict ${n(byProfile.openai_strict)} · full ${n(byProfile.full)} tokens.`,
      );

      // A choice that yields nothing is refused before submit: read AND a tag only write tools carry.
      const writeOnlyTag = [...new Set(all.result.flatMap((t) => t.tags))].find(
        (tag) => !reads.result.some((t) => t.tags.includes(tag)),
      );
      expect(writeOnlyTag, "a tag carried only by write tools").toBeTruthy();
      const tagBox = dialog.getByRole("checkbox", { name: new RegExp(`^${writeOnlyTag}\\b`) });
      await tagBox.check();
      await poll(() => count.textContent()).toMatch(/yields no tools/);
      expect(await dialog.getByRole("button", { name: "Generate" }).isDisabled()).toBe(true);
      await tagBox.uncheck();
      await poll(() => count.textContent()).toBe(`This choice yields ${reads.result.length} tools.`);

      await dialog.getByRole("radio", { name: /^Expires at/ }).check();
      const inAnHour = await page.evaluate(() => {
        const d = new Date(Date.now() + 3_600_000);
        const p = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
      });
      await dialog.locator('input[type="datetime-local"]').fill(inAnHour);
      const generate = dialog.getByRole("button", { name: "Generate" });
      expect(await generate.isEnabled()).toBe(true);
      await generate.click();

      // After Generate: the URL once, a Copy button, and the snippets.
      const created = page.getByRole("dialog", { name: "MCP server created" });
      await created.waitFor();
      // The expiry in the admin's time zone, the zone named once after the time (no "EST" before it).
      // (Chromium names the zone by its canonical id: America/Montreal is an alias of America/Toronto.)
      const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(zone).toMatch(/^America\//);
      const expiry = (await created.locator("dl.facts dd").nth(1).textContent()) ?? "";
      expect(expiry.endsWith(` (${zone})`), expiry).toBe(true);
      expect(expiry.split(zone)).toHaveLength(2);
      expect(expiry).not.toMatch(/\b(GMT|UTC|E[SD]T)\b/);
      const shownUrl = await created.locator("#mcp-url").inputValue();
      expect(shownUrl).toMatch(new RegExp(`^${gateway}/mcp/\\S+$`));
      await created.getByRole("button", { name: "Copy the MCP server URL" }).click();
      await created.getByText("Copied", { exact: true }).first().waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(shownUrl);
      const snippet = (id: string) => created.locator(`[data-snippet="${id}"] textarea`).inputValue();
      expect(await snippet("claude-ai")).toBe(copied);
      expect(await snippet("claude-code")).toBe(`claude mcp add --transport http read-only-triage ${copied}`);
      expect(JSON.parse(await snippet("claude-desktop"))).toEqual({
        mcpServers: {
          "read-only-triage": { command: "npx", args: ["-y", `mcp-remote@${MCP_REMOTE.version}`, copied] },
        },
      });
      // Pinned versions: an unpinned npx on Node 20 picks an Inspector that rewrites the URL.
      expect(await snippet("inspector")).toBe(
        `npx -y @modelcontextprotocol/inspector@${INSPECTOR.version} --cli ${copied} --transport http --method tools/list`,
      );
      await created.getByText(`Needs Node ≥ ${INSPECTOR.node} on PATH`).waitFor();

      // Dismissed: the URL is gone from the page.
      await created.getByRole("button", { name: "Done" }).click();
      await created.waitFor({ state: "detached" });
      const token = new URL(copied).pathname.split("/").pop() ?? "";
      // A closed <dialog> stops matching the role locator at once, but its `close` event (which
      // blanks the fields and removes it) runs a task later: poll until the page is clean.
      const leftovers = () =>
        page.evaluate(
          (t) =>
            document.documentElement.outerHTML.includes(t) ||
            Array.from(document.querySelectorAll("input, textarea")).some((el) =>
              (el as HTMLInputElement).value.includes(t),
            ),
          token,
        );
      await poll(leftovers).toBe(false);

      // The list shows it, with its filters and its expiry an hour ahead (stored as that instant).
      const row = page.getByRole("row").filter({ hasText: "Read-only triage" });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/Methods: read.*Tags: all tags/);
      expect(await row.getByText("Expired").count()).toBe(0);
      const servers = await admin<{ result: Array<{ name: string; expires_at: string; config: unknown }> }>(
        "GET",
        `/integrated-account/${accountId}/mcp`,
      );
      const server = servers.result.find((s) => s.name === "Read-only triage");
      expect(server?.config).toEqual({ methods: ["read"], auth: "none" });
      expect(Math.abs(Date.parse(server?.expires_at ?? "") - (Date.now() + 3_600_000))).toBeLessThan(120_000);

      // The copied URL, in an MCP client: only read tools.
      const client = await v2Client(copied, "legacy");
      try {
        const { tools } = await client.listTools();
        // Listed by their listed names (a name over 40 characters has a documented short form).
        expect(tools.map((t) => t.name).sort()).toEqual(reads.result.map((t) => t.listed_name).sort());
        expect(tools.length).toBeGreaterThan(0);
        for (const t of tools) {
          expect(t.annotations?.readOnlyHint, t.name).toBe(true);
          expect(t.name).not.toMatch(/^(create|update|delete)_/);
        }
      } finally {
        await client.close();
      }

      // A second, broader server for a representative screenshot of the MCP Servers tab.
      await admin("POST", `/integrated-account/${accountId}/mcp`, {
        name: "Contacts assistant",
        config: { methods: ["read", "write"], tags: ["contacts"], require_api_token_auth: true },
      });
      await page.reload();
      await page.getByRole("row").filter({ hasText: "Contacts assistant" }).waitFor();
      await page.mouse.move(0, 0);
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, clip: { x: 0, y: 0, width: 1280, height: 560 } });
      expect(statSync(SCREENSHOT).size).toBeLessThan(200 * 1024);

      // An expired server is marked as such (the list answer is replayed with the server expired).
      await page.route(/\/integrated-account\/[^/]+\/mcp\?/, async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { result: Array<Record<string, unknown>> };
        for (const s of body.result) {
          if (s.name === "Read-only triage")
            Object.assign(s, { expired: true, expires_at: new Date(Date.now() - 86_400_000).toISOString() });
        }
        await route.fulfill({ response: res, json: body });
      });
      await page.reload();
      const expiredRow = page.getByRole("row").filter({ hasText: "Read-only triage" });
      await expiredRow.getByText("Expired", { exact: true }).waitFor();
      await page.unroute(/\/integrated-account\/[^/]+\/mcp\?/);

      // Sign-out forgets the token.
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(cspViolations).toEqual([]);
    }, 120_000);
    it("shows every tool call in the Activity tab (filters, detail, per server) and the 24 h figures, also at 375 px", async () => {
      const { gateway, adminToken } = stack();
      const { accountId, serverId, url } = await newServer({}, { name: "Activity server" });
      await page.setViewportSize({ width: 1280, height: 760 });
      await page.goto(`${gateway}/`);
      await page.getByLabel("Admin token").fill(adminToken);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Integrated accounts" }).waitFor();

      // Before any call: an empty state that says what will appear.
      await page.goto(`${gateway}/#/accounts/${accountId}/activity`);
      expect(await page.getByRole("tab", { name: "Activity" }).getAttribute("aria-selected")).toBe("true");
      await page.getByText("No tool calls yet").waitFor();
      expect(await page.locator(".state-empty").textContent()).toMatch(/newest first.*refused/s);

      // Two calls through the URL: one succeeds, one fails upstream (404).
      const client = await v2Client(url, "modern");
      await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
      await client.callTool({
        name: "get_single_missive_contact_by_id",
        arguments: { id: "no-such-contact" },
      });
      await client.close();
      type Calls = { result: Array<{ id: string; tool: string; request_id: string }> };
      const callsPath = `/integrated-account/${accountId}/calls`;
      await poll(async () => (await admin<Calls>("GET", callsPath)).result.length).toBe(2);
      const calls = await admin<Calls>("GET", callsPath);

      // Newest first, with the outcome.
      await page.reload();
      const rows = page.locator("table.activity-table tbody tr");
      await poll(() => rows.count()).toBe(2);
      expect(await rows.nth(0).textContent()).toMatch(/get_single_missive_contact_by_id.*not_found/);
      expect(await rows.nth(1).textContent()).toMatch(/list_all_missive_contact_books.*ok/);
      expect(await rows.nth(0).textContent()).toContain("Activity server");

      // Filters: outcome ok leaves one row; a tool nobody called shows the "no match" state.
      await page.getByLabel("Outcome", { exact: true }).selectOption("ok");
      await page.getByRole("button", { name: "Apply" }).click();
      await poll(() => rows.count()).toBe(1);
      await page.getByLabel("Tool", { exact: true }).fill("list_all_missive_users");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByText("No calls match these filters").waitFor();
      await page.getByRole("button", { name: "Reset" }).click();
      await poll(() => rows.count()).toBe(2);

      // The detail view of one call: its request id (also in the log lines), client, status.
      await rows.nth(0).getByRole("button").click();
      const detail = page.getByRole("dialog", { name: "get_single_missive_contact_by_id" });
      await detail.waitFor();
      const failed = calls.result.find((c) => c.tool === "get_single_missive_contact_by_id");
      expect(await detail.textContent()).toContain(failed?.request_id ?? "missing");
      expect(await detail.textContent()).toMatch(/edge-mcp-e2e 1\.0\.0/);
      expect(await detail.textContent()).toMatch(/Upstream status\s*404/);
      await detail.getByRole("button", { name: "Close" }).click();
      await detail.waitFor({ state: "detached" });

      // The MCP Servers table: calls and errors of the last 24 h, and a link to the server's activity.
      await page.getByRole("tab", { name: "MCP Servers" }).click();
      const serverRow = page.getByRole("row").filter({ hasText: "Activity server" });
      await poll(() => serverRow.textContent()).toMatch(/2 calls · 1 error/);
      expect(await serverRow.textContent()).toMatch(/last .*ago|last now/);
      await serverRow.getByRole("link", { name: "Activity of Activity server" }).click();
      await poll(async () => page.url()).toContain(`/activity/${serverId}`);
      await poll(() => rows.count()).toBe(2);
      expect(await page.getByLabel("MCP server", { exact: true }).inputValue()).toBe(serverId);

      // At phone width: no sideways scrolling, the rows and their detail stay usable.
      await page.setViewportSize({ width: 375, height: 740 });
      await page.reload();
      await poll(() => rows.count()).toBe(2);
      const widths = () =>
        page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      const [scrollWidth, clientWidth] = await widths();
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth ?? 375);
      await rows.nth(1).getByRole("button").click();
      const phoneDetail = page.getByRole("dialog", { name: "list_all_missive_contact_books" });
      await phoneDetail.waitFor();
      const box = await phoneDetail.boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 375).toBe(true);
      await phoneDetail.getByRole("button", { name: "Close" }).click();
      await page.setViewportSize({ width: 1280, height: 760 });
      expect(cspViolations).toEqual([]);
    }, 120_000);
  },
);
