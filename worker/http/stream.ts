/** Reading a body stream as text without ever buffering more than a bound. */

/** The whole body as UTF-8 text, or null as soon as it passes `limit` bytes (the stream is cancelled). */
export async function readTextUpTo(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<string | null> {
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The whole body of a request or response as UTF-8 text, or null when it passes `limit` bytes. A
 * declared `content-length` on a body that is not content-encoded is exactly what the runtime's HTTP
 * parser delivers, so within the limit it is read natively in one call (every MCP request and most
 * upstream answers); otherwise (chunked, or decoded from gzip and so of unknown size) the stream is
 * read chunk by chunk and cancelled once past the limit. The length check after a native read is a
 * backstop for a message built in code (UTF-16 units never outnumber UTF-8 bytes).
 */
export async function readMessageUpTo(message: Request | Response, limit: number): Promise<string | null> {
  const declared = Number(message.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await message.body?.cancel();
    return null;
  }
  const encoding = message.headers.get("content-encoding");
  if (Number.isFinite(declared) && (!encoding || encoding === "identity")) {
    const text = await message.text();
    return text.length > limit ? null : text;
  }
  return readTextUpTo(message.body, limit);
}
