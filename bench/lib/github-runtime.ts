/**
 * GitHub through the admin API of the running gateway, as an admin imports it: GitHub's OpenAPI
 * document (`@octokit/openapi`, 12.4 MiB) posted to `POST /integrations`, the version published, an
 * account and MCP URLs of both exposures minted. Also the stored snapshot's text, read back from the
 * gateway's local KV (found by its hash), for the first-use measure in fresh processes.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sampledTime } from "../inproc/profile.ts";
import { inspectorPort, profileWorkerd } from "./cdp.ts";
import { cpuMs, workerdPids } from "./proc-cpu.ts";
import { admin, type GatewayStack } from "./stack.ts";

/** GitHub's REST API description, as published by GitHub (`@octokit/openapi`). */
export const GITHUB_SPEC = createRequire(import.meta.url).resolve(
  "@octokit/openapi/generated/api.github.com.json",
);

/** What importing and publishing GitHub cost on the gateway. */
export interface GithubImport {
  documentBytes: number;
  version: number;
  hash: string;
  tools: number;
  operations: number;
  /** `POST /integrations` with the document, from the client (ms). */
  importWallMs: number;
  /** CPU of the gateway's workerd process over the import (ms): the Worker plus the local emulation of KV and D1. */
  importProcessCpuMs: number;
  /** JS + GC time sampled in the Worker's isolate over the import (ms): what the runtime counts as its CPU. */
  importIsolateCpuMs: number;
  publishWallMs: number;
}

/** Imports and publishes GitHub on the stack's gateway; the import runs under a CPU profile of the isolate. */
export async function importGithub(stack: GatewayStack): Promise<GithubImport> {
  const gw = stack.gateway.worker.url;
  const spec = readFileSync(GITHUB_SPEC, "utf8");
  const pids = workerdPids(stack.gateway.worker.child.pid);
  let status = 0;
  let text = "";
  let wall = 0;
  const cpu0 = cpuMs(pids);
  const profile = await profileWorkerd(inspectorPort(stack.gateway.worker.child.spawnargs), async () => {
    const t0 = performance.now();
    const res = await fetch(`${gw}/integrations`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" },
      body: `{"name":"github","openapi":${spec}}`,
    });
    text = await res.text();
    status = res.status;
    wall = performance.now() - t0;
  });
  const importProcessCpuMs = cpuMs(pids) - cpu0;
  if (status !== 201 && status !== 200)
    throw new Error(`POST /integrations (github) → ${status}: ${text.slice(0, 500)}`);
  const created = JSON.parse(text) as {
    version: number;
    hash: string;
    tool_count: number;
    report: { operations: unknown[] };
  };
  const p0 = performance.now();
  await admin(gw, stack.adminToken, "POST", "/integrations/github/publish", { version: created.version });
  return {
    documentBytes: Buffer.byteLength(spec),
    version: created.version,
    hash: created.hash,
    tools: created.tool_count,
    operations: created.report.operations.length,
    importWallMs: wall,
    importProcessCpuMs,
    importIsolateCpuMs: sampledTime(profile).jsAndGcUs / 1000,
    publishWallMs: performance.now() - p0,
  };
}

/** MCP URLs of one GitHub account: `all` exposure (1,100 tools listed in pages) and `discovery`. */
export async function githubUrls(
  stack: GatewayStack,
  pool: number,
): Promise<{ all: string[]; discovery: string[] }> {
  const gw = stack.gateway.worker.url;
  const account = await admin(gw, stack.adminToken, "POST", "/integrated-account", {
    integration: "github",
    name: "bench: GitHub",
    credentials: { api_token: "ghp_bench" },
    verify: false,
  });
  const mint = async (exposure: "all" | "discovery") => {
    const urls: string[] = [];
    for (let i = 0; i < pool; i++) {
      const server = await admin(gw, stack.adminToken, "POST", `/integrated-account/${account.id}/mcp`, {
        name: `bench: GitHub, ${exposure} #${i + 1}`,
        config: { tool_exposure: exposure },
      });
      urls.push(String(server.url).replace(/^https?:\/\/[^/]+/, gw));
    }
    return urls;
  };
  return { all: await mint("all"), discovery: await mint("discovery") };
}

/**
 * The path of the file in the gateway's local state whose content hashes to `hash`: the snapshot as
 * KV stores it (miniflare keeps large values as blob files). Only files over `minBytes` are hashed.
 */
export function storedSnapshotFile(stateDir: string, hash: string, minBytes = 100_000): string {
  const stack = [stateDir];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) stack.push(path);
      else if (st.size >= minBytes && createHash("sha256").update(readFileSync(path)).digest("hex") === hash)
        return path;
    }
  }
  throw new Error(`no file under ${stateDir} holds the snapshot ${hash.slice(0, 12)}`);
}
