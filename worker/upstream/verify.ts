/**
 * Checks new or rotated credentials before they are saved: one cheap read the integration declares
 * as data (`verify` in its integration.json), sent exactly like a tool call. Integrations without a
 * declared read are saved unchecked.
 */

import { HttpError } from "../http/errors";
import { upstreamBaseUrl } from "../integrations/base-url";
import type { Integration } from "../integrations/schema";
import { upstreamString } from "../tools/result";
import { sendUpstream } from "./client";

/** How long a verification may take before the admin is told to retry (ms). */
const VERIFY_TIMEOUT_MS = 10_000;

/**
 * Makes the integration's verification call with `bearer`. Resolves when the upstream accepts it;
 * throws a 422 `credentials_rejected` carrying the upstream's own message when it refuses them (4xx),
 * and a 502 `verification_unavailable` when it cannot say (5xx, 429, timeout, no connection).
 */
export async function verifyCredentials(env: Env, integration: Integration, bearer: string): Promise<void> {
  const check = integration.verify;
  if (!check) return;
  const outcome = await sendUpstream(
    { method: check.method, path: check.path, query: check.query ?? {}, body: undefined },
    {
      baseUrl: upstreamBaseUrl(env, integration),
      headers: integration.static_headers,
      bearer,
      timeoutMs: VERIFY_TIMEOUT_MS,
    },
  );
  const offline = `send "verify": false to save without checking`;
  if (outcome.kind !== "response") {
    throw new HttpError(
      502,
      "verification_unavailable",
      `Could not reach ${integration.title} to check the credentials (${outcome.kind}); retry, or ${offline}`,
    );
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) return;
  let said: string | null = null;
  try {
    said = upstreamString(JSON.parse(outcome.text), integration.error_message_path);
  } catch {
    // not JSON: no upstream message to pass on
  }
  if (status >= 400 && status < 500 && status !== 429) {
    throw new HttpError(
      422,
      "credentials_rejected",
      `${integration.title} refused these credentials (${status})${said ? `: ${said}` : ""}`,
      { field: "credentials", upstream_status: status, ...(said ? { upstream_message: said } : {}) },
    );
  }
  throw new HttpError(
    502,
    "verification_unavailable",
    `${integration.title} could not check the credentials (${status}); retry, or ${offline}`,
    { upstream_status: status },
  );
}
