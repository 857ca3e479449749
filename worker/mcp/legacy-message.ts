/**
 * One message POSTed on the legacy HTTP+SSE transport (2024-11-05; the only thing "legacy" names in
 * this code base), run through the same dispatch as Streamable HTTP (worker/mcp/dispatch.ts). The
 * session's Durable Object writes the answers on its stream (worker/mcp/sse.ts).
 */
import { callSite, initializeClient, type SiteInput } from "../activity/site";
import type { TokenRecord } from "../stores/records";
import { capBatchAnswers, refuseBatch } from "./batch";
import { dispatch, readMcpBody } from "./dispatch";
import { refusalHeaders, toolCallHeaders } from "./rate-limit-headers";
import { liveSnapshot } from "./request-state";
import { sseDataPayloads } from "./sse-frames";

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

/** True for a JSON-RPC error that names the request it answers (so it can go on the stream). */
function hasRequestId(message: string): boolean {
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === "object" && parsed !== null && "id" in parsed && parsed.id !== null;
  } catch {
    return false;
  }
}
