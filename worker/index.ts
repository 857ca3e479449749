/**
 * Worker entry: route, and map errors to the right layer. Nothing else lives here.
 */
import { HttpError, httpErrorResponse, internalErrorResponse } from "./http/errors";
import { router } from "./router";

export { McpServerObject } from "../durable-objects/mcp-server";
export { SseSessionObject } from "../durable-objects/sse-session";

export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      return await router.fetch(request, env, ctx);
    } catch (err) {
      if (err instanceof HttpError) return httpErrorResponse(err);
      const requestId = request.headers.get("cf-ray") ?? crypto.randomUUID();
      return internalErrorResponse(err, requestId, new URL(request.url).pathname.startsWith("/mcp/"));
    }
  },
} satisfies ExportedHandler<Env>;
