/**
 * The dashboard's files are the Worker's static assets, served through it (worker/dashboard.ts,
 * `env.ASSETS.fetch`, the pool's real asset service over dashboard/dist/assets): right content
 * types, strict security headers, ETag revalidation, and the API's JSON 404 for anything else.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DASHBOARD_CSP, DASHBOARD_SECURITY_HEADERS } from "../../../worker/dashboard";
import worker from "../../../worker/index";
import { gw, ORIGIN } from "../support/gateway";

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
      expectSecurityHeaders(res, path);
      expect(res.headers.get("etag"), path).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
    expect(await (await get("/")).text()).toContain('src="/app.js"');
  });

  it("serves each file as the asset service holds it, under that file's own ETag", async () => {
    const files: Array<[string, string]> = [
      ["/", "/index.html"],
      ["/app.js", "/app.js"],
      ["/styles.css", "/styles.css"],
      ["/favicon.svg", "/favicon.svg"],
    ];
    const etags = new Set<string>();
    for (const [path, file] of files) {
      const asset = await env.ASSETS.fetch(`${ORIGIN}${path}`);
      expect(asset.status, file).toBe(200);
      const res = await get(path);
      expect(res.headers.get("etag"), path).toBe(asset.headers.get("etag"));
      expect(await res.text(), path).toBe(await asset.text());
      etags.add(res.headers.get("etag") ?? "");
    }
    expect(etags.size).toBe(files.length);
  });

  it("answers 304 without a body when If-None-Match names the current ETag, and 200 otherwise", async () => {
    const first = await get("/app.js");
    const etag = first.headers.get("etag") ?? "";
    await first.arrayBuffer();
    for (const header of [etag, `W/${etag}`, `"stale", ${etag}`, "*"]) {
      const again = await get("/app.js", { "if-none-match": header });
      expect(again.status, header).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toBe("no-cache");
      expectSecurityHeaders(again, header);
      expect(await again.text()).toBe("");
    }
    const page = await get("/");
    await page.arrayBuffer();
    const unchangedPage = await get("/", { "if-none-match": page.headers.get("etag") ?? "" });
    expect(unchangedPage.status).toBe(304);
    expect(unchangedPage.headers.get("cache-control")).toBe("no-store");
    expectSecurityHeaders(unchangedPage, "/ (304)");
    const changed = await get("/app.js", { "if-none-match": '"0123456789abcdef0123456789abcdef"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(await (await get("/app.js")).text());
  });

  it("keeps the API's JSON 404 for any other path, the asset service's own files included", async () => {
    // /index.html is in the assets directory (it answers /), yet only the four routes are served.
    for (const path of ["/main.ts", "/index.html", "/files.ts", "/app.js/", "/styles.css.map"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(await res.json(), path).toEqual({ error: { code: "not_found", message: "No such route" } });
    }
  });

  it("answers GET only, as every route: HEAD and POST on a dashboard path get the JSON 404", async () => {
    for (const method of ["HEAD", "POST"]) {
      const res = await gw("/app.js", { method });
      expect(res.status, method).toBe(404);
      expect(res.headers.get("content-type"), method).toMatch(/^application\/json/);
    }
  });

  it("answers the JSON 404 with the security headers when the asset service lacks a dashboard file", async () => {
    // A deployment whose assets lack a file: the real asset service, asked for one it does not hold.
    const missing = { fetch: () => env.ASSETS.fetch(`${ORIGIN}/no-such-file.css`) };
    const lacking = { ...env, ASSETS: missing } as unknown as Env;
    const ctx = {
      waitUntil: () => {},
      passThroughOnException: () => {},
      props: {},
    } as unknown as ExecutionContext;
    const request = new Request(`${ORIGIN}/styles.css`) as Parameters<typeof worker.fetch>[0];
    const res = await worker.fetch(request, lacking, ctx);
    expect(res.status).toBe(404);
    expectSecurityHeaders(res, "404");
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
  });
});

/** Every dashboard answer (200, 304 and its 404) carries all of the security headers. */
function expectSecurityHeaders(res: Response, what: string) {
  for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) {
    expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
  }
  expect(res.headers.get("content-security-policy"), what).toBe(DASHBOARD_CSP);
}
