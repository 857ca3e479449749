/**
 * CORS for MCP URLs: browser-based MCP clients (the Inspector) need the MCP headers allowed
 * and the session/rate-limit headers exposed. Preflight is answered without authentication. Every
 * other answer on `/mcp/*` — success or error, whichever layer produced it — gets its headers in one
 * place, {@link withCors}, called by the Worker entry; no handler adds them itself.
 */
import { originAllowed } from "./origin";

const ALLOW_HEADERS =
  "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID";
const EXPOSE_HEADERS =
  "Mcp-Session-Id, WWW-Authenticate, ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after";

/** Headers to add to an MCP response for a browser origin (the caller checked it is allowed). */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSE_HEADERS,
    vary: "Origin",
  };
}

/** The answer to an `OPTIONS` preflight. */
export function preflightResponse(request: Request, allowed: boolean): Response {
  if (!allowed) return new Response(null, { status: 403 });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(request),
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers": ALLOW_HEADERS,
      "access-control-max-age": "86400",
    },
  });
}

/**
 * Returns `response` with extra headers: set in place when its headers are mutable (any Response
 * the Worker built itself), else on a copy (a `fetch` response's headers are immutable). In place
 * saves re-wrapping the body in a new stream on every MCP answer.
 */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  const entries = Object.entries(headers);
  if (entries.length === 0) return response;
  try {
    for (const [k, v] of entries) response.headers.set(k, v);
    return response;
  } catch {
    // Immutable headers: the first set threw, nothing was changed.
  }
  const out = new Response(response.body, response);
  for (const [k, v] of entries) out.headers.set(k, v);
  return out;
}

/**
 * The edge's CORS step: an answer on `/mcp/*` to an allowed browser origin carries the CORS headers.
 * Answers elsewhere (admin API, dashboard: same-origin only) and to refused origins pass untouched.
 */
export function withCors(
  request: Request,
  env: Pick<Env, "ALLOWED_ORIGINS" | "ENVIRONMENT">,
  response: Response,
): Response {
  if (!new URL(request.url).pathname.startsWith("/mcp/")) return response;
  if (response.headers.has("access-control-allow-origin") || !originAllowed(request, env)) return response;
  return withHeaders(response, corsHeaders(request));
}
