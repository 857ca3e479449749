/**
 * Answers for injected failures (`failNext`, `POST /__simulator/fail`), in the bodies GitHub sends
 * for those statuses. A 403 or 429 with a `retry-after` is GitHub's secondary rate limit.
 */
import { DOCS_ROOT, GithubError, RATE_LIMIT_DOCS } from "./http.js";

/** GitHub's secondary-limit message (it appends the request id). */
export function secondaryMessage(requestId: string): string {
  return `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
}

const MESSAGES: Record<number, string> = {
  400: "Bad Request",
  401: "Bad credentials",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  422: "Validation Failed",
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

/** The error an injected failure of `status` answers with. */
export function injectedFailure(
  status: number,
  retryAfter: number | undefined,
  requestId: string,
): GithubError {
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { "retry-after": String(retryAfter) };
  if (status === 429 || (status === 403 && retryAfter !== undefined)) {
    return new GithubError(
      status,
      secondaryMessage(requestId),
      `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
      undefined,
      headers,
    );
  }
  return new GithubError(status, MESSAGES[status] ?? "Server Error", DOCS_ROOT, undefined, headers);
}
