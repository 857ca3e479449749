/**
 * The OAuth client of an integration in this deployment: its published `oauth2` method, the OAuth
 * app an admin registered for it, and the provider's endpoints here. Both the connect flow and the
 * refresh (in an account's UpstreamAuthObject) start from this.
 */
import { now } from "../../clock";
import { publishedSnapshot } from "../../integrations/registry";
import type { Integration } from "../../integrations/schema";
import { getOAuthApp, oauthAppSecret } from "../../stores/oauth-apps";
import { oauth2Method, oauthEndpoints } from "./methods";
import type { OAuthClientConfig } from "./oauth-client";

/** Why an integration's OAuth client cannot be built, in words for the admin. */
export class OAuthSetupError extends Error {
  override name = "OAuthSetupError";
  constructor(
    message: string,
    readonly code:
      | "integration_unpublished"
      | "oauth_unsupported"
      | "oauth_app_missing"
      | "oauth_app_unreadable",
  ) {
    super(message);
  }
}

/** The OAuth client of `integration` as published; throws {@link OAuthSetupError}. */
export async function clientConfigFor(env: Env, integration: Integration): Promise<OAuthClientConfig> {
  const method = oauth2Method(integration);
  if (!method) {
    throw new OAuthSetupError(
      `${integration.title} does not declare an oauth2 auth method`,
      "oauth_unsupported",
    );
  }
  const app = await getOAuthApp(env, integration.name);
  if (!app) {
    throw new OAuthSetupError(
      `no OAuth app is registered for ${integration.title}: PUT /integrations/${integration.name}/oauth-app {client_id, client_secret}`,
      "oauth_app_missing",
    );
  }
  let client_secret: string;
  try {
    client_secret = await oauthAppSecret(env, app);
  } catch {
    throw new OAuthSetupError(
      `the OAuth app's client secret of ${integration.title} cannot be decrypted (CREDENTIALS_KEY changed): register it again`,
      "oauth_app_unreadable",
    );
  }
  return {
    method,
    endpoints: oauthEndpoints(env, integration, method),
    client_id: app.client_id,
    client_secret,
  };
}

/** The OAuth client of the published version of the integration named `name`. */
export async function clientConfig(env: Env, name: string): Promise<OAuthClientConfig> {
  const snapshot = await publishedSnapshot(env, name, now());
  if (!snapshot) {
    throw new OAuthSetupError(`the integration ${name} has no published version`, "integration_unpublished");
  }
  return clientConfigFor(env, snapshot.integration);
}
