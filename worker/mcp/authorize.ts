/**
 * Who may use `/mcp/<token>`, checked on every request of every transport (the legacy SSE POSTs
 * re-run it on each message): Origin → URL token (by SHA-256) → expiry (to the second, even before
 * the purge propagates) → the URL's auth mode (`config.auth`: an API token by header, or an OAuth
 * access token, see worker/oauth). Our per-URL rate limit is not checked here: it counts
 * work (each tool call), not requests, so the call path asks it (worker/mcp/limit.ts).
 */
import type { Caller, RefusalReason } from "../activity/record";
import { bearer } from "../admin/auth";
import { now } from "../clock";
import { isExpired } from "../expiry";
import { jsonRpcErrorResponse } from "../http/errors";
import { originAllowed } from "../http/origin";
import { oauthCaller } from "../oauth/resource";
import { API_TOKEN_PREFIX, apiTokenCaller } from "../stores/api-tokens";
import { authMode, type TokenRecord } from "../stores/records";
import { tokenRecordByHash, tombstoneByHash, urlTokenHash } from "../stores/servers";

/** A validated MCP request: the token's routing record and who presented it. */
export interface AuthorizedMcp {
  record: TokenRecord;
  /**
   * Who is calling, when known: the API token sent by header, or the one that signed in at the
   * consent page of the OAuth grant in use. Null on a `none` URL called without a token.
   */
  caller: Caller | null;
}

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
  const record = hash ? await tokenRecordByHash(env, hash) : null;
  // Unknown and expired answer alike, so nothing is learnt about URLs.
  if (!record || isExpired(record.expires_at, now())) {
    // Purged at expiry, the URL's tombstone still says whose it was (only when someone records).
    const expired = record ?? (hash && onRefused ? await tombstoneByHash(env, hash) : null);
    if (expired) onRefused?.(expired, "expired");
    return jsonRpcErrorResponse(404, -32001, "Unknown or expired MCP server URL");
  }
  const mode = authMode(record.config);
  const presented = presentedApiToken(request);
  // An API token by header names the caller on every mode; only `api_token` requires one.
  const byHeader = presented ? await apiTokenCaller(env.KV, presented, MCP_SCOPES) : null;
  if (byHeader || mode === "none") return { record, caller: byHeader };
  if (mode === "oauth") {
    const caller = await oauthCaller(request, env, token, record);
    if (!(caller instanceof Response)) return { record, caller };
    // The bare challenge is how every OAuth client discovers sign-in; only a rejected token is a refusal.
    if (request.headers.has("authorization") || presented) onRefused?.(record, "second_factor");
    return caller;
  }
  onRefused?.(record, "second_factor");
  // A wrong token and a missing one are told apart: the fix differs (check the token / add one).
  return jsonRpcErrorResponse(
    401,
    -32001,
    presented
      ? "The API token sent is not valid for MCP URLs: it was revoked, mistyped, or lacks the mcp scope. Send a live API token with the mcp (or admin) scope."
      : "This MCP server requires an API token: send Authorization: Bearer <API token> or X-API-Key: <API token>",
    {
      headers: {
        "www-authenticate": presented
          ? 'Bearer realm="edge-mcp", error="invalid_token"'
          : 'Bearer realm="edge-mcp"',
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
