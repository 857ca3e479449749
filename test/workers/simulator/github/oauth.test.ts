/**
 * The provider side of the GitHub simulator, as GitHub Apps issue user access tokens: consent page,
 * PKCE, the token endpoint's HTTP-200 errors, 8-hour `ghu_` tokens, `ghr_` refresh tokens that rotate
 * on use, and the two control endpoints that drive the lifecycle in tests. And Notion's public
 * connections: HTTP Basic client authentication, JSON bodies, RFC 6749 errors.
 */
import { describe, expect, it } from "vitest";
import { createGithubSimulator, GITHUB_OAUTH_APP } from "../../../../simulator/github/index";
import { createNotionSimulator, NOTION_OAUTH_APP } from "../../../../simulator/notion/index";

const ORIGIN = "https://github-sim.test";
const REDIRECT = "https://gw.test/upstream-oauth/callback";

async function s256(verifier: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...d))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

type Sim = { fetch(r: Request): Promise<Response> };

/** Approves on the consent page and returns the code. */
async function code(sim: Sim, authorizePath: string, params: Record<string, string>): Promise<string> {
  const page = await sim.fetch(new Request(`${ORIGIN}${authorizePath}?${new URLSearchParams(params)}`));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('value="approve"');
  const res = await sim.fetch(
    new Request(`${ORIGIN}${authorizePath}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...params, decision: "approve" }).toString(),
    }),
  );
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  expect(back.searchParams.get("state")).toBe(params.state);
  return back.searchParams.get("code") ?? "";
}

function token(sim: Sim, path: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return sim.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(body).toString(),
    }),
  );
}

const api = (sim: Sim, bearer: string) =>
  sim.fetch(new Request(`${ORIGIN}/user`, { headers: { authorization: `Bearer ${bearer}` } }));

describe("the GitHub simulator's OAuth provider", () => {
  const app = { client_id: GITHUB_OAUTH_APP.client_id, client_secret: GITHUB_OAUTH_APP.client_secret };

  it("issues expiring ghu_ tokens and rotating ghr_ refresh tokens for a PKCE flow", async () => {
    const sim = createGithubSimulator();
    const verifier = "v".repeat(50);
    const c = await code(sim, "/login/oauth/authorize", {
      client_id: app.client_id,
      redirect_uri: REDIRECT,
      state: "s1",
      code_challenge: await s256(verifier),
      code_challenge_method: "S256",
    });
    const res = await token(sim, "/login/oauth/access_token", {
      ...app,
      code: c,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    const t = (await res.json()) as Record<string, unknown>;
    expect(t).toMatchObject({
      token_type: "bearer",
      expires_in: 28_800,
      refresh_token_expires_in: 15_897_600,
      scope: "",
    });
    expect(String(t.access_token)).toMatch(/^ghu_/);
    expect(String(t.refresh_token)).toMatch(/^ghr_/);
    expect(((await (await api(sim, String(t.access_token))).json()) as { login: string }).login).toBe(
      "octocat-sim",
    );

    // Rotation: the new pair works, the old access and refresh tokens no longer do.
    const r = await token(sim, "/login/oauth/access_token", {
      ...app,
      grant_type: "refresh_token",
      refresh_token: String(t.refresh_token),
    });
    const next = (await r.json()) as Record<string, string>;
    expect(next.access_token).toMatch(/^ghu_/);
    expect((await api(sim, String(t.access_token))).status).toBe(401);
    expect((await api(sim, next.access_token ?? "")).status).toBe(200);
    const reused = await token(sim, "/login/oauth/access_token", {
      ...app,
      grant_type: "refresh_token",
      refresh_token: String(t.refresh_token),
    });
    expect(reused.status).toBe(200);
    expect(await reused.json()).toMatchObject({ error: "bad_refresh_token" });
    expect(sim.oauth.stats).toMatchObject({ code_exchanges: 1, refreshes: 1 });
  });

  it("answers errors with HTTP 200 and an error field: wrong verifier, reused code, wrong secret", async () => {
    const sim = createGithubSimulator();
    const params = {
      client_id: app.client_id,
      redirect_uri: REDIRECT,
      state: "s",
      code_challenge: await s256("x".repeat(43)),
      code_challenge_method: "S256",
    };
    const c = await code(sim, "/login/oauth/authorize", params);
    const wrong = await token(sim, "/login/oauth/access_token", {
      ...app,
      code: c,
      redirect_uri: REDIRECT,
      code_verifier: "y".repeat(43),
    });
    expect(wrong.status).toBe(200);
    expect(await wrong.json()).toMatchObject({ error: "bad_verification_code" });
    const again = await token(sim, "/login/oauth/access_token", {
      ...app,
      code: c,
      redirect_uri: REDIRECT,
      code_verifier: "x".repeat(43),
    });
    expect(await again.json()).toMatchObject({ error: "bad_verification_code" });
    const c2 = await code(sim, "/login/oauth/authorize", params);
    const secret = await token(sim, "/login/oauth/access_token", {
      ...app,
      client_secret: "nope",
      code: c2,
      redirect_uri: REDIRECT,
      code_verifier: "x".repeat(43),
    });
    expect(await secret.json()).toMatchObject({ error: "incorrect_client_credentials" });
  });

  it("denies with access_denied, refuses unknown clients on the page, and its control endpoints expire and revoke", async () => {
    const sim = createGithubSimulator();
    const denied = await sim.fetch(
      new Request(`${ORIGIN}/login/oauth/authorize`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: app.client_id,
          redirect_uri: REDIRECT,
          state: "s",
          decision: "deny",
        }).toString(),
      }),
    );
    expect(new URL(denied.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
    const unknown = await sim.fetch(
      new Request(`${ORIGIN}/login/oauth/authorize?client_id=nope&redirect_uri=${REDIRECT}`),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("location")).toBeNull();

    const c = await code(sim, "/login/oauth/authorize", {
      client_id: app.client_id,
      redirect_uri: REDIRECT,
      state: "s",
    });
    const t = (await (
      await token(sim, "/login/oauth/access_token", { ...app, code: c, redirect_uri: REDIRECT })
    ).json()) as Record<string, string>;
    const expire = await sim.fetch(new Request(`${ORIGIN}/__simulator/oauth/expire`, { method: "POST" }));
    expect(await expire.json()).toEqual({ expired: 1 });
    const expired = await api(sim, t.access_token ?? "");
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ message: "Bad credentials" });
    const revoke = await sim.fetch(new Request(`${ORIGIN}/__simulator/oauth/revoke`, { method: "POST" }));
    expect(await revoke.json()).toEqual({ revoked: 1 });
    const refused = await token(sim, "/login/oauth/access_token", {
      ...app,
      grant_type: "refresh_token",
      refresh_token: t.refresh_token ?? "",
    });
    expect(await refused.json()).toMatchObject({ error: "bad_refresh_token" });
    const stats = await sim.fetch(new Request(`${ORIGIN}/__simulator/oauth/stats`));
    expect(await stats.json()).toMatchObject({ code_exchanges: 1, refreshes: 0 });
  });
});

describe("the Notion simulator's OAuth provider", () => {
  const basic = `Basic ${btoa(`${NOTION_OAUTH_APP.client_id}:${NOTION_OAUTH_APP.client_secret}`)}`;

  it("takes HTTP Basic client authentication and a JSON body, and rotates refresh tokens", async () => {
    const sim = createNotionSimulator();
    const c = await code(sim, "/v1/oauth/authorize", {
      client_id: NOTION_OAUTH_APP.client_id,
      redirect_uri: REDIRECT,
      response_type: "code",
      owner: "user",
      state: "n1",
    });
    const json = (body: unknown, auth = basic) =>
      sim.fetch(
        new Request(`${ORIGIN}/v1/oauth/token`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    expect(
      (
        await json(
          { grant_type: "authorization_code", code: c, redirect_uri: REDIRECT },
          "Basic bm9wZTpub3Bl",
        )
      ).status,
    ).toBe(401);
    const c2 = await code(sim, "/v1/oauth/authorize", {
      client_id: NOTION_OAUTH_APP.client_id,
      redirect_uri: REDIRECT,
      state: "n2",
    });
    const res = await json({ grant_type: "authorization_code", code: c2, redirect_uri: REDIRECT });
    expect(res.status).toBe(200);
    const t = (await res.json()) as Record<string, unknown>;
    expect(t).toMatchObject({
      token_type: "bearer",
      workspace_name: "Simulated workspace",
      owner: { type: "user" },
    });
    expect(t).not.toHaveProperty("expires_in");
    const users = await sim.fetch(
      new Request(`${ORIGIN}/v1/users/me`, {
        headers: { authorization: `Bearer ${String(t.access_token)}`, "notion-version": "2025-09-03" },
      }),
    );
    expect(users.status).toBe(200);
    const refreshed = await json({ grant_type: "refresh_token", refresh_token: t.refresh_token });
    expect(refreshed.status).toBe(200);
    const old = await json({ grant_type: "refresh_token", refresh_token: t.refresh_token });
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: "invalid_grant" });
  });
});
