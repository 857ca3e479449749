/**
 * Streamable HTTP on an MCP URL (a POST of either era, after worker/mcp/authorize.ts admitted it):
 * read the body, refuse what the era forbids (batches), find the integration's published snapshot,
 * serve `tools/list` from prepared bytes (worker/mcp/list-cache.ts), dispatch everything else
 * (worker/mcp/dispatch.ts), and put the call's rate-limit state in the response's headers.
 */
import { callSite } from "../activity/site";
import { withHeaders } from "../http/cors";
import type { Snapshot } from "../integrations/snapshot";
import { requestId } from "../log";
import type { TokenRecord } from "../stores/records";
import type { AuthorizedMcp } from "./authorize";
import { capBatchResponse, refuseBatch } from "./batch";
import { dispatch, readMcpBody } from "./dispatch";
import { type AdmitWork, type GatewayRateLimited, urlLimiter } from "./limit";
import { cachedToolsList, toolsListId } from "./list-cache";
import { refusalHeaders, toolCallHeaders } from "./rate-limit-headers";
import { liveSnapshot } from "./request-state";
import { advertiseServedVersions } from "./versions";

/**
 * Serves a Streamable HTTP request (POST) of either era. With the request's `ExecutionContext`, its
 * tool calls are recorded (worker/activity/record.ts).
 */
export async function serveStreamableHttp(
  request: Request,
  env: Env,
  auth: AuthorizedMcp,
  ctx?: ExecutionContext,
): Promise<Response> {
  const body = await readMcpBody(request);
  if (body instanceof Response) return body;
  const refused = refuseBatch(body.parsed, request.headers.get("mcp-protocol-version"));
  if (refused) return refused;
  const snapshot = await liveSnapshot(env, auth.record);
  if (snapshot instanceof Response) return snapshot;
  const listId = toolsListId(body.parsed);
  if (listId !== undefined) {
    // The list counts against the URL's limit before the prepared bytes are served; a refusal is
    // answered by the SDK (a JSON-RPC error in a 200) and never becomes the cached template.
    const refusal = await urlLimiter(env, auth.record.server_id)();
    const parsed = body.parsed as { id: string | number; params?: unknown };
    if (refusal) return refusedList(request, env, auth.record, snapshot, parsed, refusal);
    return cachedToolsList(request, auth.record, snapshot.hash, parsed, async (parsedBody) => {
      const { response } = await dispatch(
        request,
        env,
        auth.record,
        snapshot,
        parsedBody,
        undefined,
        admitted,
      );
      return advertiseServedVersions(response, parsedBody);
    });
  }
  const site = ctx
    ? callSite(
        {
          request,
          env,
          waitUntil: (p) => ctx.waitUntil(p),
          requestId: requestId(request),
          record: auth.record,
          caller: auth.caller,
          transport: "streamable_http",
        },
        body.parsed,
      )
    : undefined;
  const dispatched = await dispatch(request, env, auth.record, snapshot, body.parsed, site);
  const { state } = dispatched;
  let response = await advertiseServedVersions(dispatched.response, body.parsed);
  if (Array.isArray(body.parsed)) response = await capBatchResponse(response);
  if (!callsTool(body.parsed)) return withHeaders(response, refusalHeaders(state));
  // Both legs answer in JSON once the tool ran, so the call's rate-limit state can travel in this
  // response's headers. A modern answer upgraded to SSE (the SDK does so when a handler emits a
  // message before its result; ours emit none) is read back (one result, at most MAX_RESULT_CHARS).
  const isSse = (response.headers.get("content-type") ?? "").includes("text/event-stream");
  const settled = isSse ? new Response(await response.text(), response) : response;
  return withHeaders(settled, toolCallHeaders(state));
}

/** Admits without taking a unit: the caller already took it. */
const admitted: AdmitWork = async () => null;

/** A `tools/list` our limit refused, answered through the SDK so the error has the request's shape. */
async function refusedList(
  request: Request,
  env: Env,
  record: TokenRecord,
  snapshot: Snapshot,
  parsed: unknown,
  refusal: GatewayRateLimited,
): Promise<Response> {
  const { response, state } = await dispatch(
    request,
    env,
    record,
    snapshot,
    parsed,
    undefined,
    async () => refusal,
  );
  return withHeaders(response, refusalHeaders(state));
}

/** True when a parsed MCP body is (or, in a 2025-03-26 batch, contains) a `tools/call` request. */
function callsTool(parsed: unknown): boolean {
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.some(
    (m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === "tools/call",
  );
}
