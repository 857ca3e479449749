/**
 * Admin handlers for `/integrations/:name/oauth-app`: the OAuth app an admin registered at an
 * integration's provider. The client secret is sealed like account credentials and never returned;
 * the view shows the exact redirect URI to register at the provider.
 */
import { now } from "../clock";
import { readJsonBody } from "../http/body";
import { HttpError } from "../http/errors";
import { requirePublished } from "../integrations/registry";
import { deleteOAuthApp, getOAuthApp, putOAuthApp } from "../stores/oauth-apps";
import type { OAuthAppRecord } from "../stores/records";
import { oauth2Method, redirectUri } from "../upstream/auth/methods";
import { PutOAuthAppBody, parseBody } from "./schemas";

/** What an admin sees of an OAuth app (never the secret). */
function view(app: OAuthAppRecord, origin: string) {
  return {
    integration: app.integration,
    client_id: app.client_id,
    client_secret_set: true,
    redirect_uri: redirectUri(origin),
    created_at: app.created_at,
    updated_at: app.updated_at,
  };
}

/** The integration must be published and declare `oauth2`. */
async function requireOAuthIntegration(env: Env, name: string) {
  const snapshot = await requirePublished(env, name, now());
  const method = oauth2Method(snapshot.integration);
  if (!method) {
    throw new HttpError(
      409,
      "oauth_unsupported",
      `${snapshot.integration.title} declares no oauth2 auth method; publish a version that does (auth_methods)`,
    );
  }
  return { integration: snapshot.integration, method };
}

/** `PUT /integrations/:name/oauth-app` */
export async function putOAuthAppHandler(request: Request, env: Env, name: string): Promise<Response> {
  const body = parseBody(PutOAuthAppBody, await readJsonBody(request));
  await requireOAuthIntegration(env, name);
  const app = await putOAuthApp(env, name, body);
  return Response.json(view(app, new URL(request.url).origin));
}

/** `GET /integrations/:name/oauth-app`: the app, or 404 with the redirect URI to register. */
export async function getOAuthAppHandler(request: Request, env: Env, name: string): Promise<Response> {
  const { method } = await requireOAuthIntegration(env, name);
  const origin = new URL(request.url).origin;
  const app = await getOAuthApp(env, name);
  if (!app) {
    throw new HttpError(404, "oauth_app_missing", `No OAuth app is registered for ${name}`, {
      redirect_uri: redirectUri(origin),
      ...(method.app_instructions ? { instructions: method.app_instructions } : {}),
    });
  }
  return Response.json({ ...view(app, origin), instructions: method.app_instructions ?? null });
}

/** `DELETE /integrations/:name/oauth-app`: new connections stop; connected accounts stop refreshing. */
export async function deleteOAuthAppHandler(env: Env, name: string): Promise<Response> {
  if (!(await getOAuthApp(env, name)))
    throw new HttpError(404, "not_found", "No OAuth app for this integration");
  await deleteOAuthApp(env, name);
  return new Response(null, { status: 204 });
}
