/**
 * Origin policy of MCP URLs (DNS-rebinding defence required by the MCP spec): an absent
 * Origin is allowed (Claude's connector and CLI clients send none); a present one must be the
 * gateway's own origin (deployed), one listed in ALLOWED_ORIGINS, or a loopback origin (development).
 */

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True when the request's Origin header is absent or allowed. */
export function originAllowed(request: Request, env: Pick<Env, "ALLOWED_ORIGINS" | "ENVIRONMENT">): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  // The request URL's host is the Host header. Deployed, Cloudflare routes only our own hostnames
  // here, so our own origin is safe; a development server on loopback sees whatever Host a
  // DNS-rebinding page sends, so there only loopback origins (below) count as our own.
  if (env.ENVIRONMENT !== "development" && origin === new URL(request.url).origin) return true;
  const listed = env.ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  if (listed.includes(origin)) return true;
  if (env.ENVIRONMENT === "development") {
    try {
      return LOOPBACK.has(new URL(origin).hostname);
    } catch {
      return false;
    }
  }
  return false;
}
