/**
 * Per-person upstream connections: on an `oauth` URL with `config.upstream: "per_person"`, each
 * person who signs in connects their own GitHub account as part of the sign-in (the consent page
 * chains to the provider's), and every tool call of that person uses their own tokens — never the
 * account's, never another person's. Revoking the person (admin), their grant or their API token
 * deletes their upstream tokens.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { GithubSimulator } from "../../../simulator/github/index";
import { sha256Hex } from "../../../worker/security/crypto";
import { recordsOf } from "../support/activity";
import { admin, connectClient, createAccount, createServer, structuredOf } from "../support/gateway";
import {
  apiToken,
  authorize,
  authorizePath,
  openConsent,
  pkce,
  REDIRECT_URI,
  registerClient,
  submitConsent,
  tokenRequest,
} from "../support/oauth";
import { callback, decide, installGithub, publishGithubMini, registerApp } from "../support/upstream-oauth";

let sim: GithubSimulator;

beforeEach(async () => {
  await publishGithubMini();
  sim = installGithub();
  expect((await registerApp("github")).status).toBe(200);
});

/** A GitHub account (the simulator's own token) and a per_person `oauth` URL on it. */
async function perPersonUrl(): Promise<{ accountId: string; url: string; serverId: string }> {
  const accountId = await createAccount("ghp_simulator", "Team GitHub", "github");
  const server = await createServer(accountId, {
    name: "Each their own",
    config: { auth: "oauth", upstream: "per_person" },
  });
  return { accountId, url: server.url, serverId: server.id };
}

/** The sign-in ticket cookie (`name=value`) a response sets, or null. */
function signInTicket(res: Response): string | null {
  return (
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => /^emcp_signin=./.test(c)) ?? null
  );
}

/**
 * One person's sign-in on a per_person URL: consent with their API token → the provider's consent
 * page (approving as `subject`) → back to the consent page, already signed in → approve (no API
 * token asked again) → the MCP access token.
 */
