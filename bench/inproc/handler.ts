/**
 * The SDK handler exactly as worker/mcp/endpoint.ts builds it (module-private there), so the
 * harness can time SDK dispatch on its own and drive synthetic tool sets through the real
 * `buildServer`. Keep the options in step with endpoint.ts.
 */
import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import type { RequestStateLike, WorkerModules } from "./modules.ts";

/** Builds the gateway's SDK handler; the per-request state travels in `authInfo.extra.state`. */
export function gatewayHandler(m: WorkerModules): McpHttpHandler {
  return createMcpHandler((ctx) => m.server.buildServer(ctx.authInfo?.extra?.state as RequestStateLike), {
    legacy: "stateless",
    responseMode: "auto",
    maxRequestBodySize: m.endpoint.MAX_MCP_BODY_BYTES,
  });
}

/**
 * Dispatches one parsed request with a given state and drains the response body as bytes (what a
 * Worker hands the runtime; decoding it to a string is the client's cost, not the server's).
 */
export async function dispatchWith(
  handler: McpHttpHandler,
  request: Request,
  parsedBody: unknown,
  state: RequestStateLike,
): Promise<ArrayBuffer> {
  const res = await handler.fetch(request, {
    parsedBody,
    authInfo: { token: "url-token", clientId: "mcp_bench", scopes: [], extra: { state } },
  });
  return res.arrayBuffer();
}
