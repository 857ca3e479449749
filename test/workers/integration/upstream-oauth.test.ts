/**
 * Managed upstream auth: an account connected by OAuth through the provider's consent page (the
 * GitHub simulator's, as GitHub Apps issue user tokens; Notion's public connections), its tokens
 * sealed in the account's Durable Object, refreshed once per account when the upstream refuses them,
 * and a refused refresh turned into `reconnect_required` until someone reconnects the same account.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GITHUB_OAUTH_APP, type GithubSimulator } from "../../../simulator/github/index";
import { NOTION_OAUTH_APP } from "../../../simulator/notion/index";
import { setClock } from "../../../worker/clock";
import { recordsOf } from "../support/activity";
import {
  admin,
  connectClient,
  createServer,
  gw,
  installNotionSimulator,
  serveHost,
  structuredOf,
} from "../support/gateway";
import {
  accountOf,
  callback,
  connect,
  decide,
  env,
  installGithub,
  openConnect,
  pendingAccount,
  publishGithubMini,
  refreshes,
  registerApp,
} from "../support/upstream-oauth";

let sim: GithubSimulator;

beforeEach(async () => {
  await publishGithubMini();
  sim = installGithub();
});
afterEach(() => setClock());

/** Calls `get_current_github_user` on a URL and returns the structured result. */
async function whoami(url: string): Promise<ReturnType<typeof structuredOf>> {
  const client = await connectClient(url, "modern");
  try {
    return structuredOf(await client.callTool({ name: "get_current_github_user", arguments: {} }));
  } finally {
    await client.close();
  }
}

/** API requests the simulator answered (not the OAuth endpoints). */
const apiCalls = () => sim.requests.filter((r) => r.path === "/user");

describe("the OAuth app of an integration", () => {
  it("is stored with its secret sealed, never returned, and shows the exact redirect URI", async () => {
    const put = await registerApp("github");
    expect(put.status).toBe(200);
    const body = (await put.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      integration: "github",
      client_id: GITHUB_OAUTH_APP.client_id,
      client_secret_set: true,
      redirect_uri: "https://gw.test/upstream-oauth/callback",
    });
    expect(JSON.stringify(body)).not.toContain(GITHUB_OAUTH_APP.client_secret);
    const got = await admin("GET", "/integrations/github/oauth-app");
    expect(JSON.stringify(await got.json())).not.toContain(GITHUB_OAUTH_APP.client_secret);
    const raw = await env.KV.get("oauth-app:github");
    expect(raw).not.toContain(GITHUB_OAUTH_APP.client_secret);
  });

  it("is refused for an integration without an oauth2 method, and required before an OAuth account", async () => {
    await admin("DELETE", "/integrations/github/oauth-app");
    const missive = await admin("PUT", "/integrations/missive/oauth-app", {
      client_id: "a",
      client_secret: "b",
    });
    expect(missive.status).toBe(409);
    const noApp = await admin("POST", "/integrated-account", {
      integration: "github",
      name: "x",
      auth: "oauth2",
    });
    expect(noApp.status).toBe(409);
    expect(((await noApp.json()) as { error: { code: string } }).error.code).toBe("oauth_app_missing");
    const both = await admin("POST", "/integrated-account", {
      integration: "github",
      name: "x",
      auth: "oauth2",
      credentials: { api_token: "t" },
    });
    expect(both.status).toBe(400);
    const list = (await (await admin("GET", "/integrated-account")).json()) as {
      result: Array<{ name: string }>;
    };
    expect(list.result.filter((a) => a.name === "x")).toHaveLength(0);
  });
});

