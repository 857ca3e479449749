/**
 * Who may use `/mcp/<token>`, checked on every request of every transport (the legacy SSE POSTs
 * re-run it on each message): Origin → URL token (by SHA-256) → expiry (to the second, even before
 * the purge propagates) → the URL's auth mode (`config.auth`: an API token by header, or an OAuth
 * access token, see worker/oauth) → our per-URL rate limit. The token lookup and the rate limiter
 * are independent round trips, so they run concurrently.
 */
import type { Caller, RefusalReason } from "../activity/record";
import { bearer } from "../admin/auth";
import { now } from "../clock";
import { positiveInt } from "../config";
import { corsHeaders } from "../http/cors";
import { jsonRpcErrorResponse } from "../http/errors";
import { originAllowed } from "../http/origin";
import { oauthCaller } from "../oauth/resource";
import { API_TOKEN_PREFIX, apiTokenCaller } from "../stores/api-tokens";
import { authMode, type TokenRecord } from "../stores/records";
import { tokenRecordByHash, urlTokenHash } from "../stores/servers";

/** A validated MCP request: the token's routing record, and our per-URL limit's verdict. */
export interface AuthorizedMcp {
  record: TokenRecord;
  /**
   * Who is calling, when known: the API token sent by header, or the one that signed in at the
   * consent page of the OAuth grant in use. Null on a `none` URL called without a token.
   */
  caller: Caller | null;
  /**
   * Resolves to the 429 answer when our per-URL limit refuses this request, else null. The limiter
   * is a round trip of its own, so callers start their work and await this before anything leaves
   * the gateway (the upstream request, or the response).
   */
  admission: Promise<Response | null>;
}

/** Length of the per-URL rate-limit window (the binding's `period`). */
const WINDOW_S = 60;

/** Told about a refusal of a known MCP server (expired, or the second factor missing), to record it. */
export type OnRefused = (record: TokenRecord, reason: RefusalReason) => void;

/** Authorizes a request to `/mcp/<token>`; returns a ready error response when it must stop. */
export async function authorizeMcp(
  request: Request,
  env: Env,
  token: string,
  onRefused?: OnRefused,
): Promise<AuthorizedMcp | Response> {
  if (!originAllowed(request, env)) {
    return jsonRpcErrorResponse(403, -32000, "Forbidden: Origin not allowed");
  }
  const hash = await urlTokenHash(token);
  // Started now, awaited by the caller as late as possible. A limiter failure admits the request:
  // the limit protects the upstream quota, it is not what keeps a URL secret.
  const admission = hash
    ? env.MCP_RATE_LIMITER.limit({ key: hash }).then(
        (r) => (r.success ? null : rateLimited(request, env)),
        () => null,
      )
    : Promise.resolve(null);
  const record = hash ? await tokenRecordByHash(env, hash) : null;
  // Unknown and expired answer alike, and before the rate limit, so nothing is learnt about URLs.
  if (!record || (record.expires_at !== null && Date.parse(record.expires_at) <= now())) {
    if (record) onRefused?.(record, "expired");
    return jsonRpcErrorResponse(404, -32001, "Unknown or expired MCP server URL", {
      headers: corsHeaders(request),
    });
  }
  const mode = authMode(record.config);
  const presented = presentedApiToken(request);
  // An API token by header names the caller on every mode; only `api_token` requires one.
  const byHeader = presented ? await apiTokenCaller(env.KV, presented, MCP_SCOPES) : null;
  if (byHeader || mode === "none") return { record, admission, caller: byHeader };
  if (mode === "oauth") {
    const caller = await oauthCaller(request, env, token, record);
    if (!(caller instanceof Response)) return { record, admission, caller };
    // The bare challenge is how every OAuth client discovers sign-in; only a rejected token is a refusal.
    if (request.headers.has("authorization") || presented) onRefused?.(record, "second_factor");
    return caller;
  }
  onRefused?.(record, "second_factor");
  return jsonRpcErrorResponse(
    401,
    -32001,
    "This MCP server requires an API token: send Authorization: Bearer <API token> or X-API-Key: <API token>",
    {
      headers: {
        ...corsHeaders(request),
        "www-authenticate": 'Bearer realm="edge-mcp", error="invalid_token"',
      },
    },
  );
}

/** Scopes that let an API token act as the second factor on MCP URLs. */
const MCP_SCOPES = ["mcp", "admin"] as const;

/**
 * The API token a request presents, in either header: `Authorization: Bearer <token>` (when it is
 * one of our API tokens, not an OAuth access token) or `X-API-Key: <token>` (clients that allow only
 * some header names, such as claude.ai's, can send one or the other).
 */
function presentedApiToken(request: Request): string | null {
  const fromBearer = bearer(request);
  if (fromBearer?.startsWith(API_TOKEN_PREFIX)) return fromBearer;
  return request.headers.get("x-api-key")?.trim() || null;
}

/**
 * Our own limit per URL: one leaked URL cannot burn the account's upstream quota. The binding says
 * only yes or no, so the headers report the configured limit and the window as the (upper-bound) reset.
 */
function rateLimited(request: Request, env: Env): Response {
  const limit = positiveInt(env.MCP_RATE_LIMIT_PER_MINUTE, 0);
  return jsonRpcErrorResponse(
    429,
    -32000,
    `Too many requests to this MCP URL (${limit} per minute); retry after ${WINDOW_S} s.`,
    {
      data: { retry_after: WINDOW_S, limit },
      headers: {
        ...corsHeaders(request),
        "ratelimit-limit": String(limit),
        "ratelimit-remaining": "0",
        "ratelimit-reset": String(WINDOW_S),
        "retry-after": String(WINDOW_S),
      },
    },
  );
}
