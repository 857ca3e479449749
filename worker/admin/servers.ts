/** Admin handlers for `/integrated-account/:id/mcp[/:mcp_id]`. */
import { type ServerActivity, serverActivity } from "../activity/queries";
import { now } from "../clock";
import { isExpired } from "../expiry";
import { readJsonBody } from "../http/body";
import { HttpError } from "../http/errors";
import { requirePublished } from "../integrations/registry";
import type { Integration } from "../integrations/schema";
import { log } from "../log";
import { codeLoader, LOADER_MISSING_HINT } from "../mcp/code-mode";
import { revokeAllServerGrants } from "../oauth/grants";
import { mcpPath } from "../security/url-token";
import { getAccount } from "../stores/accounts";
import { authMode, type ServerConfig, type ServerSummary } from "../stores/records";
import { createServer, getServer, listServers, updateServer } from "../stores/servers";
import { toolsForConfig } from "../tools/catalog";
import { footprint } from "../tools/footprint";
import { oauth2Method } from "../upstream/auth/methods";
import { accountOr404 } from "./accounts";
import { listResponse, pageParams } from "./pagination";
import { removeServer } from "./remove-server";
import {
  CONFIG_FIELDS,
  CreateServerBody,
  checkExpiry,
  foldAuthAlias,
  foldAuthAliasPatch,
  PatchServerBody,
  parseBody,
} from "./schemas";

/** Where a server body's misplaced top-level fields belong. */
const IN_CONFIG = { key: "config", fields: CONFIG_FIELDS };

/** A config as admins see it: `auth` always spelled out, the legacy alias folded into it. */
export function configView(config: ServerConfig): Omit<ServerConfig, "require_api_token_auth"> {
  const { require_api_token_auth: _alias, ...rest } = config;
  return { ...rest, auth: authMode(config) };
}

const NEVER_USED: ServerActivity = { last_used_at: null, calls_24h: 0, errors_24h: 0 };

/** The summary figures of servers; the admin API still answers (with nulls) when D1 is unavailable. */
async function activityOf(env: Env, ids: string[]): Promise<Map<string, ServerActivity | null>> {
  try {
    return await serverActivity(env.ACTIVITY, ids, now());
  } catch (err) {
    const what = err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown";
    log("error", "activity_summary_failed", { error: what });
    return new Map();
  }
}

/** The public shape of a server in admin responses, with its activity summary. */
function view(s: ServerSummary, activity: ServerActivity | null | undefined) {
  return {
    id: s.id,
    name: s.name,
    config: configView(s.config),
    expires_at: s.expires_at,
    expired: isExpired(s.expires_at, now()),
    integrated_account_id: s.integrated_account_id,
    created_at: s.created_at,
    updated_at: s.updated_at,
    last_used_at: activity?.last_used_at ?? null,
    calls_24h: activity?.calls_24h ?? null,
    errors_24h: activity?.errors_24h ?? null,
  };
}

/** `upstream: "per_person"` needs OAuth sign-in on the URL and an integration that connects by OAuth. */
function checkUpstreamMode(config: ServerConfig, integration: Integration): void {
  if (config.upstream !== "per_person") return;
  if (authMode(config) !== "oauth") {
    throw new HttpError(400, "invalid_request", 'config.upstream "per_person" needs config.auth "oauth"', {
      field: "config.upstream",
    });
  }
  if (!oauth2Method(integration)) {
    throw new HttpError(400, "invalid_request", `${integration.title} cannot connect accounts by OAuth`, {
      field: "config.upstream",
    });
  }
}

/** A 400 for code exposure where this deployment cannot run programs (no Worker Loader binding). */
function checkExposure(env: Env, exposure: string | null | undefined): void {
  if (exposure === "code" && !codeLoader(env))
    throw new HttpError(
      400,
      "invalid_request",
      `config.tool_exposure "code" is not available: ${LOADER_MISSING_HINT}.`,
      {
        field: "config.tool_exposure",
      },
    );
}

