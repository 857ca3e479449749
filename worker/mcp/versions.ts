/**
 * The protocol versions one MCP URL serves, and where the answer says so: the SDK names only the
 * newest revision in `server/discover` and in `-32022` errors, so the gateway rewrites those two
 * places with the whole list (design §3: every era on one URL).
 */
import { META_VERSION } from "../activity/site";

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

/** True when the request claims the modern revision, in a header or in its single message's `_meta`. */
export function claimsModern(request: Request, parsedBody: unknown): boolean {
  if (request.headers.get("mcp-protocol-version") === SERVED_PROTOCOL_VERSIONS[0]) return true;
  if (!isRecord(parsedBody) || !isRecord(parsedBody.params)) return false;
  const meta = parsedBody.params._meta;
  return isRecord(meta) && META_VERSION in meta;
}

/**
 * Puts {@link SERVED_PROTOCOL_VERSIONS} where the SDK lists only the modern revision: the
 * `supportedVersions` of a `server/discover` result and the `data.supported` of a `-32022`
 * (unsupported protocol version) error. Both are single JSON bodies; anything else passes untouched.
 */
export async function advertiseServedVersions(response: Response, parsed: unknown): Promise<Response> {
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
