/**
 * Starts the real local stack once for the e2e project: the Missive, Notion and GitHub simulators and the gateway,
 * each in `wrangler dev` (workerd) on a free loopback port, with throwaway state and secrets.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildDashboard } from "../../scripts/build-dashboard.ts";
import { startStack } from "../../scripts/lib/dev-stack.ts";
import { secretsInObservability } from "./secrets-in-logs.ts";

/** What e2e tests receive through `inject("stack")`. */
export interface StackInfo {
  gateway: string;
  simulator: string;
  /** The Notion simulator (its `/__simulator/requests` log records what the gateway sent). */
  notion: string;
  /** The GitHub simulator (API at its root; `/__simulator/requests` logs what arrived). */
  github: string;
  adminToken: string;
  /** Provided so a test can check it never shows in the process table. */
  credentialsKey: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export default async function setup(project: TestProject) {
  await buildDashboard(); // dashboard/dist is git-ignored; the Worker bundles its files.ts
  const persistTo = mkdtempSync(join(tmpdir(), "edge-mcp-e2e-"));
  const adminToken = `adm_${randomBytes(24).toString("base64url")}`;
  const credentialsKey = randomBytes(32).toString("base64");
  const started = Date.now();
  const stack = await startStack({
    persistTo,
    adminToken,
    credentialsKey,
    quiet: !process.env.VERBOSE,
  });
  console.log(
    `e2e stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s: gateway ${stack.gateway.url}, simulator ${stack.simulator.url}`,
  );
  project.provide("stack", {
    gateway: stack.gateway.url,
    simulator: stack.simulator.url,
    notion: stack.notion.url,
    github: stack.github.url,
    adminToken,
    credentialsKey,
  });
  return async () => {
    await stack.stop();
    const scan = secretsInObservability(persistTo, { adminToken, credentialsKey });
    rmSync(persistTo, { recursive: true, force: true });
    console.log(
      `secrets in the observability store: ${scan.found.length ? scan.found.join(", ") : "none"} (${Math.round(scan.bytes / 1024)} KiB searched)`,
    );
    // Failing the teardown fails the run: a secret in the logs is a leak.
    if (scan.found.length > 0)
      throw new Error(`secrets reached the local observability store: ${scan.found.join(", ")}`);
    if (!scan.sawRequestUrls) {
      throw new Error("the observability store held no request URL: the secret scan cannot read it");
    }
  };
}
