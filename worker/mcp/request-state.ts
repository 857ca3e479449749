/**
 * What one MCP request runs on: the published snapshot of the URL's integration, and the
 * {@link McpRequestState} built from it and the URL's token record (tools after the URL's filters,
 * exposure, the limiter, the lazily resolved account credentials). Every transport builds it here.
 */
import { now } from "../clock";
import { positiveInt } from "../config";
import { jsonRpcErrorResponse } from "../http/errors";
import { upstreamBaseUrl } from "../integrations/base-url";
import { publishedSnapshot } from "../integrations/registry";
import type { Snapshot } from "../integrations/snapshot";
import { getIndexText } from "../integrations/store";
import {
  CREDENTIALS_UNREADABLE_HINT,
  CredentialsUnreadableError,
  cachedCredentials,
} from "../stores/accounts";
import type { TokenRecord } from "../stores/records";
import { catalog } from "../tools/catalog";
import { surfaceTokens } from "../tools/footprint";
import { DEFAULT_MAX_RESULT_CHARS, toolError } from "../tools/result";
import { DEFAULT_SCHEMA_PROFILE } from "../tools/schema-profiles";
import { prepareSearchIndex, SEARCH_INDEX_VERSION } from "../tools/search-index";
import { toolSet } from "../tools/tool-set";
import { UPSTREAM_TIMEOUT_MS } from "../upstream/client";
import { codeRuntime } from "./code-mode";
import { effectiveExposure } from "./discovery";
import { type AdmitWork, urlLimiter } from "./limit";
import type { McpRequestState } from "./server";

/**
 * Builds the per-request state from a token record. `admit` replaces the URL's limiter when the
 * caller has already taken (or been refused) the request's unit of work.
 */
export function requestState(
  env: Env,
  record: TokenRecord,
  snapshot: Snapshot,
  fetchImpl?: typeof fetch,
  admit: AdmitWork = urlLimiter(env, record.server_id),
  client: { signal?: AbortSignal; traceparent?: string } = {},
): McpRequestState {
  const cat = catalog(snapshot);
  const { integration } = snapshot;
  const { tools, byName } = toolSet(cat.tools, record.config);
  const profile = record.config.schema_profile ?? DEFAULT_SCHEMA_PROFILE;
  return {
    serverName: `${integration.title} via edge-mcp`,
    catalog: cat,
    prepareSearch: () =>
      prepareSearchIndex(cat, () => getIndexText(env, SEARCH_INDEX_VERSION, snapshot.hash)),
    instructions: integration.instructions,
    exposure: effectiveExposure(record.config.tool_exposure, tools.length, () =>
      surfaceTokens(tools, profile),
    ),
    ...(record.config.tool_exposure === "code" ? { code: codeRuntime(env, record.server_id) } : {}),
    schemaProfile: profile,
    tools,
    byName,
    inCatalog: (name) => cat.byName.has(name),
    admit,
    callContext: async () => {
      // The account lookup overlaps the limiter's round trip (worker/mcp/tool-call.ts).
      const lookup = cachedCredentials(env, record.integrated_account_id);
      lookup.catch(() => undefined);
      let credentials: Awaited<ReturnType<typeof cachedCredentials>>;
      try {
        credentials = await lookup;
      } catch (e) {
        if (!(e instanceof CredentialsUnreadableError)) throw e;
        return toolError(
          `The stored credentials of this MCP server's account cannot be decrypted. ${CREDENTIALS_UNREADABLE_HINT}.`,
          { kind: "credentials_unreadable", hint: CREDENTIALS_UNREADABLE_HINT },
        );
      }
      if (!credentials)
        return toolError("The integrated account behind this MCP server no longer exists.", {
          kind: "account_missing",
        });
      const baseUrl = upstreamBaseUrl(env, integration);
      return {
        integration,
        baseUrl,
        bearer: credentials.api_token,
        now,
        timeoutMs: positiveInt(env.UPSTREAM_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS),
        maxResultChars: positiveInt(env.MAX_RESULT_CHARS, DEFAULT_MAX_RESULT_CHARS),
        ...(fetchImpl ? { fetchImpl } : {}),
        clientSignal: client.signal,
        traceparent: client.traceparent,
      };
    },
  };
}

/**
 * The published version of the URL's integration; a 503 JSON-RPC error saying what an admin must
 * do when none is (a deployment whose integrations were never published, or one deleted since).
 */
export async function liveSnapshot(env: Env, record: TokenRecord): Promise<Snapshot | Response> {
  const snapshot = await publishedSnapshot(env, record.integration, now());
  if (snapshot) return snapshot;
  return jsonRpcErrorResponse(
    503,
    -32603,
    `This MCP server's integration "${record.integration}" has no published version: an admin must publish one (POST /integrations/${record.integration}/publish).`,
  );
}
