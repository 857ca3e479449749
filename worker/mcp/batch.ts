/**
 * JSON-RPC batches. MCP 2025-03-26 (and the 2024-11-05 HTTP+SSE transport) allowed a POST to carry
 * an array of messages; 2025-06-18 removed batching, and 2025-11-25 and 2026-07-28 never had it.
 * Where allowed, a batch is bounded in messages and in the total bytes of its answers, so one POST
 * cannot turn a few KiB into many MiB; every `tools/call` in it still counts against the per-URL
 * limit on its own (worker/mcp/limit.ts). Elsewhere a batch is refused with a JSON-RPC error.
 */
import { jsonRpcErrorResponse } from "../http/errors";
import { sseDataPayloads, sseEvent } from "./sse-frames";

/** Most messages one batch may hold. */
export const MAX_BATCH_MESSAGES = 10;
/** Most bytes of JSON-RPC answers one batch may produce (UTF-8, serialized). */
export const MAX_BATCH_RESPONSE_BYTES = 2 * 1024 * 1024;
/** The protocol versions whose clients may send batches. */
export const BATCHING_VERSIONS: ReadonlySet<string> = new Set(["2024-11-05", "2025-03-26"]);
/** JSON-RPC error `data.kind` of an answer dropped because its batch's answers grew too large. */
export const BATCH_TOO_LARGE_KIND = "batch_response_too_large";

/**
 * The ready `400` answer for a batch this request may not send, or null. `version` is the protocol
 * version the request claims (header or negotiated); a Streamable HTTP POST without one is
 * 2025-03-26, as the specification says.
 */
export function refuseBatch(parsed: unknown, version: string | null): Response | null {
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  const claimed = version?.trim() || "2025-03-26";
  if (!BATCHING_VERSIONS.has(claimed)) {
    return jsonRpcErrorResponse(
      400,
      -32600,
      `Invalid Request: JSON-RPC batches are not part of MCP ${claimed} (removed in 2025-06-18); send one message per request.`,
    );
  }
  if (parsed.length > MAX_BATCH_MESSAGES) {
    return jsonRpcErrorResponse(
      400,
      -32600,
      `Invalid Request: a batch may hold at most ${MAX_BATCH_MESSAGES} messages (this one has ${parsed.length}); send the rest in further requests.`,
    );
  }
  return null;
}

const encoder = new TextEncoder();

/**
 * Keeps a batch's answers within {@link MAX_BATCH_RESPONSE_BYTES}: in order, an answer that would
 * take the total past the bound is replaced by a small JSON-RPC error naming its request id. Input
 * and output are serialized messages; an array (a JSON-mode batch answer) is flattened.
 */
export function capBatchAnswers(
  serialized: readonly string[],
  maxBytes = MAX_BATCH_RESPONSE_BYTES,
): string[] {
  const out: string[] = [];
  let total = 0;
  for (const text of serialized) {
    for (const message of splitMessages(text)) {
      const bytes = encoder.encode(message).byteLength;
      if (total + bytes <= maxBytes) {
        total += bytes;
        out.push(message);
        continue;
      }
      const dropped = droppedAnswer(message, maxBytes);
      total += encoder.encode(dropped).byteLength;
      out.push(dropped);
    }
  }
  return out;
}

/**
 * Applies {@link capBatchAnswers} to the SDK's answer to a Streamable HTTP batch, keeping its format
 * (a JSON array, or one SSE event per message) and status.
 */
export async function capBatchResponse(response: Response): Promise<Response> {
  const contentType = response.headers.get("content-type") ?? "";
  const isSse = contentType.includes("text/event-stream");
  if (!isSse && !contentType.includes("application/json")) return response;
  const text = await response.text();
  const messages = capBatchAnswers(isSse ? sseDataPayloads(text) : [text]);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  const body = isSse ? concat(messages.map((m) => sseEvent("message", m))) : `[${messages.join(",")}]`;
  return new Response(body, { status: response.status, headers });
}

function splitMessages(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[")) return trimmed ? [trimmed] : [];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed)) return parsed.map((m) => JSON.stringify(m));
  } catch {
    // Not JSON: pass it on as it came.
  }
  return [trimmed];
}

function droppedAnswer(message: string, maxBytes: number): string {
  let id: unknown = null;
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed === "object" && parsed !== null && "id" in parsed) id = parsed.id;
  } catch {
    // keep id null
  }
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    error: {
      code: -32000,
      message: `This request was processed, but the answers of its batch passed ${maxBytes} bytes, so its answer was dropped. Send large requests one per POST.`,
      data: { kind: BATCH_TOO_LARGE_KIND, max_bytes: maxBytes },
    },
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