describe("connecting a GitHub account by OAuth", () => {
  beforeEach(async () => {
    expect((await registerApp("github")).status).toBe(200);
  });

  it("answers a pending account with a single-use connect URL, then goes through consent to active", async () => {
    const account = await pendingAccount();
    expect(account.status).toBe("pending");
    expect(account.connect_url).toMatch(
      new RegExp(`^https://gw\\.test/upstream-oauth/connect/${account.id}/[A-Za-z0-9_-]{43}$`),
    );
    const consent = await openConnect(account.connect_url);
    const q = consent.authorize.searchParams;
    expect(`${consent.authorize.origin}${consent.authorize.pathname}`).toBe(
      "https://github.test/login/oauth/authorize",
    );
    expect(q.get("client_id")).toBe(GITHUB_OAUTH_APP.client_id);
    expect(q.get("redirect_uri")).toBe("https://gw.test/upstream-oauth/callback");
    expect(q.get("response_type")).toBe("code");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toMatch(new RegExp(`^${account.id}\\.[A-Za-z0-9_-]{43}$`));
    // The connect URL is single-use.
    expect((await gw(new URL(account.connect_url).pathname, { redirect: "manual" })).status).toBe(410);

    const back = await decide(sim, consent.authorize, "approve");
    expect(back.searchParams.get("code")).toBeTruthy();
    const done = await callback(back, consent.cookie);
    expect(done.status).toBe(200);
    expect(done.headers.get("location")).toBeNull();
    const page = await done.text();
    expect(page).toContain("Connected");
    expect(page).not.toMatch(/gh[ur]_/);
    const view = await accountOf(account.id);
    expect(view).toMatchObject({ id: account.id, auth: "oauth2", status: "active" });
    expect(view).not.toHaveProperty("status_reason");
    expect(JSON.stringify(view)).not.toMatch(/gh[ur]_/);
    expect(sim.oauth.stats.code_exchanges).toBe(1);

    const server = await createServer(account.id);
    const me = await whoami(server.url);
    expect(me.result).toMatchObject({ login: "octocat-sim" });
    expect(apiCalls().at(-1)?.headers.authorization).toMatch(/^Bearer ghu_/);
  });

  it("uses the identity the person approved as", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url, "hubot-sim");
    const server = await createServer(account.id);
    expect((await whoami(server.url)).result).toMatchObject({ login: "hubot-sim" });
  });

  it("refreshes invisibly when the upstream refuses an expired token: one refresh, one replay", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url);
    const server = await createServer(account.id);
    await whoami(server.url);
    const before = apiCalls().at(-1)?.headers.authorization;
    sim.oauth.expireAll();
    const me = await whoami(server.url);
    expect(me.result).toMatchObject({ login: "octocat-sim" });
    expect(refreshes(sim.oauth)).toBe(1);
    const [refused, replayed] = apiCalls().slice(-2);
    expect(refused?.status).toBe(401);
    expect(refused?.headers.authorization).toBe(before);
    expect(replayed?.status).toBe(200);
    expect(replayed?.headers.authorization).not.toBe(before);
    expect((await accountOf(account.id)).status).toBe("active");
  });

  it("refreshes before the call when the token is within 60 s of expiry", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url);
    const server = await createServer(account.id);
    await whoami(server.url);
    // 8 hours less 30 s later (GitHub's user tokens last 8 hours).
    const later = Date.now() + 28_800_000 - 30_000;
    setClock(() => later);
    const n = apiCalls().length;
    await whoami(server.url);
    expect(refreshes(sim.oauth)).toBe(1);
    expect(
      apiCalls()
        .slice(n)
        .map((r) => r.status),
    ).toEqual([200]);
  });

  it("makes exactly one refresh for 20 parallel calls that meet an expired token", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url);
    const server = await createServer(account.id);
    await whoami(server.url);
    sim.oauth.expireAll();
    const client = await connectClient(server.url, "modern");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.callTool({ name: "get_current_github_user", arguments: {} })),
    );
    await client.close();
    for (const r of results) expect(structuredOf(r).result).toMatchObject({ login: "octocat-sim" });
    expect(refreshes(sim.oauth)).toBe(1);
    expect((await accountOf(account.id)).status).toBe("active");
  });

  it("answers reconnect_required once the refresh is refused, records it, and a reconnect restores the same URL", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url);
    const server = await createServer(account.id);
    await whoami(server.url);
    sim.oauth.revokeAll();
    sim.oauth.expireAll();
    const refused = await whoami(server.url);
    expect(refused.error).toMatchObject({
      kind: "reconnect_required",
      dashboard_url: `https://gw.test/#/accounts/${account.id}`,
    });
    expect(String(refused.error?.reason)).toContain("bad_refresh_token");
    const view = await accountOf(account.id);
    expect(view).toMatchObject({ status: "needs_reconnect" });
    expect(String(view.status_reason)).toContain("bad_refresh_token");
    // No further provider traffic: the account waits for a person.
    const n = sim.requests.length;
    const exchanges = sim.oauth.stats;
    expect((await whoami(server.url)).error).toMatchObject({ kind: "reconnect_required" });
    expect(sim.requests.length).toBe(n);
    expect(sim.oauth.stats).toEqual(exchanges);
    const rows = await recordsOf(server.id, 3);
    expect(rows.filter((r) => r.outcome === "reconnect_required")).toHaveLength(2);

    const again = await admin("POST", `/integrated-account/${account.id}/connect`);
    expect(again.status).toBe(200);
    const link = (await again.json()) as { id: string; connect_url: string };
    expect(link.id).toBe(account.id);
    await connect(sim, link.connect_url);
    expect((await accountOf(account.id)).status).toBe("active");
    expect((await whoami(server.url)).result).toMatchObject({ login: "octocat-sim" });
  });

  it("never retries a 429 or any other status, and replays a 401 only once", async () => {
    const account = await pendingAccount();
    await connect(sim, account.connect_url);
    const server = await createServer(account.id);
    await whoami(server.url);
    let n = apiCalls().length;
    sim.failNext(429, 1, 30);
    expect((await whoami(server.url)).error).toMatchObject({ kind: "rate_limited" });
    expect(apiCalls().length - n).toBe(1);
    n = apiCalls().length;
    sim.failNext(500);
    expect((await whoami(server.url)).error).toMatchObject({ kind: "upstream_error" });
    expect(apiCalls().length - n).toBe(1);
    n = apiCalls().length;
    sim.failNext(401, 2);
    expect((await whoami(server.url)).error).toMatchObject({ kind: "unauthorized" });
    expect(apiCalls().length - n).toBe(2);
    expect(refreshes(sim.oauth)).toBe(1);
  });
});

