/**
 * The dashboard's Integrations page in a real browser (Debian's Chromium, headless, through
 * playwright-core) against the real stack: the shipped integrations are listed live; a pasted OpenAPI
 * 3.1 document is imported, its report and diff read, and published; a tool's description is edited
 * in place with its token count updating as you type, saved as a draft and published; an older version
 * is rolled back to after a confirmation; a publish that lost to another one is explained; and the
 * pages fit 375 px and 1280 px without sideways scrolling. Every outcome is checked through the admin API.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, stack } from "./support.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = new URL("../../", import.meta.url).pathname;
const SHOTS = join(ROOT, ".tmp");
/** The imported integration; never missive or notion, which other tests rely on. */
const NAME = "acmetasks";

/** A minimal OpenAPI 3.1 document: three operations, plus one the importer must skip. */
const DOCUMENT = {
  openapi: "3.1.0",
  info: { title: "Acme Tasks", version: "1.0.0", description: "A small task tracker." },
  servers: [{ url: "https://api.acme-tasks.example/v1" }],
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: {
    "/tasks": {
      get: { operationId: "listTasks", summary: "List the tasks", tags: ["tasks"], responses: {} },
      post: {
        operationId: "createTask",
        summary: "Create a task",
        tags: ["tasks"],
        requestBody: {
          content: {
            "application/json": {
              schema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
            },
          },
        },
        responses: {},
      },
    },
    "/tasks/{id}": {
      get: {
        operationId: "getTask",
        summary: "Get a task by its id",
        tags: ["tasks"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {},
      },
    },
    // A camelCase placeholder cannot become a record: the report lists this operation as skipped.
    "/tasks/{taskId}/archive": {
      post: {
        operationId: "archiveTask",
        summary: "Archive a task",
        tags: ["tasks"],
        parameters: [{ name: "taskId", in: "path", required: true, schema: { type: "string" } }],
        responses: {},
      },
    },
  },
};

interface Detail {
  published_version: number | null;
  revision: number;
  versions: Array<{ version: number; source: string }>;
  events: Array<{ action: string; version: number | null }>;
}
interface VersionTool {
  name: string;
  description: string;
  tokens: number;
  http: { method: string; path: string };
}

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const detail = () => admin<Detail>("GET", `/integrations/${NAME}`);

/** True when the page does not scroll sideways. */
/**
 * What does not fit: sideways page scrolling, and elements sticking out of their card (a wide form
 * control can overflow its card without widening the page). Empty when everything fits.
 */
const misfits = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth)
      out.push(`page ${document.documentElement.scrollWidth} px wide`);
    for (const card of Array.from(document.querySelectorAll(".card"))) {
      const edge = card.getBoundingClientRect().right;
      for (const el of Array.from(card.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > edge + 0.5)
          out.push(
            `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.slice(0, 40)}" ends at ${Math.round(r.right)}, its card at ${Math.round(edge)}`,
          );
      }
    }
    return out;
  });

