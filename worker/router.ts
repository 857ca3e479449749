/**
 * Routes only: every handler lives in its own module. Admin routes require the admin bearer;
 * `/mcp/*` authorizes by URL token; preflight and `/health` need nothing.
 */
import { type IRequest, Router } from "itty-router";
import pkg from "../package.json";
import {
  connectAccountHandler,
  createAccountHandler,
  deleteAccountHandler,
  getAccountHandler,
  listAccountsHandler,
  patchAccountHandler,
  previewToolsHandler,
} from "./admin/accounts";
import { createApiTokenHandler, deleteApiTokenHandler, listApiTokensHandler } from "./admin/api-tokens";
import { requireAdmin } from "./admin/auth";
import { listAccountCallsHandler, listServerCallsHandler } from "./admin/calls";
import { listGrantsHandler, revokeGrantHandler } from "./admin/grants";
import { listVersionToolsHandler } from "./admin/integration-tools";
import {
  createIntegrationHandler,
  deleteIntegrationHandler,
  editToolHandler,
  getIntegrationHandler,
  getVersionHandler,
  listIntegrationsHandler,
  publishHandler,
} from "./admin/integrations";
import { deleteOAuthAppHandler, getOAuthAppHandler, putOAuthAppHandler } from "./admin/oauth-apps";
import { openApiDocument } from "./admin/openapi";
import { listPeopleHandler, revokePersonHandler } from "./admin/people";
import {
  createServerHandler,
  deleteServerHandler,
  getServerHandler,
  listServersHandler,
  patchServerHandler,
} from "./admin/servers";
import { dashboardHandler } from "./dashboard";
import { preflightResponse } from "./http/cors";
import { HttpError } from "./http/errors";
import { originAllowed } from "./http/origin";
import { mcpRoute } from "./mcp/route";
import { authorizationServerMetadataHandler, oauthEndpoint, resourceMetadataHandler } from "./oauth/routes";
import { callbackRoute, connectRoute } from "./upstream/auth/connect";

type Args = [Env, ExecutionContext];
/** Admin routes: who is calling is kept on the request (`actor`) for the changes it records. */
const admin = async (request: IRequest, env: Env) => {
  request.actor = await requireAdmin(request, env);
};
const actor = (r: IRequest) => String(r.actor);
/** A path parameter, percent-decoded; a malformed escape is a 400, not a crash. */
const p = (r: IRequest, name: string) => {
  try {
    return decodeURIComponent(r.params[name] ?? "");
  } catch {
    throw new HttpError(400, "invalid_request", `Malformed percent-encoding in the path (${name})`);
  }
};

