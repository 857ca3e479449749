/**
 * One parsed MCP POST through the SDK with the gateway's per-request state, whatever transport
 * carried it: 2026-07-28 requests to the SDK's handler, 2025-era ones to a stateless exchange
 * answered in JSON (worker/mcp/era-2025-json.ts). Also the body reader both transports share.
 */
import { type AuthInfo, createMcpHandler, isLegacyRequest } from "@modelcontextprotocol/server";
import type { CallSite } from "../activity/record";
import { readBoundedText } from "../http/body";
import { HttpError, jsonRpcErrorResponse } from "../http/errors";
import { childTraceparent, requestTrace } from "../http/trace";
import type { Snapshot } from "../integrations/snapshot";
import type { TokenRecord } from "../stores/records";
import { serve2025Json } from "./era-2025-json";
import type { AdmitWork } from "./limit";
import { requestState } from "./request-state";
import { buildServer, type McpRequestState } from "./server";
import { claimsModern } from "./versions";

/** Largest MCP request body accepted (bytes). */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/** The SDK's 2026-07-28 handler; 2025-era requests never reach it (see {@link handleMcp}). */
const modern = createMcpHandler(
  (ctx) => {
    const state = ctx.authInfo?.extra?.state as McpRequestState | undefined;
    if (!state) throw new Error("MCP request reached the SDK without gateway state");
    return buildServer(state);
  },
  { legacy: "reject", responseMode: "auto", maxRequestBodySize: MAX_MCP_BODY_BYTES },
);

/**
 * Routes a parsed MCP POST the way the SDK's entry would: 2025-era requests to a stateless exchange
 * answered in JSON (worker/mcp/era-2025-json.ts), everything else to the modern handler. The SDK's
 * own classification (`isLegacyRequest`: "legacy" is the SDK's word for the 2025 era) decides,
 * except for a request that claims 2026-07-28 (its `_meta` envelope or its `MCP-Protocol-Version`
 * header): the SDK never serves those as 2025-era, so they go straight to the modern handler, which
 * classifies them once instead of twice.
 */
async function handleMcp(
  request: Request,
  parsedBody: unknown,
  record: TokenRecord,
  state: McpRequestState,
): Promise<Response> {
  const authInfo: AuthInfo = { token: "url-token", clientId: record.server_id, scopes: [], extra: { state } };
  if (!claimsModern(request, parsedBody) && (await isLegacyRequest(request, parsedBody))) {
    return serve2025Json(buildServer(state), request, parsedBody, authInfo);
  }
  return modern.fetch(request, { parsedBody, authInfo });
}

/** Reads and parses an MCP POST body; a ready 413/400 JSON-RPC error response when it cannot. */
export async function readMcpBody(request: Request): Promise<{ parsed: unknown } | Response> {
  try {
    const text = await readBoundedText(request, MAX_MCP_BODY_BYTES);
    return { parsed: JSON.parse(text) };
  } catch (e) {
    if (e instanceof HttpError) return jsonRpcErrorResponse(413, -32600, e.message);
    return jsonRpcErrorResponse(400, -32700, "Parse error: body is not valid JSON");
  }
}

/**
 * Runs a parsed MCP POST through the SDK handler with the gateway's per-request state. `traceSource`
 * is the client's own request when `request` is a synthetic one (the HTTP+SSE transport's).
 */
export async function dispatch(
  request: Request,
  env: Env,
  record: TokenRecord,
  snapshot: Snapshot,
  parsedBody: unknown,
  site?: CallSite,
  admit?: AdmitWork,
  traceSource?: Request,
): Promise<{ response: Response; state: McpRequestState }> {
  const trace = requestTrace(traceSource ?? request, parsedBody);
  const state = requestState(env, record, snapshot, undefined, admit, {
    // The HTTP+SSE transport's answer goes on the session's stream, not this request: nothing to abandon.
    ...(traceSource ? {} : { signal: request.signal }),
    ...(trace ? { traceparent: childTraceparent(trace) } : {}),
    origin: new URL(request.url).origin,
    person: site?.caller?.api_token_id ?? null,
  });
  if (site) {
    site.secret_prefixes = snapshot.integration.auth.token_prefixes;
    state.site = site;
  }
  const response = await handleMcp(request, parsedBody, record, state);
  return { response, state };
}
