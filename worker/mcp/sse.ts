/**
 * The legacy HTTP+SSE transport (2024-11-05) on the same URL: a GET opens a stream whose first
 * event names the POST endpoint (`/mcp/<token>/message?sessionId=<id>`); each POSTed message is
 * answered `202` and its response travels on the stream as an `event: message`. The stream is owned
 * by a per-session Durable Object (durable-objects/sse-session.ts) because the GET and the POSTs may
 * reach different isolates.
 *
 * The session id authorizes nothing: every POST re-validates the URL token (and the API token when
 * the server requires one) before the session is even looked up, and a session only accepts the
 * token of the MCP server it was opened for.
 */
import { MAX_SSE_SESSIONS_PER_URL } from "../../durable-objects/mcp-server";
import { sseLimits } from "../../durable-objects/sse-session";
import type { SiteInput } from "../activity/site";
import { jsonRpcErrorResponse } from "../http/errors";
import { sha256Hex } from "../security/crypto";
import type { TokenRecord } from "../stores/records";
import { processLegacyMessage } from "./legacy-message";

/** Session ids: 256 random bits in lowercase hex. Anything else is unknown without a lookup. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{64}$/;

/** The only protocol version whose clients speak HTTP+SSE alone: Streamable HTTP came with 2025-03-26. */
const LEGACY_ONLY_VERSION = "2024-11-05";

/**
 * True when a GET asks for a legacy stream, judged by what it asks for, not by which headers a
 * client library happens to add:
 * - a Streamable HTTP client's GETs never qualify: one carrying `Mcp-Session-Id` belongs to a
 *   session, and one that also accepts `application/json` is a probe (e.g. mcp-remote looking for a
 *   401 before it connects); a legacy client's EventSource asks for the event stream alone;
 * - on the `/sse` alias, any other GET opens a legacy session, whatever `MCP-Protocol-Version` it
 *   sends (some SSE transports add the header to every request);
 * - on the bare URL, a GET must accept `text/event-stream` and carry headers only a legacy client
 *   sends: no `MCP-Protocol-Version`, or `2024-11-05`. A Streamable HTTP client's stream GET sends
 *   its 2025-era version and must keep its 405 (the stateless URL has no standalone stream).
 */
export function isLegacyStreamRequest(request: Request, onSseAlias = false): boolean {
  const { headers } = request;
  if (headers.has("mcp-session-id")) return false;
  const accept = (headers.get("accept") ?? "").toLowerCase();
  if (accept.includes("application/json")) return false;
  if (onSseAlias) return true;
  const version = headers.get("mcp-protocol-version");
  return accept.includes("text/event-stream") && (version === null || version.trim() === LEGACY_ONLY_VERSION);
}

/** Opens a legacy stream for an authorized GET; the response streams until either side ends it. */
export async function openLegacyStream(env: Env, token: string, record: TokenRecord): Promise<Response> {
  const sessionId = newSessionId();
  if (!(await serverStub(env, record.server_id).acquireSseSlot(sessionId))) {
    return jsonRpcErrorResponse(
      503,
      -32000,
      `This MCP URL already has ${MAX_SSE_SESSIONS_PER_URL} open SSE sessions; close one, or use Streamable HTTP (POST to the same URL), which holds no session`,
      { headers: { "retry-after": "30" } },
    );
  }
  const response = await sessionStub(env, sessionId).open({
    session_id: sessionId,
    server_id: record.server_id,
    token_hash: await sha256Hex(token),
    expires_at: record.expires_at,
    // Relative to the origin, as the SDK's SSEServerTransport writes it; clients resolve it against the GET URL.
    endpoint: `/mcp/${encodeURIComponent(token)}/message?sessionId=${sessionId}`,
  });
  return response;
}

/**
 * Serves an authorized POST to `/mcp/<token>/message?sessionId=<id>`: `400` without a session id,
 * `404` for an unknown session or one of another MCP server, else `202` with the answer written on
 * the stream. The HTTP+SSE transport has no other response to carry the upstream's rate-limit state,
 * so a tool call's `ratelimit-*` and `retry-after` headers go on this `202`.
 */
export async function postLegacyMessage(
  request: Request,
  env: Env,
  record: TokenRecord,
  site?: SiteInput | null,
): Promise<Response> {
  const sessionId = new URL(request.url).searchParams.get("sessionId");
  if (!sessionId) {
    return jsonRpcErrorResponse(400, -32600, "Bad Request: missing sessionId query parameter");
  }
  const notFound = () => jsonRpcErrorResponse(404, -32001, "Session not found");
  if (!SESSION_ID_PATTERN.test(sessionId)) return notFound();
  const stub = sessionStub(env, sessionId);
  const session = await stub.session();
  if (!session || session.server_id !== record.server_id) return notFound();
  if (session.closed) return closedUnread();

  const outcome = await processLegacyMessage(
    request,
    env,
    record,
    session.protocol_version,
    site ? { ...site, session } : undefined,
  );
  if (outcome instanceof Response) return outcome;
  const version = negotiatedVersion(outcome.messages);
  // The client's name from `initialize` is kept with the session, for the activity records of its calls.
  const client = version && outcome.client ? outcome.client : undefined;
  if (outcome.messages.length > 0 || version) {
    const delivery = await stub.deliver(outcome.messages, version, client);
    if (delivery === "unread") return closedUnread();
    if (delivery === "gone") return notFound();
  }
  return new Response(null, { status: 202, headers: outcome.headers });
}

/** The answer to a POST on a session the gateway closed because its client did not read the stream. */
function closedUnread(): Response {
  const mib = Math.round(sseLimits.maxUnsentBytes / 1024 / 1024);
  return jsonRpcErrorResponse(
    410,
    -32001,
    `Session closed: its client did not read the event stream (more than ${mib} MiB waiting), so the gateway disconnected it. Open a new SSE stream.`,
  );
}

/** The MCP server's object, which counts the URL's open SSE sessions. */
function serverStub(env: Env, serverId: string) {
  return env.MCP_SERVER.get(env.MCP_SERVER.idFromName(serverId));
}

function sessionStub(env: Env, sessionId: string) {
  return env.SSE_SESSION.get(env.SSE_SESSION.idFromName(sessionId));
}

function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The protocol version of an `initialize` result among the messages, or null. */
function negotiatedVersion(messages: readonly string[]): string | null {
  for (const message of messages) {
    try {
      const parsed: unknown = JSON.parse(message);
      if (typeof parsed !== "object" || parsed === null || !("result" in parsed)) continue;
      const result = parsed.result;
      if (
        typeof result === "object" &&
        result !== null &&
        "protocolVersion" in result &&
        typeof result.protocolVersion === "string" &&
        "serverInfo" in result
      ) {
        return result.protocolVersion;
      }
    } catch {
      // Not JSON: nothing to learn from it.
    }
  }
  return null;
}
