/**
 * The dashboard at phone width (375 px) and desktop width (1280 px), in real Chromium: measured, not
 * compared by pixels. No page scrolls sideways, every action's box lies inside the viewport, dialogs
 * fit, toasts sit above modals, the one-time URL dialog asks before it closes uncopied, and delete
 * confirmations say what docs/admin-api.md says about propagation.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, newServer, stack } from "./support.ts";

type ToolView = { name: string; method: string; tags: string[] };

const CHROMIUM = "/usr/bin/chromium";

/** Page width beyond the viewport, and the actions whose boxes leave it. */
async function layoutProblems(page: Page): Promise<{ overflow: number; outside: string[] }> {
  return page.evaluate(() => {
    const selector =
      ".row-actions button, .row-actions a, .page-actions button, .tabs [role=tab], .nav a, .topbar button, .dialog button";
    const outside = Array.from(document.querySelectorAll<HTMLElement>(selector))
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.left < 0 || r.right > window.innerWidth + 0.5)
      .map(({ el, r }) => `${el.textContent?.trim()} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, outside };
  });
}

/** WCAG contrast ratio of an element's text color against its background (both opaque rgb). */
function contrastOf(el: Element): number {
  const style = getComputedStyle(el);
  const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number);
  const lum = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
}

async function expectFits(page: Page, where: string): Promise<void> {
  expect(await layoutProblems(page), where).toEqual({ overflow: 0, outside: [] });
}

describe.skipIf(!existsSync(CHROMIUM))("the dashboard's layout", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([375, 1280])(
    "at %i px: no sideways scrolling, every action on screen, dialogs usable",
    async (width) => {
      const { gateway, adminToken } = stack();
      const { accountId } = await newServer({}, { name: `Layout ${width}` });
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale: "en-US" });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: gateway });
      const page = await context.newPage();
      try {
        await page.goto(`${gateway}/`);
        await page.getByLabel("Admin token").fill(adminToken);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: "Integrated accounts" }).waitFor();
        await page.locator("table.table tbody tr").first().waitFor();
        await expectFits(page, "accounts");

        await page.goto(`${gateway}/#/accounts/${encodeURIComponent(accountId)}/servers`);
        const row = page.getByRole("row").filter({ hasText: `Layout ${width}` });
        await row.waitFor();
        await expectFits(page, "servers tab");

        // Delete wording follows docs/admin-api.md "How fast changes apply".
        await row.getByRole("button", { name: /Delete/ }).click();
        const confirm = page.getByRole("dialog", { name: /Delete/ });
        await confirm.getByText(/within 5 seconds/).waitFor();
        expect(await confirm.textContent()).not.toMatch(/immediately/);
        // A danger button stays readable under the pointer (WCAG AA: 4.5:1 for its text).
        const danger = confirm.locator(".button-danger").first();
        await danger.hover();
        await page.waitForTimeout(200);
        expect(await danger.evaluate(contrastOf), "hovered danger button contrast").toBeGreaterThanOrEqual(
          4.5,
        );
        await expectFits(page, "delete confirmation");
        await confirm.getByRole("button", { name: "Cancel" }).click();

        // The one-time URL dialog: fits, and asks before Escape or × close it while uncopied.
        await page.getByRole("button", { name: "Create MCP Server" }).first().click();
        const create = page.getByRole("dialog", { name: "Create MCP Server" });
        await create.getByLabel("Name", { exact: true }).fill(`One-time ${width}`);
        await create.getByRole("button", { name: "Generate" }).click();
        const created = page.getByRole("dialog", { name: "MCP server created" });
        await created.locator("#mcp-url").waitFor();
        await expectFits(page, "created dialog");
        // Nothing covers the dialog's URL and snippets (no toast over it, at any width).
        await page.waitForTimeout(300);
        expect(
          await page.evaluate(() => {
            const toast = document.querySelector(".toast:popover-open");
            if (!toast) return [];
            const t = toast.getBoundingClientRect();
            return Array.from(
              document.querySelectorAll("dialog[open] code, dialog[open] input, dialog[open] pre"),
            )
              .map((el) => el.getBoundingClientRect())
              .filter((r) => r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom)
              .map((r) => `${Math.round(r.left)},${Math.round(r.top)}`);
          }),
          "snippets covered by a toast",
        ).toEqual([]);
        const box = await created.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
        await page.keyboard.press("Escape");
        const closeAnyway = created.getByRole("button", { name: "Close without copying" });
        await closeAnyway.waitFor();
        expect(await created.isVisible()).toBe(true);
        await created.getByRole("button", { name: "Keep it open" }).click();
        await created.getByRole("button", { name: "Close", exact: true }).click();
        await closeAnyway.waitFor();
        expect(await created.isVisible()).toBe(true);
        await closeAnyway.click();
        await created.waitFor({ state: "detached" });

        // Once copied, it closes without asking.
        await page.getByRole("button", { name: "Create MCP Server" }).first().click();
        await create.getByLabel("Name", { exact: true }).fill(`Copied ${width}`);
        await create.getByRole("button", { name: "Generate" }).click();
        await created.getByRole("button", { name: "Copy the MCP server URL" }).click();
        await created.getByText("Copied", { exact: true }).first().waitFor();
        await page.keyboard.press("Escape");
        await created.waitFor({ state: "detached" });

        // Tools tab: fits, and an empty result is neutral, in plain words.
        await page.getByRole("tab", { name: "Tools" }).click();
        await page.locator(".tool-list .tool").first().waitFor();
        await expectFits(page, "tools tab");
        // Descriptions render their inline markdown as elements (never as raw backticks or HTML).
        expect(await page.locator(".tool-description code").count()).toBeGreaterThan(0);
        expect(await page.locator(".tool-description").first().innerHTML()).not.toMatch(/<script|`[a-z_]+`/);
        const all = await admin<{ result: ToolView[] }>("GET", `/integrated-account/${accountId}/tools`);
        const reads = await admin<{ result: ToolView[] }>(
          "GET",
          `/integrated-account/${accountId}/tools?methods=read`,
        );
        const writeOnlyTag = [...new Set(all.result.flatMap((t) => t.tags))].find(
          (tag) => !reads.result.some((t) => t.tags.includes(tag)),
        );
        const filter = page.getByRole("complementary", { name: "Filter" });
        await filter.getByRole("checkbox", { name: /^Read/ }).check();
        await filter.getByRole("checkbox", { name: new RegExp(`^${writeOnlyTag}\\b`) }).check();
        const summary = page.locator(".preview-count");
        await expect
          .poll(() => summary.textContent(), { timeout: 15_000 })
          .toBe("No tool matches this filter.");
        expect(await summary.getAttribute("class")).toContain("preview-count-neutral");
        const emptyText = (await page.locator(".tool-list").textContent()) ?? "";
        expect(emptyText).toContain("Uncheck a method or tag");
        expect(emptyText).not.toMatch(/empty_tool_set|config yields zero tools/i);
        await expectFits(page, "empty tools result");

        // The Activity tab's search fields look like the fields beside them.
        await page.getByRole("tab", { name: "Activity" }).click();
        await page.locator("#activity-tool").waitFor();
        const heights = await page.evaluate(() =>
          [
            "#activity-tool",
            "#activity-client",
            "#activity-since",
            "#activity-until",
            ".activity-filters select",
          ]
            .map((sel) => document.querySelector(sel))
            .filter((el): el is Element => el !== null)
            .map((el) => Math.round(el.getBoundingClientRect().height)),
        );
        expect(heights.length).toBeGreaterThanOrEqual(4);
        expect(
          Math.max(...heights) - Math.min(...heights),
          `field heights ${heights.join(", ")}`,
        ).toBeLessThanOrEqual(1);
        await page.getByRole("tab", { name: "Tools" }).click();

        // A toast stays above a modal dialog: rename (toast), then open another dialog at once.
        await page.getByRole("button", { name: "Rename" }).first().click();
        const rename = page.getByRole("dialog", { name: /Rename/ });
        await rename.getByLabel("Name").fill(`Renamed ${width}`);
        await rename.getByRole("button", { name: "Rename" }).click();
        await rename.waitFor({ state: "detached" });
        // Measured as pixels of the toast itself: the same before and after a modal opens over the page
        // (a toast under the modal's backdrop would come out dimmed).
        const toastBox = await page.locator(".toast").boundingBox();
        if (!toastBox) throw new Error("no toast after the rename");
        // Inside the toast's edges, where nothing but the toast itself is drawn.
        const clip = {
          x: Math.ceil(toastBox.x) + 3,
          y: Math.ceil(toastBox.y) + 3,
          width: Math.floor(toastBox.width) - 6,
          height: Math.floor(toastBox.height) - 6,
        };
        const before = await page.screenshot({ clip });
        await page.getByRole("button", { name: "Rotate credentials" }).click();
        await page.getByRole("dialog").waitFor();
        const after = await page.screenshot({ clip });
        expect(after.equals(before), "the toast is drawn above the modal dialog").toBe(true);
        await page.keyboard.press("Escape");

        await page.goto(`${gateway}/#/api-tokens`);
        await page.getByRole("heading", { name: "API tokens" }).waitFor();
        await expectFits(page, "API tokens");
        if (process.env.SCREENSHOTS)
          await page.screenshot({ path: `.tmp/dashboard-${width}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
