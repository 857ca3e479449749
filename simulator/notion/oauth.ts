/**
 * Notion's OAuth provider side, as its public connections work (developers.notion.com, "Authorization"
 * and "Create a token"): authorize at `/v1/oauth/authorize` (`owner=user`), exchange and refresh at
 * `POST /v1/oauth/token` with HTTP Basic client authentication and a JSON body; the answer carries
 * `bot_id`, `workspace_id`, `workspace_name`, `owner`; access tokens do not expire, a refresh returns
 * a new access token and a new refresh token (the old one then answers 400 `invalid_grant`). Notion
 * documents no PKCE, so a code challenge is ignored.
 */
import { type OAuthApp, OAuthProvider } from "../oauth/provider";

/** The simulator's public connection (what `npm start` registers with the gateway). */
export const NOTION_OAUTH_APP: OAuthApp = {
  client_id: "1f2d872b-594c-80a6-9b7e-0037simulator",
  client_secret: "secret_notion-simulator-oauth-client-secret",
};

/** The provider of a Notion simulator. */
export function notionOAuthProvider(now: () => number = () => Date.now()): OAuthProvider {
  return new OAuthProvider({
    errors: "rfc6749",
    authorizePath: "/v1/oauth/authorize",
    tokenPath: "/v1/oauth/token",
    clientAuth: "basic",
    pkce: false,
    accessPrefix: "ntn_oauth_",
    refreshPrefix: "nrt_",
    accessTtlSeconds: null,
    refreshTtlSeconds: null,
    refreshRevokesAccess: false,
    app: NOTION_OAUTH_APP,
    users: [
      { subject: "6a1c5d2e-0000-4000-8000-00000000a001", label: "Ada (ada@example.com)" },
      { subject: "6a1c5d2e-0000-4000-8000-00000000a002", label: "Grace (grace@example.com)" },
    ],
    title: "Notion simulator: connect edge-mcp to your workspace",
    extraFields: (user) => ({
      bot_id: "2c5d1f6a-0000-4000-8000-0000000000b0",
      workspace_id: "2c5d1f6a-0000-4000-8000-0000000000f0",
      workspace_name: "Simulated workspace",
      workspace_icon: null,
      owner: {
        type: "user",
        user: { object: "user", id: user.subject, name: user.label.split(" ")[0], type: "person" },
      },
      duplicated_template_id: null,
      request_id: crypto.randomUUID(),
    }),
    now,
  });
}
