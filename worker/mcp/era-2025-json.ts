/**
 * The 2025-era leg of an MCP URL's dispatch (worker/mcp/dispatch.ts): one stateless Streamable
 * HTTP exchange answered with a single JSON body. The transport spec lets a server answer a POST with `application/json` or with an SSE
 * stream, and clients must accept both; the SDK's own stateless fallback always streams. One JSON
 * body lets a tool call's answer carry its rate-limit headers without reading a stream back, and it
 * costs no SSE framing, no keep-alive timer and no stream hops. (We send no progress notifications,
 * the one thing a stream would carry besides the answer.)
 */
import {
  type AuthInfo,
  type Server,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";

/** Serves one 2025-era POST with `server` (built for this request) and closes both afterwards. */
export async function serve2025Json(
  server: Server,
  request: Request,
  parsedBody: unknown,
  authInfo: AuthInfo,
): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { authInfo, parsedBody });
  } finally {
    server.close().catch(() => undefined);
  }
}
