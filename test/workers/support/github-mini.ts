/**
 * A small GitHub integration for the upstream OAuth tests (workers and e2e): one read tool,
 * `get_current_github_user` (GET /user), and the auth methods and `verify` read of docs/integrations/github-overrides.json,
 * in the registry format of `POST /integrations {records}`. Pure data: no runtime imports.
 */

/** The part of docs/integrations/github-overrides.json the small integration takes. */
export interface GithubOverrides {
  integration: {
    auth: { instructions: string; token_prefixes: string[] };
    auth_methods: unknown[];
    verify?: unknown;
  };
}

/**
 * `{integration, records}` of the small GitHub integration, with the auth of `githubOverrides` (the
 * parsed docs/integrations/github-overrides.json: each runtime reads the file its own way).
 */
export const githubMini = (githubOverrides: GithubOverrides) => ({
  integration: {
    name: "github",
    title: "GitHub",
    base_url: "https://api.github.com",
    auth: {
      type: "bearer",
      credential: "api_token",
      instructions: githubOverrides.integration.auth.instructions,
      token_prefixes: githubOverrides.integration.auth.token_prefixes,
    },
    auth_methods: githubOverrides.integration.auth_methods,
    ...(githubOverrides.integration.verify ? { verify: githubOverrides.integration.verify } : {}),
    static_headers: { "X-GitHub-Api-Version": "2022-11-28" },
    rate_limit_headers: {
      limit: "x-ratelimit-limit",
      remaining: "x-ratelimit-remaining",
      reset: "x-ratelimit-reset",
      reset_kind: "epoch_seconds",
      retry_after: "retry-after",
    },
    error_message_path: "message",
    resources: { user: { singular: "user", title: "user", tags: ["users"] } },
  },
  records: [
    {
      file: "user.get_current.json",
      record: {
        resource: "user",
        method: "get_current",
        http: { method: "GET", path: "/user" },
        description: "The signed-in user of the connected account: login, id and profile.",
        access: "read",
      },
    },
  ],
});
