/**
 * `/mcp/<token>`: the one URL an admin hands out. Order of checks: Origin → URL token (by SHA-256)
 * → expiry (checked on every request, so a URL dies at the expiry second even before the purge
 * propagates) → second factor → dispatch to the SDK handler, which serves 2026-07-28 and stateless
 * 2025-era requests. The HTTP response of a tool call carries the upstream's rate-limit state as
 * IETF `ratelimit-*` headers.
 */
import { createMcpHandler } from "@modelcontextprotocol/server";
import { integrationEntry } from "../../docs-registry/index";
import { bearer, hasScope } from "../admin/auth";
import { now } from "../clock";
import { readBoundedText } from "../http/body";
import { corsHeaders, withHeaders } from "../http/cors";
import { HttpError, jsonRpcErrorResponse } from "../http/errors";
import { originAllowed } from "../http/origin";
import { accountCredentials, getAccount } from "../stores/accounts";
import type { TokenRecord } from "../stores/records";
import { resolveUrlToken } from "../stores/servers";
import { catalog } from "../tools/catalog";
import { applyFilter } from "../tools/filter";
import { rateLimitHeaders } from "../tools/rate-limit";
import { toolError } from "../tools/result";
import { buildServer, type McpRequestState } from "./server";

/** Largest MCP request body accepted (bytes). */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

const handler = createMcpHandler(
  (ctx) => {
    const state = ctx.authInfo?.extra?.state as McpRequestState | undefined;
    if (!state) throw new Error("MCP request reached the SDK without gateway state");
    return buildServer(state);
  },
  { legacy: "stateless", responseMode: "json", maxRequestBodySize: MAX_MCP_BODY_BYTES },
);

/** A validated MCP request: the token's routing record. */
export interface AuthorizedMcp {
  record: TokenRecord;
}

/**
 * Authorizes a request to `/mcp/<token>`; returns a ready error response when it must stop.
 * Shared by every transport (the legacy SSE POSTs re-run it on each message).
 */
export async function authorizeMcp(
  request: Request,
  env: Env,
  token: string,
): Promise<AuthorizedMcp | Response> {
  if (!originAllowed(request, env)) {
    return jsonRpcErrorResponse(403, -32000, "Forbidden: Origin not allowed");
  }
  const record = await resolveUrlToken(env, token);
  if (!record || (record.expires_at !== null && Date.parse(record.expires_at) <= now())) {
    return jsonRpcErrorResponse(404, -32001, "Unknown or expired MCP server URL", {
      headers: corsHeaders(request),
    });
  }
  if (record.config.require_api_token_auth) {
    const presented = bearer(request);
    const ok =
      presented !== null &&
      ((await hasScope(env, presented, "mcp")) || (await hasScope(env, presented, "admin")));
    if (!ok) {
      return jsonRpcErrorResponse(
        401,
        -32001,
        "This MCP server requires an API token: send Authorization: Bearer <API token>",
        {
          headers: {
            ...corsHeaders(request),
            "www-authenticate": 'Bearer realm="edge-mcp", error="invalid_token"',
          },
        },
      );
    }
  }
  return { record };
}

/** Builds the per-request state from a token record. */
export function requestState(env: Env, record: TokenRecord, fetchImpl?: typeof fetch): McpRequestState {
  const cat = catalog(record.integration);
  const entry = integrationEntry(record.integration);
  if (!cat || !entry)
    throw new HttpError(500, "internal_error", `integration ${record.integration} missing from registry`);
  const tools = applyFilter(cat.tools, record.config);
  return {
    serverName: `${entry.integration.title} via edge-mcp`,
    tools,
    byName: new Map(tools.map((t) => [t.name, t])),
    callContext: async () => {
      const account = await getAccount(env, record.integrated_account_id);
      if (!account)
        return toolError("The integrated account behind this MCP server no longer exists.", {
          kind: "account_missing",
        });
      const credentials = await accountCredentials(env, account);
      const baseUrl =
        (env as unknown as Record<string, string | undefined>)[entry.integration.base_url_var] ||
        entry.integration.base_url;
      return {
        integration: entry.integration,
        baseUrl,
        bearer: credentials.api_token,
        now,
        ...(fetchImpl ? { fetchImpl } : {}),
      };
    },
  };
}

/** Serves a Streamable HTTP request (POST) of either era. */
export async function serveStreamableHttp(
  request: Request,
  env: Env,
  record: TokenRecord,
): Promise<Response> {
  let parsedBody: unknown;
  try {
    const text = await readBoundedText(request, MAX_MCP_BODY_BYTES);
    parsedBody = JSON.parse(text);
  } catch (e) {
    if (e instanceof HttpError)
      return jsonRpcErrorResponse(413, -32600, e.message, { headers: corsHeaders(request) });
    return jsonRpcErrorResponse(400, -32700, "Parse error: body is not valid JSON", {
      headers: corsHeaders(request),
    });
  }
  const state = requestState(env, record);
  const response = await handler.fetch(request, {
    parsedBody,
    authInfo: { token: "url-token", clientId: record.server_id, scopes: [], extra: { state } },
  });
  if (!state.toolCalled) return withHeaders(response, corsHeaders(request));
  // The tool call finished before the handler resolved (json mode), so its rate-limit state is known.
  const extra = state.rateLimit ? rateLimitHeaders(state.rateLimit) : {};
  return withHeaders(response, { ...corsHeaders(request), ...extra });
}