/** The gateway's router; errors are mapped by the entry. */
export const router = Router<IRequest, Args>()
  .get("/health", () => Response.json({ status: "ok", version: pkg.version }))
  .get("/openapi.json", () => Response.json(openApiDocument()))
  .options("/mcp/*", (r, env) => preflightResponse(r, originAllowed(r, env)))
  .all("/mcp/:token", (r, env, ctx) => mcpRoute(r, env, p(r, "token"), "root", ctx))
  .all("/mcp/:token/sse", (r, env, ctx) => mcpRoute(r, env, p(r, "token"), "sse", ctx))
  .all("/mcp/:token/message", (r, env, ctx) => mcpRoute(r, env, p(r, "token"), "message", ctx))
  .all("/mcp/:token/oauth/:endpoint", (r, env, ctx) =>
    oauthEndpoint(r, env, ctx, p(r, "token"), p(r, "endpoint")),
  )
  .all("/.well-known/oauth-protected-resource/mcp/:token", (r, env) =>
    resourceMetadataHandler(r, env, p(r, "token")),
  )
  .all("/.well-known/oauth-authorization-server/mcp/:token", (r, env, ctx) =>
    authorizationServerMetadataHandler(r, env, ctx, p(r, "token")),
  )
  .get("/integrations", admin, (_r, env) => listIntegrationsHandler(env))
  .post("/integrations", admin, (r, env) => createIntegrationHandler(r, env, actor(r)))
  .get("/integrations/:name", admin, (r, env) => getIntegrationHandler(env, p(r, "name")))
  .delete("/integrations/:name", admin, (r, env) => deleteIntegrationHandler(env, p(r, "name"), actor(r)))
  .get("/integrations/:name/versions/:version", admin, (r, env) =>
    getVersionHandler(env, p(r, "name"), p(r, "version")),
  )
  .get("/integrations/:name/versions/:version/tools", admin, (r, env) =>
    listVersionToolsHandler(env, p(r, "name"), p(r, "version")),
  )
  .post("/integrations/:name/publish", admin, (r, env) => publishHandler(r, env, p(r, "name"), actor(r)))
  .patch("/integrations/:name/tools/:tool", admin, (r, env) =>
    editToolHandler(r, env, p(r, "name"), p(r, "tool"), actor(r)),
  )
  .put("/integrations/:name/oauth-app", admin, (r, env) => putOAuthAppHandler(r, env, p(r, "name")))
  .get("/integrations/:name/oauth-app", admin, (r, env) => getOAuthAppHandler(r, env, p(r, "name")))
  .delete("/integrations/:name/oauth-app", admin, (_r, env) => deleteOAuthAppHandler(env, p(_r, "name")))
  .post("/integrated-account", admin, (r, env) => createAccountHandler(r, env))
  .get("/integrated-account", admin, (r, env) => listAccountsHandler(r, env))
  .get("/integrated-account/:id", admin, (r, env) => getAccountHandler(env, p(r, "id")))
  .patch("/integrated-account/:id", admin, (r, env) => patchAccountHandler(r, env, p(r, "id")))
  .delete("/integrated-account/:id", admin, (r, env) => deleteAccountHandler(env, p(r, "id")))
  .post("/integrated-account/:id/connect", admin, (r, env) => connectAccountHandler(r, env, p(r, "id")))
  .get("/integrated-account/:id/people", admin, (r, env) => listPeopleHandler(r, env, p(r, "id")))
  .delete("/integrated-account/:id/people/:person", admin, (r, env) =>
    revokePersonHandler(env, p(r, "id"), p(r, "person")),
  )
  .get("/integrated-account/:id/tools", admin, (r, env) => previewToolsHandler(r, env, p(r, "id")))
  .get("/integrated-account/:id/calls", admin, (r, env) => listAccountCallsHandler(r, env, p(r, "id")))
  .get("/integrated-account/:id/mcp/:mcp/calls", admin, (r, env) =>
    listServerCallsHandler(r, env, p(r, "id"), p(r, "mcp")),
  )
  .post("/integrated-account/:id/mcp", admin, (r, env) => createServerHandler(r, env, p(r, "id")))
  .get("/integrated-account/:id/mcp", admin, (r, env) => listServersHandler(r, env, p(r, "id")))
  .get("/integrated-account/:id/mcp/:mcp", admin, (r, env) => getServerHandler(env, p(r, "id"), p(r, "mcp")))
  .patch("/integrated-account/:id/mcp/:mcp", admin, (r, env) =>
    patchServerHandler(r, env, p(r, "id"), p(r, "mcp")),
  )
  .delete("/integrated-account/:id/mcp/:mcp", admin, (r, env) =>
    deleteServerHandler(env, p(r, "id"), p(r, "mcp")),
  )
  .get("/integrated-account/:id/mcp/:mcp/grants", admin, (r, env) =>
    listGrantsHandler(r, env, p(r, "id"), p(r, "mcp")),
  )
  .delete("/integrated-account/:id/mcp/:mcp/grants/:grant", admin, (r, env) =>
    revokeGrantHandler(env, p(r, "id"), p(r, "mcp"), p(r, "grant")),
  )
  .post("/api-token", admin, (r, env) => createApiTokenHandler(r, env))
  .get("/api-token", admin, (r, env) => listApiTokensHandler(r, env))
  .delete("/api-token/:id", admin, (r, env) => deleteApiTokenHandler(env, p(r, "id")))
  .get("/upstream-oauth/connect/:account/:token", (r, env) =>
    connectRoute(r, env, p(r, "account"), p(r, "token")),
  )
  .get("/upstream-oauth/callback", (r, env) => callbackRoute(r, env))
  .get("/", (r) => dashboardHandler(r))
  .get("/app.js", (r) => dashboardHandler(r))
  .get("/styles.css", (r) => dashboardHandler(r))
  .get("/favicon.svg", (r) => dashboardHandler(r))
  .all("*", () => {
    throw new HttpError(404, "not_found", "No such route");
  });
