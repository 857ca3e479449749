// The local stack's OAuth apps: each simulator names the app registered at its provider side
// (`GET /__simulator/oauth/app`), and `npm start` registers it with the gateway
// (`PUT /integrations/:name/oauth-app`), so "Connect with <provider>" works on a fresh clone. GitHub is
// not shipped: on the first start it is imported from its OpenAPI document with the overrides that
// declare its OAuth method (docs/integrations/github-overrides.json) and published.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { adminCall, ROOT } from "./dev-stack.ts";

/** What registering did, for the banner. */
export interface OAuthAppsOutcome {
  registered: string[];
  /** GitHub's tool count when this start imported it. */
  githubImported: number | null;
}

async function simulatorApp(simulatorUrl: string): Promise<{ client_id: string; client_secret: string }> {
  const res = await fetch(`${simulatorUrl}/__simulator/oauth/app`);
  if (!res.ok) throw new Error(`GET ${simulatorUrl}/__simulator/oauth/app → ${res.status}`);
  return (await res.json()) as { client_id: string; client_secret: string };
}

/** Imports and publishes GitHub (with its OAuth method) unless it exists; its tool count when imported. */
async function ensureGithub(base: string, adminToken: string): Promise<number | null> {
  const existing = await fetch(`${base}/integrations/github`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (existing.status === 200) return null;
  const spec = readFileSync(
    createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json"),
    "utf8",
  );
  const overrides = readFileSync(join(ROOT, "docs/integrations/github-overrides.json"), "utf8");
  const res = await fetch(`${base}/integrations`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: `{"name":"github","publish":true,"overrides":${overrides},"openapi":${spec}}`,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`importing GitHub: POST /integrations → ${res.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { tool_count: number }).tool_count;
}

/** Registers the Notion and GitHub simulators' OAuth apps with the gateway at `base`. */
export async function registerSimulatorApps(
  base: string,
  adminToken: string,
  simulators: { notion: string; github: string },
): Promise<OAuthAppsOutcome> {
  const githubImported = await ensureGithub(base, adminToken);
  const registered: string[] = [];
  for (const [integration, url] of [
    ["notion", simulators.notion],
    ["github", simulators.github],
  ] as const) {
    await adminCall(
      base,
      adminToken,
      "PUT",
      `/integrations/${integration}/oauth-app`,
      await simulatorApp(url),
    );
    registered.push(integration);
  }
  return { registered, githubImported };
}