async function signInAs(url: string, token: string, subject: string): Promise<string> {
  const clientId = await registerClient(url);
  const { verifier, challenge } = await pkce();
  // Consent with the API token: on to the provider (no code for the client yet).
  const chained = await authorize(url, clientId, token, challenge);
  expect(chained.res.status).toBe(302);
  expect(chained.code).toBeNull();
  const provider = chained.location;
  expect(`${provider.origin}${provider.pathname}`).toBe("https://github.test/login/oauth/authorize");
  const flow = chained.res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => !c.startsWith("emcp_signin="));
  const ticket = signInTicket(chained.res);
  expect(ticket).not.toBeNull();
  const back = await decide(sim, provider, "approve", subject);
  const resumed = await callback(back, flow ?? "");
  expect(resumed.status).toBe(302);
  const resume = new URL(resumed.headers.get("location") ?? "");
  const path = authorizePath(url, clientId, challenge);
  expect(`${resume.pathname}${resume.search}`).toBe(path);

  // Back on the consent page: signed in already, so approving needs no API token.
  const page = await openConsent(path, ticket ?? "");
  expect(page.html).toMatch(/Signed in as <strong>[^<]+<\/strong>, with your own github account connected/);
  expect(page.html).not.toContain('name="api_token"');
  const approved = await submitConsent(path, {
    handle: page.handle ?? "",
    cookie: `${page.cookie}; ${ticket}`,
    decision: "approve",
  });
  expect(approved.status).toBe(302);
  const code = new URL(approved.headers.get("location") ?? "about:blank").searchParams.get("code");
  expect(code).toBeTruthy();
  // The ticket is spent: its cookie is cleared, and presented again it signs no one in.
  expect(approved.headers.getSetCookie().some((c) => /^emcp_signin=;.*Max-Age=0/.test(c))).toBe(true);
  expect((await openConsent(path, ticket ?? "")).html).toContain('name="api_token"');
  const res = await tokenRequest(url, {
    grant_type: "authorization_code",
    code: code ?? "",
    redirect_uri: REDIRECT_URI,
    client_id: clientId,
    code_verifier: verifier,
    resource: url,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function whoami(url: string, access: string) {
  const client = await connectClient(url, "modern", { authorization: `Bearer ${access}` });
  try {
    return structuredOf(await client.callTool({ name: "get_current_github_user", arguments: {} }));
  } finally {
    await client.close();
  }
}

type Person = { api_token_id: string; api_token_name: string | null; status: string };
const people = async (accountId: string) =>
  ((await (await admin("GET", `/integrated-account/${accountId}/people`)).json()) as { result: Person[] })
    .result;

describe("a per_person URL", () => {
  it("needs oauth sign-in and an integration that connects by OAuth", async () => {
    const accountId = await createAccount("ghp_simulator", "GitHub", "github");
    const res = await admin("POST", `/integrated-account/${accountId}/mcp`, {
      name: "x",
      config: { auth: "api_token", upstream: "per_person" },
    });
    expect(res.status).toBe(400);
    const missive = await createAccount();
    const m = await admin("POST", `/integrated-account/${missive}/mcp`, {
      name: "x",
      config: { auth: "oauth", upstream: "per_person" },
    });
    expect(m.status).toBe(400);
  });

  it("gives each person their own upstream identity, never the account's", async () => {
    const { accountId, url, serverId } = await perPersonUrl();
    // The consent page's form may go on to the provider's consent page (browsers apply form-action to it).
    const page = await openConsent(authorizePath(url, await registerClient(url), (await pkce()).challenge));
    expect(page.res.headers.get("content-security-policy")).toContain(
      "form-action 'self' https://client.example https://github.test;",
    );
    const alice = await apiToken(["mcp"], "Alice");
    const bob = await apiToken(["mcp"], "Bob");
    const aliceAccess = await signInAs(url, alice.token, "octocat-sim");
    const bobAccess = await signInAs(url, bob.token, "hubot-sim");
    expect((await whoami(url, aliceAccess)).result).toMatchObject({ login: "octocat-sim" });
    expect((await whoami(url, bobAccess)).result).toMatchObject({ login: "hubot-sim" });
    // Only the people's own user tokens reached GitHub (each checked once at connect by the verify
    // read, then each whoami); the account's ghp_ token was never used.
    const used = sim.requests.filter((r) => r.path === "/user").map((r) => r.headers.authorization ?? "");
    expect(used).toHaveLength(4);
    for (const a of used) expect(a).toMatch(/^Bearer ghu_/);
    expect(new Set(used).size).toBe(2);
    // Whose call it was is in the activity, and the admin sees each person's connection.
    const rows = await recordsOf(serverId, 2);
    expect(rows.map((r) => r.api_token_id).sort()).toEqual([alice.id, bob.id].sort());
    const list = await people(accountId);
    expect(list.map((p) => [p.api_token_name, p.status]).sort()).toEqual([
      ["Alice", "active"],
      ["Bob", "active"],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/gh[ur]_/);
  });

  it("carries a sign-in across the provider trip only on its own URL, and only while its API token lives", async () => {
    const { accountId, url } = await perPersonUrl();
    const other = await createServer(accountId, {
      name: "Another",
      config: { auth: "oauth", upstream: "per_person" },
    });
    const alice = await apiToken(["mcp"], "Alice");
    const { challenge } = await pkce();
    const clientId = await registerClient(url);
    const chained = await authorize(url, clientId, alice.token, challenge);
    const ticket = signInTicket(chained.res) ?? "";
    const cookie = chained.res.headers.getSetCookie().find((c) => c.startsWith("emcp_signin=")) ?? "";
    // Bound to this URL's authorization endpoint, and unreadable by scripts.
    expect(cookie).toContain(`Path=${new URL(url).pathname}/oauth/authorize;`);
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
    // KV keeps only the ticket's hash.
    const stored = (await env.KV.list({ prefix: "consent-signin:" })).keys.map((k) => k.name);
    expect(stored).toContain(`consent-signin:${await sha256Hex(ticket.split("=")[1] ?? "")}`);
    // Another URL's consent page does not take it.
    const elsewhere = authorizePath(other.url, await registerClient(other.url), challenge);
    expect((await openConsent(elsewhere, ticket)).html).toContain('name="api_token"');
    // Once the API token is revoked, it signs no one in, and approving without a token is refused.
    await admin("DELETE", `/api-token/${alice.id}`);
    const path = authorizePath(url, clientId, challenge);
    const page = await openConsent(path, ticket);
    expect(page.html).toContain('name="api_token"');
    const refused = await submitConsent(path, {
      handle: page.handle ?? "",
      cookie: `${page.cookie}; ${ticket}`,
      decision: "approve",
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("Enter your API token to sign in.");
  });

  it("deletes a person's tokens when the admin revokes them, their grant, or their API token", async () => {
    const { accountId, url, serverId } = await perPersonUrl();
    const alice = await apiToken(["mcp"], "Alice");
    const bob = await apiToken(["mcp"], "Bob");
    const carol = await apiToken(["mcp"], "Carol");
    const aliceAccess = await signInAs(url, alice.token, "octocat-sim");
    const bobAccess = await signInAs(url, bob.token, "hubot-sim");
    await signInAs(url, carol.token, "octocat-sim");

    // The admin revokes Bob: his calls ask him to sign in again; Alice is untouched.
    expect((await admin("DELETE", `/integrated-account/${accountId}/people/${bob.id}`)).status).toBe(204);
    const refused = await whoami(url, bobAccess);
    expect(refused.error).toMatchObject({ kind: "reconnect_required", dashboard_url: null });
    expect((await whoami(url, aliceAccess)).result).toMatchObject({ login: "octocat-sim" });

    // Revoking Alice's grant deletes her connection too.
    const grants = (await (
      await admin("GET", `/integrated-account/${accountId}/mcp/${serverId}/grants`)
    ).json()) as {
      result: Array<{ id: string; api_token_id: string | null }>;
    };
    const hers = grants.result.find((g) => g.api_token_id === alice.id);
    expect(
      (await admin("DELETE", `/integrated-account/${accountId}/mcp/${serverId}/grants/${hers?.id}`)).status,
    ).toBe(204);

    // Deleting Carol's API token deletes hers.
    expect((await admin("DELETE", `/api-token/${carol.id}`)).status).toBe(204);
    expect(await people(accountId)).toEqual([]);
  });
});