/** `POST /integrated-account/:id/mcp` → 201 with the URL, the only time the token is shown. */
export async function createServerHandler(request: Request, env: Env, accountId: string): Promise<Response> {
  const account = await accountOr404(env, accountId);
  const body = parseBody(CreateServerBody, await readJsonBody(request), "request body", IN_CONFIG);
  checkExpiry(body.expires_at, now());
  checkExposure(env, body.config.tool_exposure);
  const config = foldAuthAlias(body.config);
  const snapshot = await requirePublished(env, account.integration, now());
  checkUpstreamMode(config, snapshot.integration);
  const tools = toolsForConfig(snapshot, config);
  const { server, token } = await createServer(env, {
    accountId,
    integration: account.integration,
    name: body.name,
    config,
    expires_at: body.expires_at ? new Date(body.expires_at).toISOString() : null,
  });
  // Deleting the account removes its record before sweeping its servers: a server created while
  // that ran finds the account gone here and removes itself, so it cannot outlive the account.
  if (!(await getAccount(env, accountId))) {
    await removeServer(env, server.id);
    throw new HttpError(
      404,
      "not_found",
      "Integrated account not found (deleted while the server was created)",
    );
  }
  const url = `${new URL(request.url).origin}${mcpPath(token)}`;
  return Response.json(
    {
      ...view(server, NEVER_USED),
      url,
      footprint: footprint(tools, config.tool_exposure, config.schema_profile),
    },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
}

/** `GET /integrated-account/:id/mcp` */
export async function listServersHandler(request: Request, env: Env, accountId: string): Promise<Response> {
  await accountOr404(env, accountId);
  const { limit, cursor } = pageParams(new URL(request.url));
  const page = await listServers(env, accountId, cursor, limit);
  const activity = await activityOf(
    env,
    page.items.map((s) => s.id),
  );
  return listResponse(
    page.items.map((s) => view(s, activity.get(s.id))),
    page.next_cursor,
  );
}

/** The server of an account, or a 404 (also when it belongs to another account). */
export async function serverOr404(env: Env, accountId: string, serverId: string): Promise<ServerSummary> {
  const s = await getServer(env, accountId, serverId);
  if (!s) throw new HttpError(404, "not_found", "MCP server not found");
  return s;
}

/** `GET /integrated-account/:id/mcp/:mcp_id` */
export async function getServerHandler(env: Env, accountId: string, serverId: string): Promise<Response> {
  const server = await serverOr404(env, accountId, serverId);
  const activity = await activityOf(env, [server.id]);
  return Response.json(view(server, activity.get(server.id)));
}

/** `PATCH /integrated-account/:id/mcp/:mcp_id` */
export async function patchServerHandler(
  request: Request,
  env: Env,
  accountId: string,
  serverId: string,
): Promise<Response> {
  const current = await serverOr404(env, accountId, serverId);
  const body = parseBody(PatchServerBody, await readJsonBody(request), "request body", IN_CONFIG);
  checkExpiry(body.expires_at, now());
  checkExposure(env, body.config?.tool_exposure);
  const snapshot = await requirePublished(env, current.integration, now());
  if (body.config) {
    const patch = foldAuthAliasPatch(body.config) as Record<string, unknown>;
    const merged = Object.fromEntries(
      Object.entries({ ...current.config, ...patch }).filter(([, v]) => v !== null && v !== undefined),
    ) as ServerConfig;
    checkUpstreamMode(merged, snapshot.integration);
  }
  const updated = await updateServer(env, serverId, {
    name: body.name,
    config: body.config && foldAuthAliasPatch(body.config),
    expires_at:
      body.expires_at === undefined ? undefined : body.expires_at && new Date(body.expires_at).toISOString(),
  });
  // Leaving `oauth` revokes every grant made while it was on: a later switch back starts clean.
  if (authMode(current.config) === "oauth" && authMode(updated.config) !== "oauth") {
    await revokeAllServerGrants(env, serverId);
  }
  const activity = await activityOf(env, [updated.id]);
  const tools = toolsForConfig(snapshot, updated.config);
  return Response.json({
    ...view(updated, activity.get(updated.id)),
    footprint: footprint(tools, updated.config.tool_exposure, updated.config.schema_profile),
  });
}

/** `DELETE /integrated-account/:id/mcp/:mcp_id` */
export async function deleteServerHandler(env: Env, accountId: string, serverId: string): Promise<Response> {
  await serverOr404(env, accountId, serverId);
  await removeServer(env, serverId);
  return new Response(null, { status: 204 });
}
