/**
 * Serves the admin dashboard (static files in `dashboard/dist`, bound as `ASSETS`) with strict
 * security headers. `run_worker_first = true` sends every request through the router, so only the
 * paths routed here ever reach the assets; everything else keeps the API's JSON 404.
 */
import { HttpError } from "./http/errors";

/** The dashboard's asset paths besides `/` (see scripts/build-dashboard.ts). */
export const DASHBOARD_ASSET_PATHS = ["/app.js", "/styles.css", "/favicon.svg"] as const;

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

/** `GET /` and the dashboard's asset paths. */
export async function dashboardHandler(request: Request, env: Env): Promise<Response> {
  const path = new URL(request.url).pathname;
  const isPage = path === "/";
  if (!isPage && !(DASHBOARD_ASSET_PATHS as readonly string[]).includes(path)) {
    throw new HttpError(404, "not_found", "No such route");
  }
  const asset = await env.ASSETS.fetch(request);
  if (asset.status === 404) {
    throw new HttpError(
      404,
      "dashboard_not_built",
      "The dashboard is not built: run `npm run build:dashboard` (npm start and npm test do it for you)",
    );
  }
  const res = new Response(asset.body, asset);
  for (const [k, v] of Object.entries(DASHBOARD_SECURITY_HEADERS)) res.headers.set(k, v);
  // The page is tiny and must never outlive a deploy or sit in a shared cache; the assets are not
  // content-hashed, so they are revalidated (ETag) on every load instead of being cached blindly.
  res.headers.set("cache-control", isPage ? "no-store" : "no-cache");
  return res;
}
