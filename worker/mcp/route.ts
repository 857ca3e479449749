/**
 * Method dispatch on an MCP URL. `/mcp/<token>`: POST is Streamable HTTP (both eras); a GET asking
 * for `text/event-stream` (and not `application/json`) without Streamable HTTP headers opens a legacy
 * HTTP+SSE stream. `/mcp/<token>/sse`: the same, except that a GET need not name `text/event-stream`;
 * a POST is Streamable HTTP (so `/sse` URLs pasted into modern clients work). `/mcp/<token>/message`:
 * the legacy transport's POST endpoint. Everything else is 405. The URL token is checked first, for
 * every method and leg.
 */
import type { RefusalReason } from "../activity/record";
import { recordRefusedCalls } from "../activity/refusals";
import type { SiteInput } from "../activity/site";
import { jsonRpcErrorResponse } from "../http/errors";
import { requestId } from "../log";
import type { TokenRecord } from "../stores/records";
import { authorizeMcp } from "./authorize";
import { isLegacyStreamRequest, openLegacyStream, postLegacyMessage } from "./sse";
import { serveStreamableHttp } from "./streamable-http";

/** Which path of an MCP URL a request addressed: the URL itself, its `/sse` alias, or `/message`. */
export type McpLeg = "root" | "sse" | "message";

/** Handles every method but OPTIONS on `/mcp/<token>`, `/mcp/<token>/sse` and `/mcp/<token>/message`. */
export async function mcpRoute(
  request: Request,
  env: Env,
  token: string,
  leg: McpLeg = "root",
  ctx?: ExecutionContext,
): Promise<Response> {
  const transport = leg === "message" ? "http_sse" : "streamable_http";
  let refused: { record: TokenRecord; reason: RefusalReason } | null = null;
  const auth = await authorizeMcp(request, env, token, (record, reason) => {
    refused = { record, reason };
  });
  const site = (record: TokenRecord): SiteInput | null =>
    ctx
      ? {
          request,
          env,
          waitUntil: (p) => ctx.waitUntil(p),
          requestId: requestId(request),
          record,
          caller: auth instanceof Response ? null : auth.caller,
          transport,
        }
      : null;
  if (auth instanceof Response) {
    const r = refused as { record: TokenRecord; reason: RefusalReason } | null;
    const input = r && site(r.record);
    if (r && input) await recordRefusedCalls(input, r.reason);
    return auth;
  }
  const { method } = request;
  // Our per-URL limit is asked per unit of work inside the MCP dispatch (worker/mcp/limit.ts).
  if (method === "POST" && leg !== "message") return serveStreamableHttp(request, env, auth, ctx);
  if (leg === "message") {
    if (method === "POST") return postLegacyMessage(request, env, auth.record, site(auth.record));
    return notAllowed("POST, OPTIONS");
  }
  if (method === "GET" && isLegacyStreamRequest(request, leg === "sse")) {
    return openLegacyStream(env, token, auth.record);
  }
  return notAllowed("GET, POST, OPTIONS");
}

function notAllowed(allow: string): Response {
  return jsonRpcErrorResponse(405, -32000, "Method not allowed.", { headers: { allow } });
}
