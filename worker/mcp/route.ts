/**
 * Method dispatch on an MCP URL. `/mcp/<token>`: POST is Streamable HTTP (both eras); a GET asking
 * for `text/event-stream` (and not `application/json`) without Streamable HTTP headers opens a legacy
 * HTTP+SSE stream. `/mcp/<token>/sse`: the same, except that a GET need not name `text/event-stream`;
 * a POST is Streamable HTTP (so `/sse` URLs pasted into modern clients work). `/mcp/<token>/message`:
 * the legacy transport's POST endpoint. Everything else is 405. The URL token is checked first, for
 * every method and leg.
 */
import { corsHeaders } from "../http/cors";
import { jsonRpcErrorResponse } from "../http/errors";
import { authorizeMcp } from "./authorize";
import { serveStreamableHttp } from "./endpoint";
import { isLegacyStreamRequest, openLegacyStream, postLegacyMessage } from "./sse";

/** Which path of an MCP URL a request addressed: the URL itself, its `/sse` alias, or `/message`. */
export type McpLeg = "root" | "sse" | "message";

/** Handles every method but OPTIONS on `/mcp/<token>`, `/mcp/<token>/sse` and `/mcp/<token>/message`. */
export async function mcpRoute(
  request: Request,
  env: Env,
  token: string,
  leg: McpLeg = "root",
): Promise<Response> {
  const auth = await authorizeMcp(request, env, token);
  if (auth instanceof Response) return auth;
  const { method } = request;
  // Streamable HTTP overlaps its work with the rate-limit verdict; every other leg waits for it.
  if (method === "POST" && leg !== "message") return serveStreamableHttp(request, env, auth);
  const denied = await auth.admission;
  if (denied) return denied;
  if (leg === "message") {
    if (method === "POST") return postLegacyMessage(request, env, auth.record);
    return notAllowed(request, "POST, OPTIONS");
  }
  if (method === "GET" && isLegacyStreamRequest(request, leg === "sse")) {
    return openLegacyStream(request, env, token, auth.record);
  }
  return notAllowed(request, "GET, POST, OPTIONS");
}

function notAllowed(request: Request, allow: string): Response {
  return jsonRpcErrorResponse(405, -32000, "Method not allowed.", {
    headers: { ...corsHeaders(request), allow },
  });
}
