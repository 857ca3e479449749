/**
 * Server-Sent Events framing, pure: encoding the events of the legacy HTTP+SSE stream and reading
 * the `data:` payloads out of an SSE body (the SDK answers 2025-era POSTs as SSE).
 */

const encoder = new TextEncoder();

/** One SSE event, encoded; multi-line data becomes several `data:` lines, as SSE requires. */
export function sseEvent(event: string, data: string): Uint8Array {
  const lines = data
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => `data: ${line}`);
  return encoder.encode(`event: ${event}\n${lines.join("\n")}\n\n`);
}

/**
 * An SSE comment. Proxies and the Cloudflare edge cut streams that stay silent for a few minutes;
 * clients ignore comments.
 */
export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/**
 * The data payload of every event in an SSE body, in order (multi-line data joined with `\n`, as
 * the SSE parsing rules say). Events without data are skipped.
 */
export function sseDataPayloads(body: string): string[] {
  const payloads: string[] = [];
  for (const block of body.replace(/\r\n?/g, "\n").split("\n\n")) {
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "data") data.push("");
      else if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
    }
    if (data.length > 0) payloads.push(data.join("\n"));
  }
  return payloads;
}
