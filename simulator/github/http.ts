/**
 * Responses in GitHub's shapes: JSON with `application/json; charset=utf-8`, errors as
 * `{"message","documentation_url","status"}` (GitHub's `basic-error`), validation failures as
 * `{"message":"Validation Failed","errors":[{resource,field,code}],…}` (its `validation-error`).
 */

/** Where GitHub's generic errors point. */
export const DOCS_ROOT = "https://docs.github.com/rest";

/** Where rate-limit errors point. */
export const RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

/** One entry of a 422's `errors`, as GitHub writes it. */
export interface FieldError {
  resource: string;
  field: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  value?: unknown;
  message?: string;
}

/** A failure a handler throws; {@link errorResponse} turns it into GitHub's error body. */
export class GithubError extends Error {
  readonly status: number;
  readonly documentationUrl: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    documentationUrl: string = DOCS_ROOT,
    errors?: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.documentationUrl = documentationUrl;
    this.errors = errors;
    this.headers = headers;
  }
}

/** The headers of a request as a plain record (lower-case names). */
export function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** A JSON response with GitHub's content type. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** GitHub's error body for `error`. */
export function errorResponse(error: GithubError): Response {
  const body: Record<string, unknown> = { message: error.message };
  if (error.errors) body.errors = error.errors;
  body.documentation_url = error.documentationUrl;
  body.status = String(error.status);
  return json(body, error.status, error.headers);
}

/** The 404 GitHub answers for unknown resources and for private ones the token cannot see. */
export function notFound(documentationUrl: string = DOCS_ROOT): GithubError {
  return new GithubError(404, "Not Found", documentationUrl);
}

/** A 422 `Validation Failed` with one field error. */
export function validationFailed(documentationUrl: string, ...errors: FieldError[]): GithubError {
  return new GithubError(422, "Validation Failed", documentationUrl, errors);
}

/** Whether `value` is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