describe("a connect flow that does not complete", () => {
  beforeEach(async () => {
    expect((await registerApp("github")).status).toBe(200);
  });

  it("keeps the account pending with the reason when the person denies consent", async () => {
    const account = await pendingAccount();
    const consent = await openConnect(account.connect_url);
    const back = await decide(sim, consent.authorize, "deny");
    const res = await callback(back, consent.cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("access_denied");
    const view = await accountOf(account.id);
    expect(view.status).toBe("pending");
    expect(String(view.status_reason)).toContain("access_denied");
    expect(sim.oauth.stats.code_exchanges).toBe(0);
  });

  it("refuses a replayed state: the second callback stores nothing", async () => {
    const account = await pendingAccount();
    const consent = await openConnect(account.connect_url);
    const back = await decide(sim, consent.authorize, "approve");
    expect((await callback(back, consent.cookie)).status).toBe(200);
    const replay = await callback(back, consent.cookie);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/already used/);
    expect(sim.oauth.stats.code_exchanges).toBe(1);
  });

  it("refuses an injected code, a callback from another browser, and a mixed-up issuer", async () => {
    const account = await pendingAccount();
    // Another browser (no flow cookie) cannot complete this flow, and spends its state.
    let consent = await openConnect(account.connect_url);
    let back = await decide(sim, consent.authorize, "approve");
    expect((await callback(back, null)).status).toBe(400);
    expect((await accountOf(account.id)).status).toBe("pending");

    // A code that was not issued for this flow (an attacker's own, or a guess).
    let link = (await (await admin("POST", `/integrated-account/${account.id}/connect`)).json()) as {
      connect_url: string;
    };
    consent = await openConnect(link.connect_url);
    back = await decide(sim, consent.authorize, "approve");
    back.searchParams.set("code", "attacker-code-0000");
    let res = await callback(back, consent.cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("bad_verification_code");
    expect((await accountOf(account.id)).status).toBe("pending");

    // An answer claiming to come from another authorization server (RFC 9207 mix-up).
    link = (await (await admin("POST", `/integrated-account/${account.id}/connect`)).json()) as {
      connect_url: string;
    };
    consent = await openConnect(link.connect_url);
    back = await decide(sim, consent.authorize, "approve");
    back.searchParams.set("iss", "https://evil.example");
    res = await callback(back, consent.cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("iss");
    expect((await accountOf(account.id)).status).toBe("pending");
    expect(sim.oauth.stats.code_exchanges).toBe(0);
  });

  it("refuses a state it never issued and never redirects anywhere a request names", async () => {
    const forged = await gw(
      "/upstream-oauth/callback?code=x&state=acct_nope.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&redirect_uri=https://evil.example",
    );
    expect(forged.status).toBe(400);
    expect(forged.headers.get("location")).toBeNull();
    expect(await forged.text()).not.toContain("evil.example");
    expect((await gw("/upstream-oauth/callback?state=garbage")).status).toBe(400);
    expect((await gw("/upstream-oauth/connect/acct_nope/xyz")).status).toBe(404);
  });
});

describe("where upstream tokens are", () => {
  it("never in a response, a log line or KV: sealed in the account's Durable Object", async () => {
    expect((await registerApp("github")).status).toBe(200);
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    const account = await pendingAccount();
    const consent = await openConnect(account.connect_url);
    const back = await decide(sim, consent.authorize, "approve");
    const answers: string[] = [];
    const done = await callback(back, consent.cookie);
    answers.push(JSON.stringify([...done.headers]), await done.text());
    const server = await createServer(account.id);
    await whoami(server.url);
    const sealed = await runInDurableObject(
      env.UPSTREAM_AUTH.get(env.UPSTREAM_AUTH.idFromName(account.id)),
      async (_o, state) => state.storage.get<Record<string, unknown>>("tokens"),
    );
    expect(Object.keys(sealed ?? {}).sort()).toEqual(["ct", "iv", "v"]);
    sim.oauth.expireAll();
    await whoami(server.url);
    sim.oauth.revokeAll();
    sim.oauth.expireAll();
    answers.push(JSON.stringify(await whoami(server.url)));
    for (const path of [
      `/integrated-account/${account.id}`,
      "/integrated-account",
      "/integrations/github/oauth-app",
    ]) {
      answers.push(await (await admin("GET", path)).text());
    }
    const rows = await recordsOf(server.id, 3);
    const issued = sim.requests
      .map((r) => r.headers.authorization?.replace(/^Bearer /, "") ?? "")
      .filter((t) => t.startsWith("ghu_"));
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const secrets = [...issued, GITHUB_OAUTH_APP.client_secret];
    const kv = await Promise.all((await env.KV.list()).keys.map((k) => env.KV.get(k.name)));
    // In the account's Durable Object they are sealed (after the refused refresh: none at all).
    const object = env.UPSTREAM_AUTH.get(env.UPSTREAM_AUTH.idFromName(account.id));
    const stored = await runInDurableObject(object, async (_o, state) => [...(await state.storage.list())]);
    expect(stored.map(([k]) => k).sort()).toEqual(["meta"]);
    kv.push(JSON.stringify(stored));
    for (const text of [...lines, ...answers, JSON.stringify(rows), ...kv.map(String)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/gh[ur]_[0-9a-f]{20}/);
    }
  });
});

describe("connecting a Notion account by OAuth", () => {
  it("checks the new token with the integration's verify read: refused, the account stays pending and nothing is stored", async () => {
    const notion = installNotionSimulator();
    // The API refuses every token on the verify read (GET /users/me), as with an app lacking access.
    serveHost("notion.test", (r) =>
      new URL(r.url).pathname === "/v1/users/me"
        ? Promise.resolve(
            Response.json(
              { object: "error", status: 401, message: "API token is invalid." },
              { status: 401 },
            ),
          )
        : notion.fetch(r),
    );
    expect((await registerApp("notion", NOTION_OAUTH_APP)).status).toBe(200);
    const account = await pendingAccount("notion", "Wiki (OAuth)");
    const consent = await openConnect(account.connect_url);
    const back = await decide(notion, consent.authorize, "approve");
    const res = await callback(back, consent.cookie);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(
      "Notion&#39;s API refused the access token it just issued (401): API token is invalid.",
    );
    expect(notion.oauth.stats.code_exchanges).toBe(1);
    const view = await accountOf(account.id);
    expect(view.status).toBe("pending");
    expect(String(view.status_reason)).toContain("refused the access token it just issued (401)");
    // Nothing stored: a server on it answers reconnect_required, not a call with the refused token.
    const client = await connectClient((await createServer(account.id)).url, "modern");
    const call = await client.callTool({ name: "get_current_notion_user", arguments: {} });
    expect(structuredOf(call).error).toMatchObject({ kind: "reconnect_required" });
    await client.close();
  });

  it("uses HTTP Basic client authentication, no PKCE, owner=user, and refreshes after a 401", async () => {
    const notion = installNotionSimulator();
    expect((await registerApp("notion", NOTION_OAUTH_APP)).status).toBe(200);
    const account = await pendingAccount("notion", "Wiki (OAuth)");
    const consent = await openConnect(account.connect_url);
    expect(consent.authorize.pathname).toBe("/v1/oauth/authorize");
    expect(consent.authorize.searchParams.get("owner")).toBe("user");
    expect(consent.authorize.searchParams.has("code_challenge")).toBe(false);
    const back = await decide(notion, consent.authorize, "approve");
    expect((await callback(back, consent.cookie)).status).toBe(200);
    expect((await accountOf(account.id)).status).toBe("active");
    const server = await createServer(account.id);
    const client = await connectClient(server.url, "modern");
    const call = () => client.callTool({ name: "get_current_notion_user", arguments: {} });
    expect(structuredOf(await call()).result).toMatchObject({ object: "user" });
    notion.oauth.expireAll();
    expect(structuredOf(await call()).result).toMatchObject({ object: "user" });
    expect(notion.oauth.stats.refreshes).toBe(1);
    notion.oauth.revokeAll();
    notion.oauth.expireAll();
    expect(structuredOf(await call()).error).toMatchObject({ kind: "reconnect_required" });
    await client.close();
  });
});
