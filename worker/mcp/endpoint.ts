/**
 * `/mcp/<token>`: the one URL an admin hands out. Order of checks: Origin → URL token (by SHA-256)
 * → expiry (checked on every request, so a URL dies at the expiry second even before the purge
 * propagates) → second factor → dispatch: 2026-07-28 requests to the SDK's handler, 2025-era ones to
 * a stateless exchange answered in JSON (worker/mcp/legacy-json.ts). The HTTP response of a tool call carries the upstream's rate-limit state as
 * IETF `ratelimit-*` headers.
 */
import { type AuthInfo, createMcpHandler, isLegacyRequest } from "@modelcontextprotocol/server";
import type { CallSite } from "../activity/record";
import { callSite, initializeClient, META_VERSION, type SiteInput } from "../activity/site";
import { now } from "../clock";
import { positiveInt } from "../config";
import { readBoundedText } from "../http/body";
import { withHeaders } from "../http/cors";
import { HttpError, jsonRpcErrorResponse } from "../http/errors";
import { childTraceparent, requestTrace } from "../http/trace";
import { upstreamBaseUrl } from "../integrations/base-url";
import { publishedSnapshot } from "../integrations/registry";
import type { Snapshot } from "../integrations/snapshot";
import { requestId } from "../log";
import {
  CREDENTIALS_UNREADABLE_HINT,
  CredentialsUnreadableError,
  cachedCredentials,
} from "../stores/accounts";
import type { TokenRecord } from "../stores/records";
import { catalog } from "../tools/catalog";
import { surfaceTokens } from "../tools/footprint";
import { rateLimitHeaders } from "../tools/rate-limit";
import { DEFAULT_MAX_RESULT_CHARS, toolError } from "../tools/result";
import { DEFAULT_SCHEMA_PROFILE } from "../tools/schema-profiles";
import { toolSet } from "../tools/tool-set";
import { UPSTREAM_TIMEOUT_MS } from "../upstream/client";
import type { AuthorizedMcp } from "./authorize";
import { capBatchAnswers, capBatchResponse, refuseBatch } from "./batch";
import { effectiveExposure } from "./discovery";
import { serveLegacyJson } from "./legacy-json";
import { type AdmitWork, type GatewayRateLimited, refusalRateLimitState, urlLimiter } from "./limit";
import { cachedToolsList, toolsListId } from "./list-cache";
import { buildServer, type McpRequestState } from "./server";
import { sseDataPayloads } from "./sse-frames";

/** Largest MCP request body accepted (bytes). */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/**
 * Every protocol version this URL serves, newest first: 2026-07-28 (stateless, per-request `_meta`),
 * then the versions a 2025-era client negotiates with `initialize` (Streamable HTTP; 2024-11-05 also
 * over HTTP+SSE). The SDK names only 2026-07-28 in `server/discover` and in `-32022` errors; we
 * advertise the whole list there.
 */
export const SERVED_PROTOCOL_VERSIONS = [
  "2026-07-28",
  "2025-11-25",
  "2025-06-18",
  "2025-03-26",
  "2024-11-05",
] as const;

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
 * answered in JSON (worker/mcp/legacy-json.ts), everything else to the modern handler. The SDK's own
 * classification (`isLegacyRequest`) decides, except for a request that claims 2026-07-28 (its
 * `_meta` envelope or its `MCP-Protocol-Version` header): the SDK never serves those as legacy, so
 * they go straight to the modern handler, which classifies them once instead of twice.
 */
async function handleMcp(
  request: Request,
  parsedBody: unknown,
  record: TokenRecord,
  state: McpRequestState,
): Promise<Response> {
  const authInfo: AuthInfo = { token: "url-token", clientId: record.server_id, scopes: [], extra: { state } };
  if (!claimsModern(request, parsedBody) && (await isLegacyRequest(request, parsedBody))) {
    return serveLegacyJson(buildServer(state), request, parsedBody, authInfo);
  }
  return modern.fetch(request, { parsedBody, authInfo });
}

/** True when the request claims the modern revision, in a header or in its single message's `_meta`. */
function claimsModern(request: Request, parsedBody: unknown): boolean {
  if (request.headers.get("mcp-protocol-version") === SERVED_PROTOCOL_VERSIONS[0]) return true;
  if (!isRecord(parsedBody) || !isRecord(parsedBody.params)) return false;
  const meta = parsedBody.params._meta;
  return isRecord(meta) && META_VERSION in meta;
}

