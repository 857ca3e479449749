/**
 * Helpers for the upstream OAuth tests: a small GitHub integration (one read tool) declaring the auth
 * methods of docs/integrations/github-overrides.json, the in-process GitHub simulator at
 * `https://github.test` (UPSTREAM_BASE_URLS of the test config, which also moves the OAuth endpoints
 * there), and a browser-like walk through the connect flow (connect URL → consent → callback).
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import githubOverrides from "../../../docs/integrations/github-overrides.json";
import {
  createGithubSimulator,
  GITHUB_OAUTH_APP,
  type GithubSimulator,
} from "../../../simulator/github/index";
import type { OAuthProvider } from "../../../simulator/oauth/provider";
import { admin, gw, serveHost } from "./gateway";
import { githubMini } from "./github-mini";

/** Publishes the small GitHub integration (worker/support/github-mini.ts). */
export async function publishGithubMini(): Promise<void> {
  const res = await admin("POST", "/integrations", { publish: true, records: githubMini(githubOverrides) });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`publish github: ${res.status} ${await res.text()}`);
}

/** The GitHub simulator serving `https://github.test` (API and OAuth provider). */
export function installGithub(): GithubSimulator {
  const sim = createGithubSimulator();
  serveHost("github.test", (r) => sim.fetch(r));
  return sim;
}

/** Registers the simulator's OAuth app of `integration` with the gateway. */
export async function registerApp(
  integration: string,
  app: { client_id: string; client_secret: string } = GITHUB_OAUTH_APP,
): Promise<Response> {
  return admin("PUT", `/integrations/${integration}/oauth-app`, app);
}

/** A pending OAuth account and its connect URL. */
export async function pendingAccount(
  integration = "github",
  name = "GitHub (OAuth)",
): Promise<{ id: string; connect_url: string; status: string }> {
  const res = await admin("POST", "/integrated-account", { integration, name, auth: "oauth2" });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; connect_url: string; status: string };
}

/** What the browser holds between the steps of a flow. */
export interface Consent {
  /** The provider's consent page URL the connect URL redirected to. */
  authorize: URL;
  /** The flow cookie the gateway set (`name=value`). */
  cookie: string;
}

/** Opens a connect URL as a browser does: a 302 to the provider, with the flow cookie. */
export async function openConnect(connectUrl: string): Promise<Consent> {
  // As a browser would, without following the redirect (the Worker's own fetcher would).
  const res = await gw(new URL(connectUrl).pathname, { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^emcp_upstream_flow=/);
  return { authorize: new URL(res.headers.get("location") ?? ""), cookie };
}

/** The person's decision on the provider's consent page: the redirect back to the gateway. */
export async function decide(
  provider: { fetch(r: Request): Promise<Response> },
  authorize: URL,
  decision: "approve" | "deny",
  subject?: string,
): Promise<URL> {
  const form = new URLSearchParams(authorize.searchParams);
  form.set("decision", decision);
  if (subject) form.set("subject", subject);
  const res = await provider.fetch(
    new Request(`${authorize.origin}${authorize.pathname}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    }),
  );
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

/** Follows the provider's redirect to the gateway's callback with the browser's cookie. */
export function callback(back: URL, cookie: string | null): Promise<Response> {
  return gw(`${back.pathname}${back.search}`, {
    redirect: "manual",
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

/** The whole flow, approved: resolves once the account is connected. */
export async function connect(
  provider: { fetch(r: Request): Promise<Response> },
  connectUrl: string,
  subject?: string,
): Promise<void> {
  const consent = await openConnect(connectUrl);
  const back = await decide(provider, consent.authorize, "approve", subject);
  const res = await callback(back, consent.cookie);
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The account's view. */
export async function accountOf(id: string): Promise<Record<string, unknown>> {
  return (await (await admin("GET", `/integrated-account/${id}`)).json()) as Record<string, unknown>;
}

/** Refresh grants the provider answered. */
export function refreshes(provider: OAuthProvider): number {
  return provider.stats.refreshes;
}

export { env };
