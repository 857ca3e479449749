/**
 * Reading JSON request bodies safely: content type checked (415), size bounded (413) while
 * streaming so a huge body is never buffered whole, syntax errors answered 400.
 */
import { HttpError } from "./errors";
import { readMessageUpTo } from "./stream";

/** Largest admin request body accepted, in bytes. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** Reads at most `limit` bytes of the body as text; throws 413 beyond. */
export async function readBoundedText(request: Request, limit: number): Promise<string> {
  const text = await readMessageUpTo(request, limit);
  if (text === null) throw tooLarge(limit);
  return text;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "payload_too_large", `Request body exceeds ${limit} bytes`);
}

/** Throws 415 unless the request says its body is JSON (`application/json` or `…+json`). */
export function requireJsonContentType(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim())) {
    throw new HttpError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
}

/** Reads a JSON admin body: 415 unless `application/json`, 413 over the limit, 400 when malformed. */
export async function readJsonBody(request: Request, limit = MAX_ADMIN_BODY_BYTES): Promise<unknown> {
  requireJsonContentType(request);
  const text = await readBoundedText(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "Request body is not valid JSON");
  }
}