/**
 * Builds the per-request state from a token record. `admit` replaces the URL's limiter when the
 * caller has already taken (or been refused) the request's unit of work.
 */
export function requestState(
  env: Env,
  record: TokenRecord,
  snapshot: Snapshot,
  fetchImpl?: typeof fetch,
  admit: AdmitWork = urlLimiter(env, record.server_id),
  client: { signal?: AbortSignal; traceparent?: string } = {},
): McpRequestState {
  const cat = catalog(snapshot);
  const { integration } = snapshot;
  const { tools, byName } = toolSet(cat.tools, record.config);
  const profile = record.config.schema_profile ?? DEFAULT_SCHEMA_PROFILE;
  return {
    serverName: `${integration.title} via edge-mcp`,
    catalog: cat,
    instructions: integration.instructions,
    exposure: effectiveExposure(record.config.tool_exposure, tools.length, surfaceTokens(tools, profile)),
    schemaProfile: profile,
    tools,
    byName,
    inCatalog: (name) => cat.byName.has(name),
    admit,
    callContext: async () => {
      // The account lookup overlaps the limiter's round trip (worker/mcp/tool-call.ts).
      const lookup = cachedCredentials(env, record.integrated_account_id);
      lookup.catch(() => undefined);
      let credentials: Awaited<ReturnType<typeof cachedCredentials>>;
      try {
        credentials = await lookup;
      } catch (e) {
        if (!(e instanceof CredentialsUnreadableError)) throw e;
        return toolError(
          `The stored credentials of this MCP server's account cannot be decrypted. ${CREDENTIALS_UNREADABLE_HINT}.`,
          { kind: "credentials_unreadable", hint: CREDENTIALS_UNREADABLE_HINT },
        );
      }
      if (!credentials)
        return toolError("The integrated account behind this MCP server no longer exists.", {
          kind: "account_missing",
        });
      const baseUrl = upstreamBaseUrl(env, integration);
      return {
        integration,
        baseUrl,
        bearer: credentials.api_token,
        now,
        timeoutMs: positiveInt(env.UPSTREAM_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS),
        maxResultChars: positiveInt(env.MAX_RESULT_CHARS, DEFAULT_MAX_RESULT_CHARS),
        ...(fetchImpl ? { fetchImpl } : {}),
        clientSignal: client.signal,
        traceparent: client.traceparent,
      };
    },
  };
}

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

/**
 * Puts {@link SERVED_PROTOCOL_VERSIONS} where the SDK lists only the modern revision: the
 * `supportedVersions` of a `server/discover` result and the `data.supported` of a `-32022`
 * (unsupported protocol version) error. Both are single JSON bodies; anything else passes untouched.
 */
async function advertiseServedVersions(response: Response, parsed: unknown): Promise<Response> {
  const isDiscover = isRecord(parsed) && parsed.method === "server/discover";
  const isJson = (response.headers.get("content-type") ?? "").includes("application/json");
  if (!isJson || !(response.status === 400 || (response.ok && isDiscover))) return response;
  const text = await response.text();
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  let changed = false;
  if (isDiscover && isRecord(message) && isRecord(message.result)) {
    if (Array.isArray(message.result.supportedVersions)) {
      message.result.supportedVersions = [...SERVED_PROTOCOL_VERSIONS];
      changed = true;
    }
  }
  if (isRecord(message) && isRecord(message.error) && message.error.code === -32022) {
    const data = message.error.data;
    if (isRecord(data) && Array.isArray(data.supported)) {
      data.supported = [...SERVED_PROTOCOL_VERSIONS];
      changed = true;
    }
  }
  if (!changed) return new Response(text, response);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(message), { status: response.status, headers });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What one message POSTed on the legacy HTTP+SSE transport produced. */
export interface LegacyMessageResult {
  /** Serialized JSON-RPC messages to write on the session's stream, in order (none for notifications). */
  messages: string[];
  /** Headers for the POST's `202`: the tool call's rate-limit state, when there was one. */
  headers: Record<string, string>;
  /** The client's self-description when the message was `initialize`, for the session to remember. */
  client: { name: string; version: string | null } | null;
}

