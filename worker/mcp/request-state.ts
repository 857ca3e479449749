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
import { getIndexText, putIndexText } from "../integrations/store";
import { CREDENTIALS_UNREADABLE_HINT } from "../stores/accounts";
import type { TokenRecord } from "../stores/records";
import { catalog } from "../tools/catalog";
import { surfaceTokens } from "../tools/footprint";
import { DEFAULT_MAX_RESULT_CHARS, type ToolResult, toolError } from "../tools/result";
import { DEFAULT_SCHEMA_PROFILE } from "../tools/schema-profiles";
import { prepareSearchIndex, SEARCH_INDEX_VERSION } from "../tools/search-index";
import { toolSet } from "../tools/tool-set";
import { accountCredential, bearerOf, type CredentialProblem } from "../upstream/auth/credential";
import { UPSTREAM_TIMEOUT_MS } from "../upstream/client";
import type { CallContext } from "./call";
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
  client: { signal?: AbortSignal; traceparent?: string; origin?: string; person?: string | null } = {},
): McpRequestState {
  const cat = catalog(snapshot);
  const { integration } = snapshot;
  const { tools, byName } = toolSet(cat.tools, record.config);
  const profile = record.config.schema_profile ?? DEFAULT_SCHEMA_PROFILE;
  const accountId = record.integrated_account_id;
  /** Where and as whom calls go; `rejected` is a bearer the upstream just answered 401 to. */
  const callContext = async (rejected?: string): Promise<CallContext | ToolResult> => {
    // The account lookup overlaps the limiter's round trip (worker/mcp/tool-call.ts).
    // A `per_person` URL calls as the signed-in person, with their own connection (never the account's).
    const perPerson = record.config.upstream === "per_person";
    if (perPerson && !client.person) {
      return credentialError(
        {
          problem: "reconnect_required",
          reason: "this URL uses each person's own account: sign in with OAuth",
        },
        accountId,
        undefined,
      );
    }
    const person = perPerson ? (client.person ?? undefined) : undefined;
    const credential = await accountCredential(env, accountId, rejected, person);
    if ("problem" in credential)
      return credentialError(credential, accountId, person ? undefined : client.origin);
    const bearer = bearerOf(credential);
    return {
      integration,
      baseUrl: upstreamBaseUrl(env, integration),
      bearer,
      now,
      timeoutMs: positiveInt(env.UPSTREAM_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS),
      maxResultChars: positiveInt(env.MAX_RESULT_CHARS, DEFAULT_MAX_RESULT_CHARS),
      ...(fetchImpl ? { fetchImpl } : {}),
      clientSignal: client.signal,
      traceparent: client.traceparent,
      // An OAuth token the upstream refuses is refreshed once (an API token has nothing to renew).
      ...(credential.type === "oauth2" ? { renew: () => callContext(bearer) } : {}),
    };
  };
  return {
    serverName: `${integration.title} via edge-mcp`,
    catalog: cat,
    prepareSearch: () =>
      prepareSearchIndex(
        cat,
        () => getIndexText(env, SEARCH_INDEX_VERSION, snapshot.hash),
        (text) => putIndexText(env, SEARCH_INDEX_VERSION, snapshot.hash, text),
      ),
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
    callContext: () => callContext(),
    ...(client.signal ? { clientSignal: client.signal } : {}),
  };
}

/** The tool error for an account without a usable credential. */
function credentialError(c: CredentialProblem, accountId: string, origin: string | undefined): ToolResult {
  switch (c.problem) {
    case "account_missing":
      return toolError("The integrated account behind this MCP server no longer exists.", {
        kind: "account_missing",
      });
    case "credentials_unreadable":
      return toolError(
        `The stored credentials of this MCP server's account cannot be decrypted. ${CREDENTIALS_UNREADABLE_HINT}.`,
        { kind: "credentials_unreadable", hint: CREDENTIALS_UNREADABLE_HINT },
      );
    case "reconnect_required": {
      // No origin: a person's own connection, which they renew by signing in to the URL again.
      if (!origin) {
        return toolError(
          `Your own account behind this MCP server must be connected (${c.reason}). Tell the user to sign in to this MCP server again (reconnect or re-authenticate it in the client) and approve at the provider.`,
          { kind: "reconnect_required", reason: c.reason, dashboard_url: null },
        );
      }
      const dashboard = `${origin}/#/accounts/${encodeURIComponent(accountId)}`;
      return toolError(
        `This MCP server's account must be connected again (${c.reason}). Tell the user: an admin reconnects it at ${dashboard}; its URLs stay the same.`,
        { kind: "reconnect_required", reason: c.reason, dashboard_url: dashboard },
      );
    }
    case "unavailable":
      return toolError(
        `The account's access token could not be renewed just now (${c.reason}). Retry later.`,
        { kind: "upstream_error" },
      );
  }
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
