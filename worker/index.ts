/**
 * Worker entry: route, map errors to the right layer, and add CORS headers to whatever came out;
 * the daily cron enforces activity retention. Nothing else lives here.
 */
import { purgeOldCalls } from "./activity/retention";
import { withCors } from "./http/cors";
import { HttpError, httpErrorResponse, internalErrorResponse } from "./http/errors";
import { requestTrace } from "./http/trace";
import { requestId } from "./log";
import { router } from "./router";

export { McpServerObject } from "../durable-objects/mcp-server";
export { SseSessionObject } from "../durable-objects/sse-session";
export { UpstreamAuthObject } from "../durable-objects/upstream-auth";

export default {
  async fetch(request, env, ctx): Promise<Response> {
    return withCors(request, env, await route(request, env, ctx));
  },
  async scheduled(_controller, env, ctx): Promise<void> {
    ctx.waitUntil(purgeOldCalls(env));
  },
} satisfies ExportedHandler<Env>;

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  try {
    return await router.fetch(request, env, ctx);
  } catch (err) {
    if (err instanceof HttpError) return httpErrorResponse(err);
    return internalErrorResponse(
      err,
      requestId(request),
      new URL(request.url).pathname.startsWith("/mcp/"),
      requestTrace(request)?.traceId ?? null,
    );
  }
}
