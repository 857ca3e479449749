/**
 * GitHub's OAuth provider side, as GitHub Apps issue user access tokens (docs.github.com, "Generating
 * a user access token for a GitHub App" and "Refreshing user access tokens"): authorize at
 * `/login/oauth/authorize` (PKCE S256 honoured), exchange and refresh at
 * `POST /login/oauth/access_token` with the client secret in the body; `ghu_` access tokens expire
 * after 8 hours, `ghr_` refresh tokens after 6 months and rotate on use (the old pair stops working);
 * errors answer HTTP 200 with an `error` field. On github.com these live on `github.com`, not
 * `api.github.com`; the simulator serves both on its one origin.
 */
import { type OAuthApp, OAuthProvider } from "../oauth/provider.js";

/** The simulator's registered GitHub App (what `npm start` registers with the gateway). */
export const GITHUB_OAUTH_APP: OAuthApp = {
  client_id: "Iv23liSimulatorApp01",
  client_secret: "github-simulator-client-secret-0123456789",
};

/** The provider of a GitHub simulator, with the users who can approve (their logins). */
export function githubOAuthProvider(now: () => number): OAuthProvider {
  return new OAuthProvider({
    errors: "github",
    authorizePath: "/login/oauth/authorize",
    tokenPath: "/login/oauth/access_token",
    clientAuth: "body",
    pkce: true,
    accessPrefix: "ghu_",
    refreshPrefix: "ghr_",
    accessTtlSeconds: 28_800,
    refreshTtlSeconds: 15_897_600,
    refreshRevokesAccess: true,
    app: GITHUB_OAUTH_APP,
    users: [
      { subject: "octocat-sim", label: "octocat-sim" },
      { subject: "hubot-sim", label: "hubot-sim" },
    ],
    title: "Authorize edge-mcp (GitHub simulator)",
    now,
  });
}