/** A full-page screenshot into .tmp/ for a look, taken from the top (the header is sticky). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${stack().gateway}/`);
  await page.getByLabel("Admin token").fill(stack().adminToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Integrated accounts" }).waitFor();
}

if (!HAS_CHROMIUM) {
  console.warn(`dashboard integrations e2e test skipped: ${CHROMIUM} is absent`);
}

describe.skipIf(!HAS_CHROMIUM)("the dashboard's Integrations page in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
    });
    page.on("pageerror", (e) => pageErrors.push(`page error: ${e.message}`));
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lists Missive and Notion as live from the Integrations navigation entry", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
    await page.getByRole("heading", { name: "Integrations", level: 1 }).waitFor();
    for (const title of ["Missive", "Notion"]) {
      const row = page.getByRole("row").filter({ hasText: title });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/v\d+ live/);
    }
    expect(pageErrors).toEqual([]);
  });

  it("names each problem of a document that cannot be imported, and stores nothing", async () => {
    await page.getByRole("link", { name: "Import an API" }).click();
    await page.getByRole("heading", { name: "Import an API" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("brokenapi");
    const broken = { ...DOCUMENT, info: { title: "X", version: "1" } };
    await page.getByLabel("Or paste the document").fill(JSON.stringify(broken));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const error = page.locator(".form-error");
    await error.getByText("is invalid").waitFor();
    expect(await error.locator(".issue-list li").allTextContents()).toContainEqual(
      expect.stringContaining("integration.title"),
    );
    const list = await admin<{ result: Array<{ name: string }> }>("GET", "/integrations");
    expect(list.result.map((i) => i.name)).not.toContain("brokenapi");
  });

  it("imports a pasted OpenAPI 3.1 document, shows its report and diff, and publishes it", async () => {
    await page.getByLabel("Name", { exact: true }).fill(NAME);
    await page.getByLabel("Or paste the document").fill(JSON.stringify(DOCUMENT, null, 2));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const result = page.getByRole("region", { name: "Import result" });
    await result.getByRole("heading", { name: `Version 1 of ${NAME} created` }).waitFor();
    expect(await result.locator(".facts").textContent()).toContain("Tools3");
    expect(await result.locator(".diff-line").textContent()).toContain("3 added, 0 removed, 0 changed");
    expect(await result.locator(".name-list li").count()).toBe(3);

    // The report: four operations, one skipped, and a filter that shows only that one.
    const report = result.locator("details.report");
    await report.locator("summary").click();
    expect(await report.locator("summary").textContent()).toContain("4 operations, 1 skipped");
    expect(await report.locator(".report-op").count()).toBe(4);
    await report.getByLabel(/Only skipped operations/).check();
    expect(await report.locator(".report-op").count()).toBe(1);
    expect(await report.locator(".report-op").textContent()).toMatch(/archive.*skipped.*not snake_case/s);
    expect((await detail()).published_version).toBeNull();

    await result.getByRole("button", { name: "Publish this version" }).click();
    await page.getByRole("heading", { name: "Acme Tasks", level: 1 }).waitFor();
    await page.locator(".page-header").getByText("v1 live").waitFor();
    expect((await detail()).published_version).toBe(1);
  });

  it("edits a tool's description in place, counting its tokens as you type, then publishes the draft", async () => {
    const tools = await admin<{ result: VersionTool[] }>("GET", `/integrations/${NAME}/versions/1/tools`);
    const tool = tools.result.find((t) => t.http.path === "/tasks/{id}")!;
    const card = page.locator(`li.tool[data-tool="${tool.name}"]`);
    await card.getByRole("button", { name: `Edit ${tool.name}` }).click();
    const estimate = card.locator(".token-estimate");
    expect(await estimate.textContent()).toBe(`≈ ${tool.tokens} tokens (was ${tool.tokens})`);
    const description = card.getByLabel("Description");
    await description.fill("Get one task by its id");
    await description.pressSequentially(", with its title, status, assignee and due date.", { delay: 5 });
    await poll(async () => Number((await estimate.textContent())?.match(/≈ (\d+)/)?.[1])).toBeGreaterThan(
      tool.tokens,
    );
    const shown = Number((await estimate.textContent())?.match(/≈ (\d+)/)?.[1]);
    expect(await estimate.textContent()).toMatch(new RegExp(`\\(was ${tool.tokens}, \\+\\d+\\)$`));

    await card.getByRole("button", { name: "Save as draft" }).click();
    await card.getByText("Saved as draft version 2").waitFor();
    expect(await card.locator(".diff-line").textContent()).toContain("0 added, 0 removed, 1 changed");
    // The number shown before saving is the one the Worker reports for the saved version.
    const v2 = await admin<{ details: { footprint: { tokens_per_tool: Record<string, number> } } }>(
      "GET",
      `/integrations/${NAME}/versions/2`,
    );
    expect(v2.details.footprint.tokens_per_tool[tool.name]).toBe(shown);
    expect((await detail()).published_version).toBe(1);
    await page.locator("tr[data-version='2']").getByRole("button", { name: "Publish version 2" }).waitFor();

    await card.getByRole("button", { name: "Publish version 2" }).click();
    await card.getByText("Published version 2.").waitFor();
    expect((await detail()).published_version).toBe(2);
    await page.locator("tr[data-version='2']").getByText("live", { exact: true }).waitFor();
    const live = await admin<{ result: VersionTool[] }>("GET", `/integrations/${NAME}/versions/2/tools`);
    expect(live.result.find((t) => t.name === tool.name)?.description).toContain("assignee and due date");
  });

  it("rolls back to version 1 after a confirmation", async () => {
    await page.getByRole("button", { name: "Roll back to version 1" }).click();
    const confirm = page.getByRole("dialog", { name: "Roll back to version 1?" });
    await confirm.getByText("replaces version 2").waitFor();
    await confirm.getByRole("button", { name: "Roll back to version 1" }).click();
    await confirm.waitFor({ state: "detached" });
    await page.locator("tr[data-version='1']").getByText("live", { exact: true }).waitFor();
    const d = await detail();
    expect(d.published_version).toBe(1);
    expect(d.events[0]).toMatchObject({ action: "rollback", version: 1 });
    await page.locator(".event-list").getByText("rollback").first().waitFor();
  });

  it("explains a publish that another publish beat (409) and shows what is live now", async () => {
    const publish = page.getByRole("button", { name: "Publish version 2" });
    await publish.waitFor();
    // Someone else publishes version 2 behind the page's back: the page's revision is now stale.
    await admin("POST", `/integrations/${NAME}/publish`, { version: 2 });
    await publish.click();
    await page
      .getByRole("alert")
      .getByText("Someone else published a version of Acme Tasks meanwhile")
      .waitFor();
    await page.locator("tr[data-version='2']").getByText("live", { exact: true }).waitFor();
    expect((await detail()).published_version).toBe(2);
  });

  it("offers only published integrations in the connect dialog", async () => {
    await admin("POST", "/integrations", {
      name: "draftonly",
      openapi: { ...DOCUMENT, info: { title: "Draft Only", version: "1" } },
    });
    await page.goto(`${stack().gateway}/#/accounts`);
    await page.getByRole("button", { name: "Connect an account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Connect an account" });
    await dialog.getByRole("option", { name: /^Acme Tasks \(3 tools\)$/ }).waitFor({ state: "attached" });
    const options = await dialog.getByRole("option").allTextContents();
    expect(options.some((o) => o.startsWith("Draft Only"))).toBe(false);
    expect(options.some((o) => o.startsWith("Missive"))).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it.each([375, 1280])(
    "fits %i px: no sideways scrolling on the list, import, integration and version pages",
    async (width) => {
      const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: "en-US" });
      const p = await ctx.newPage();
      try {
        await signIn(p);
        await p.goto(`${stack().gateway}/#/integrations`);
        await p.getByRole("row").filter({ hasText: NAME }).waitFor();
        expect(await misfits(p), "integrations list").toEqual([]);

        await p.goto(`${stack().gateway}/#/import`);
        await p.getByLabel("Name", { exact: true }).fill(`layout${width}`);
        const doc = { ...DOCUMENT, info: { ...DOCUMENT.info, title: `Layout ${width}` } };
        await p.getByLabel("Or paste the document").fill(JSON.stringify(doc, null, 2));
        await p.getByRole("button", { name: "Import", exact: true }).click();
        const result = p.getByRole("region", { name: "Import result" });
        await result.getByRole("heading", { name: /Version 1 of/ }).waitFor();
        await result.locator("details.report summary").click();
        expect(await misfits(p), "import result").toEqual([]);
        await shot(p, `dashboard-integrations-import-${width}.png`);

        await p.goto(`${stack().gateway}/#/integrations/${NAME}`);
        await p.locator("tr[data-version='1']").waitFor();
        const card = p.locator("li.tool").first();
        await card.getByRole("button", { name: /^Edit / }).click();
        await card.locator(".token-estimate").waitFor();
        expect(await misfits(p), "integration page with an open editor").toEqual([]);
        await shot(p, `dashboard-integrations-${width}.png`);

        await p.goto(`${stack().gateway}/#/integrations/${NAME}/versions/1`);
        await p.getByRole("heading", { name: /Version 1/ }).waitFor();
        expect(await misfits(p), "version page").toEqual([]);
      } finally {
        await ctx.close();
      }
    },
    120_000,
  );
});
