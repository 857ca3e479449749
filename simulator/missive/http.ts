/**
 * Response constructors. Most Missive error bodies are `{"error":{"message":"…"}}`; some validation
 * errors (third-party clients tested live report the conversation list's missing-mailbox 400) come as
 * a top-level `{"message":"…"}`, which {@link HttpError}'s `shape` reproduces.
 */

/** The exact live 401 message for a missing or unknown token. */
export const AUTH_ERROR_MESSAGE = "Authentication token is invalid or has been revoked";

/**
 * Thrown by handlers and validators; the router turns it into an error response. `emptyBody` produces
 * the bodiless 404 that analytics reports answer with.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly emptyBody = false,
    /** `top_level` answers `{"message": …}` instead of the usual `{"error": {"message": …}}`. */
    readonly shape: "envelope" | "top_level" = "envelope",
  ) {
    super(message);
  }
}

/** 400 with a message. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** 404 "<what> not found". */
export function notFound(what: string): HttpError {
  return new HttpError(404, `${what} not found`);
}

/** 403 with a message. */
export function forbidden(message: string): HttpError {
  return new HttpError(403, message);
}

/** 422 with a message. */
export function unprocessable(message: string): HttpError {
  return new HttpError(422, message);
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** A Missive-shaped error answer. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  return json({ error: { message } }, status, headers);
}

/** An answer with no body at all (empty 201 of `POST /messages`, empty 404 of analytics). */
export function emptyResponse(status: number, headers?: HeadersInit): Response {
  return new Response(null, { status, headers });
}

/** Converts a thrown value into an answer; unknown exceptions become a generic 500. */
export function responseForError(error: unknown): Response {
  if (error instanceof HttpError) {
    if (error.emptyBody) return emptyResponse(error.status);
    return error.shape === "top_level"
      ? json({ message: error.message }, error.status)
      : errorResponse(error.status, error.message);
  }
  return errorResponse(500, "Internal server error");
}
