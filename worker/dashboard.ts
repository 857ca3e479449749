/**
 * Serves the admin dashboard: its page, script, stylesheet and icon are the Worker's static assets
 * (dashboard/dist/assets, written by scripts/build-dashboard.ts, binding ASSETS), not part of its
 * bundle. The Worker runs first for every path (`run_worker_first`), so the asset service answers
 * only what this module asks it for: MCP URLs never meet it. Every dashboard answer carries strict
 * security headers and the asset's ETag; a matching `If-None-Match` gets a 304.
 */
import { HttpError } from "./http/errors";

/**
 * The page may load its own script, stylesheet and icon and talk to its own origin, nothing else:
 * no inline script or style, no framing, no form posts, no `<base>` rewriting.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers on every dashboard response. */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": DASHBOARD_CSP,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** The dashboard's paths and their content types; the asset service answers `/` with index.html. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  "/": "text/html; charset=utf-8",
  "/app.js": "text/javascript; charset=utf-8",
  "/styles.css": "text/css; charset=utf-8",
  "/favicon.svg": "image/svg+xml",
};

/** `GET /` and the dashboard's other files (see scripts/build-dashboard.ts). */
export async function dashboardHandler(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const contentType = CONTENT_TYPES[url.pathname];
  if (!contentType) throw notFound();
  // A plain GET of the path: none of the browser's headers (conditional, range…) reach the asset
  // service, so what comes back is always the whole file and its ETag; the 304 is decided below.
  const asset = await env.ASSETS.fetch(new URL(url.pathname, url.origin));
  if (asset.status === 404) {
    // A deployment whose assets lack the file: the gateway's JSON 404, never the asset service's own.
    await asset.body?.cancel();
    throw notFound();
  }
  const etag = asset.headers.get("etag");
  if (asset.status !== 200 || !etag) {
    await asset.body?.cancel();
    throw new Error(`static asset ${url.pathname} answered ${asset.status}${etag ? "" : " without an ETag"}`);
  }
  const headers = new Headers(DASHBOARD_SECURITY_HEADERS);
  headers.set("content-type", contentType);
  headers.set("etag", etag);
  // The page is tiny and must never outlive a deploy or sit in a shared cache; the other files are
  // not content-hashed by name, so they are revalidated (ETag) on every load instead of cached blindly.
  headers.set("cache-control", url.pathname === "/" ? "no-store" : "no-cache");
  if (etagMatches(request.headers.get("if-none-match"), etag)) {
    await asset.body?.cancel();
    return new Response(null, { status: 304, headers });
  }
  return new Response(asset.body, { headers });
}

/** The gateway's JSON 404, with the dashboard's security headers like every answer here. */
function notFound(): HttpError {
  return new HttpError(404, "not_found", "No such route", undefined, { ...DASHBOARD_SECURITY_HEADERS });
}

/** RFC 9110 weak comparison of `If-None-Match` (a list, or `*`) against the asset's ETag. */
function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag.replace(/^W\//, "") === opaque;
  });
}
