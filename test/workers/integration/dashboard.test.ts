/**
 * The dashboard's files come from the Worker bundle (worker/dashboard.ts): right content types,
 * strict security headers, ETag revalidation, and the API's JSON 404 for anything else.
 */
import { describe, expect, it } from "vitest";
import { DASHBOARD_CSP } from "../../../worker/dashboard";
import { gw } from "../support/gateway";

const get = (path: string, headers: Record<string, string> = {}) => gw(path, { headers });

describe("the dashboard's files", () => {
  it("serves the page, script, stylesheet and icon with their types and the security headers", async () => {
    const expected: Array<[string, RegExp, string]> = [
      ["/", /^text\/html/, "no-store"],
      ["/app.js", /^text\/javascript/, "no-cache"],
      ["/styles.css", /^text\/css/, "no-cache"],
      ["/favicon.svg", /^image\/svg\+xml/, "no-cache"],
    ];
    for (const [path, type, cache] of expected) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(type);
      expect(res.headers.get("cache-control"), path).toBe(cache);
      expect(res.headers.get("content-security-policy"), path).toBe(DASHBOARD_CSP);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("etag"), path).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
    expect(await (await get("/")).text()).toContain('src="/app.js"');
  });

  it("answers 304 without a body when If-None-Match names the current ETag, and 200 otherwise", async () => {
    const first = await get("/app.js");
    const etag = first.headers.get("etag") ?? "";
    await first.arrayBuffer();
    for (const header of [etag, `W/${etag}`, `"stale", ${etag}`, "*"]) {
      const again = await get("/app.js", { "if-none-match": header });
      expect(again.status, header).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
      expect(await again.text()).toBe("");
    }
    const changed = await get("/app.js", { "if-none-match": '"0123456789abcdef0123456789abcdef"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(await (await get("/app.js")).text());
  });

  it("keeps the API's JSON 404 for any other path", async () => {
    const res = await get("/main.ts");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
