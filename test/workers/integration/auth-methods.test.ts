/**
 * Auth methods as integration data: the importer turns an OpenAPI `oauth2` security scheme with an
 * authorizationCode flow into an `oauth2` auth method (and says what it assumed), overrides replace
 * it, the shipped Notion integration declares both methods, and a token endpoint that is not https
 * on a public host is refused outside local development, like a base URL.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, productionFetch } from "../support/gateway";
import { acmeDocument } from "../support/openapi-docs";

let counter = 0;
const fresh = () => `oauthacme${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Acme's document with an OAuth 2.0 authorization-code scheme. */
function withOAuth(tokenUrl = "https://auth.acme-widgets.example/oauth/token"): Record<string, unknown> {
  const doc = acmeDocument();
  const components = doc.components as Record<string, unknown>;
  components.securitySchemes = {
    bearer: { type: "http", scheme: "bearer" },
    oauth: {
      type: "oauth2",
      flows: {
        authorizationCode: {
          authorizationUrl: "https://auth.acme-widgets.example/oauth/authorize",
          tokenUrl,
          scopes: { "widgets:read": "Read widgets", "widgets:write": "Change widgets" },
        },
      },
    },
  };
  return doc;
}

interface Version {
  version: number;
  report: { notes: string[] } | null;
}

describe("auth methods of an integration", () => {
  it("are filled from the document's authorizationCode flow, with the assumptions reported", async () => {
    const name = fresh();
    const res = await admin("POST", "/integrations", { name, openapi: withOAuth(), publish: true });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Version;
    expect(created.report?.notes.join("\n")).toMatch(/oauth2 \(authorization code\) from the spec.*PKCE/);
    const list = (await (await admin("GET", "/integrations")).json()) as {
      result: Array<{ name: string; auth_methods: string[] }>;
    };
    expect(list.result.find((i) => i.name === name)?.auth_methods).toEqual(["api_token", "oauth2"]);
    // The OAuth app form of a published integration that declares oauth2 answers with the redirect URI.
    const app = await admin("GET", `/integrations/${name}/oauth-app`);
    expect(app.status).toBe(404);
    expect(
      ((await app.json()) as { error: { details: { redirect_uri: string } } }).error.details,
    ).toMatchObject({
      redirect_uri: "https://gw.test/upstream-oauth/callback",
    });
    const put = await admin("PUT", `/integrations/${name}/oauth-app`, {
      client_id: "acme-app",
      client_secret: "s3cret-value",
    });
    expect(put.status).toBe(200);
  });

  it("take the overrides' auth_methods over what the document says", async () => {
    const name = fresh();
    const res = await admin("POST", "/integrations", {
      name,
      openapi: withOAuth(),
      publish: true,
      overrides: { integration: { auth_methods: [{ type: "api_token" }] } },
    });
    expect(res.status).toBe(201);
    const list = (await (await admin("GET", "/integrations")).json()) as {
      result: Array<{ name: string; auth_methods: string[] }>;
    };
    expect(list.result.find((i) => i.name === name)?.auth_methods).toEqual(["api_token"]);
    const oauth = await admin("POST", "/integrated-account", {
      integration: name,
      name: "n",
      auth: "oauth2",
    });
    expect(oauth.status).toBe(400);
    expect(((await oauth.json()) as { error: { code: string } }).error.code).toBe("auth_method_unsupported");
  });

  it("are declared by the shipped Notion integration: its API token and its public-connection OAuth", async () => {
    const list = (await (await admin("GET", "/integrations")).json()) as {
      result: Array<{ name: string; auth_methods: string[] }>;
    };
    expect(list.result.find((i) => i.name === "notion")?.auth_methods).toEqual(["api_token", "oauth2"]);
    expect(list.result.find((i) => i.name === "missive")?.auth_methods).toEqual(["api_token"]);
  });

  it("refuse a token URL that is not https on a public host outside local development", async () => {
    const res = await productionFetch(
      new Request("https://gw.test/integrations", {
        method: "POST",
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: fresh(), openapi: withOAuth("https://169.254.169.254/token") }),
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /integration\.auth_methods\.1\.token_url: .*(loopback|private|reserved)/,
    );
  });
});