/**
 * Processes one message POSTed to the legacy HTTP+SSE transport with the same gateway logic as
 * Streamable HTTP: the message is fed to the SDK handler as a stateless 2025-era POST carrying the
 * version the session negotiated, and the JSON-RPC messages are unwrapped from its answer for the
 * caller to write on the session's stream. A returned `Response` must answer the POST as is: body
 * too large (413), not JSON (400), or a protocol error with no request id to deliver it to.
 */
export async function processLegacyMessage(
  request: Request,
  env: Env,
  record: TokenRecord,
  protocolVersion: string | null,
  siteInput?: SiteInput,
): Promise<LegacyMessageResult | Response> {
  const body = await readMcpBody(request);
  if (body instanceof Response) return body;
  const refused = refuseBatch(body.parsed, protocolVersion);
  if (refused) return refused;
  const snapshot = await liveSnapshot(env, record);
  if (snapshot instanceof Response) return snapshot;
  const site = siteInput ? callSite(siteInput, body.parsed) : undefined;
  const synthetic = new Request(request.url, {
    method: "POST",
    headers: {
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      ...(protocolVersion ? { "mcp-protocol-version": protocolVersion } : {}),
    },
  });
  const { response, state } = await dispatch(
    synthetic,
    env,
    record,
    snapshot,
    body.parsed,
    site,
    undefined,
    request,
  );
  const text = response.status === 202 ? "" : await response.text();
  // Read after the body: by then the tool call has finished whatever the response mode.
  const headers = state.toolCalled ? toolCallHeaders(state) : refusalHeaders(state);
  const isSse = (response.headers.get("content-type") ?? "").includes("text/event-stream");
  const answers = isSse ? sseDataPayloads(text) : text.trim() ? [text] : [];
  const messages = Array.isArray(body.parsed) ? capBatchAnswers(answers) : answers;
  if (response.ok || (messages.length > 0 && messages.every(hasRequestId)))
    return { messages, headers, client: initializeClient(body.parsed) };
  return new Response(text, response);
}

/**
 * The published version of the URL's integration; a 503 JSON-RPC error saying what an admin must
 * do when none is (a deployment whose integrations were never published, or one deleted since).
 */
async function liveSnapshot(env: Env, record: TokenRecord): Promise<Snapshot | Response> {
  const snapshot = await publishedSnapshot(env, record.integration, now());
  if (snapshot) return snapshot;
  return jsonRpcErrorResponse(
    503,
    -32603,
    `This MCP server's integration "${record.integration}" has no published version: an admin must publish one (POST /integrations/${record.integration}/publish).`,
  );
}

/** Reads and parses an MCP POST body; a ready 413/400 JSON-RPC error response when it cannot. */
async function readMcpBody(request: Request): Promise<{ parsed: unknown } | Response> {
  try {
    const text = await readBoundedText(request, MAX_MCP_BODY_BYTES);
    return { parsed: JSON.parse(text) };
  } catch (e) {
    if (e instanceof HttpError) return jsonRpcErrorResponse(413, -32600, e.message);
    return jsonRpcErrorResponse(400, -32700, "Parse error: body is not valid JSON");
  }
}

/** Runs a parsed MCP POST through the SDK handler with the gateway's per-request state. */
async function dispatch(
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
    // The legacy transport's answer goes on the session's stream, not this request: nothing to abandon.
    ...(traceSource ? {} : { signal: request.signal }),
    ...(trace ? { traceparent: childTraceparent(trace) } : {}),
  });
  if (site) {
    site.secret_prefixes = snapshot.integration.auth.token_prefixes;
    state.site = site;
  }
  const response = await handleMcp(request, parsedBody, record, state);
  return { response, state };
}

/** A tool call's rate-limit headers: our own limit's when it refused a call, else the upstream's. */
function toolCallHeaders(state: McpRequestState): Record<string, string> {
  if (state.refused) return refusalHeaders(state);
  return state.rateLimit ? rateLimitHeaders(state.rateLimit) : {};
}

/** Our own limit's headers when it refused some work of the request (known once the body is complete). */
function refusalHeaders(state: McpRequestState): Record<string, string> {
  return state.refused ? rateLimitHeaders(refusalRateLimitState(state.refused)) : {};
}

/** True for a JSON-RPC error that names the request it answers (so it can go on the stream). */
function hasRequestId(message: string): boolean {
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === "object" && parsed !== null && "id" in parsed && parsed.id !== null;
  } catch {
    return false;
  }
}
