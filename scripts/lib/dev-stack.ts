// The local stack shared by `npm start` and the end-to-end tests: the Missive simulator and the
// gateway, each in its own `wrangler dev` (workerd), on loopback only.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { delimiter, join } from "node:path";

/** Project root (this file is scripts/lib/dev-stack.ts). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Reads `.dev.vars`, creating it with fresh secrets when it is missing or lacks one. */
export function ensureDevVars(path = join(ROOT, ".dev.vars")): {
  path: string;
  created: boolean;
  vars: Record<string, string> & { ADMIN_TOKEN: string; CREDENTIALS_KEY: string };
} {
  const vars: Record<string, string> = {};
  if (existsSync(path)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/);
      if (m?.[1]) vars[m[1]] = (m[2] ?? "").replace(/^"(.*)"$/, "$1");
    }
  }
  let created = false;
  if (!vars.ADMIN_TOKEN) {
    vars.ADMIN_TOKEN = `adm_${randomBytes(32).toString("base64url")}`;
    created = true;
  }
  if (!vars.CREDENTIALS_KEY) {
    vars.CREDENTIALS_KEY = randomBytes(32).toString("base64");
    created = true;
  }
  if (created) {
    const body = [
      "# Written by `npm start`: local secrets for wrangler dev. Never commit this file.",
      ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
      "",
    ].join("\n");
    writeFileSync(path, body, { mode: 0o600 });
  }
  return {
    path,
    created,
    vars: vars as Record<string, string> & { ADMIN_TOKEN: string; CREDENTIALS_KEY: string },
  };
}

/**
 * The environment for child tools: the project's `node_modules/.bin` first on PATH, so the Node 22
 * the project ships (the `node` devDependency) runs them even when this script was started by hand.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const bin = join(ROOT, "node_modules", ".bin");
  return { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Options of {@link startWrangler}. */
export interface WranglerOptions {
  config: string;
  port: number;
  label: string;
  persistTo?: string | undefined;
  vars?: Record<string, string>;
  quiet?: boolean | undefined;
  env?: Record<string, string>;
}

/** A running `wrangler dev`. */
export interface RunningWorker {
  url: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `wrangler dev` and resolves once `GET /health` answers 200. */
export async function startWrangler(o: WranglerOptions): Promise<RunningWorker> {
  // Run wrangler with this (Node ≥ 22) process's node, not whatever `node` the shebang finds on PATH.
  const bin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = [
    bin,
    "dev",
    "-c",
    o.config,
    "--ip",
    "127.0.0.1",
    "--port",
    String(o.port),
    "--inspector-port",
    String(await freePort()),
  ];
  if (o.persistTo) args.push("--persist-to", o.persistTo);
  for (const [k, v] of Object.entries(o.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...childEnv(), WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", ...(o.env ?? {}) },
    detached: process.platform !== "win32",
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    const text = redact(chunk.toString());
    log = (log + text).slice(-20_000);
    if (!o.quiet) process.stderr.write(text.replace(/^/gm, `[${o.label}] `));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.label} exited early (code ${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopChild(child);
      throw new Error(`${o.label} did not become ready on ${url} within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, log: () => log, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000).unref();
  });
}

/** Hides URL tokens, API tokens and bearer values from anything we echo. */
export function redact(text: string): string {
  return text
    .replace(/\b(emcp|emat|adm)_[A-Za-z0-9_-]{10,}/g, "$1_[redacted]")
    .replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
}

/**
 * Applies migrations/ to the local activity database (D1 binding `ACTIVITY`) in the state directory
 * `wrangler dev` will use; already-applied migrations are skipped, so every start may run it.
 */
export async function applyMigrations(persistTo?: string): Promise<void> {
  const bin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = [bin, "d1", "migrations", "apply", "ACTIVITY", "--local", "-c", "wrangler.toml"];
  if (persistTo) args.push("--persist-to", persistTo);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    // CI=1: no confirmation prompt.
    env: { ...childEnv(), CI: "1", WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1" },
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`applying D1 migrations failed (code ${code}):\n${redact(output)}`);
}

/** Options of {@link startStack}. */
export interface StackOptions {
  port?: number;
  simulatorPort?: number;
  persistTo?: string;
  adminToken: string;
  credentialsKey: string;
  quiet?: boolean;
}

/** Starts the simulator and the gateway pointed at it. */
export async function startStack(
  o: StackOptions,
): Promise<{ gateway: RunningWorker; simulator: RunningWorker; stop: () => Promise<void> }> {
  const simulatorPort = o.simulatorPort ?? (await freePort());
  const port = o.port ?? (await freePort());
  const simulator = await startWrangler({
    config: "simulator/missive/wrangler.toml",
    port: simulatorPort,
    label: "simulator",
    quiet: o.quiet,
  });
  let gateway: RunningWorker;
  try {
    await applyMigrations(o.persistTo);
    gateway = await startWrangler({
      config: "wrangler.toml",
      port,
      persistTo: o.persistTo,
      label: "gateway",
      quiet: o.quiet,
      vars: {
        MISSIVE_BASE_URL: `${simulator.url}/v1`,
        ADMIN_TOKEN: o.adminToken,
        CREDENTIALS_KEY: o.credentialsKey,
      },
    });
  } catch (e) {
    await simulator.stop();
    throw e;
  }
  return {
    gateway,
    simulator,
    stop: async () => {
      await Promise.all([gateway.stop(), simulator.stop()]);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: admin API JSON, shape checked by the callers' use.
type Json = any;

/** Calls the admin API. */
export async function adminCall(
  baseUrl: string,
  adminToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : null,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const DEMO_ACCOUNT = "Demo Missive (simulator)";
const DEMO_SERVER = "Demo: all Missive tools";

/**
 * Provisions the demo account and MCP server once. The raw URL token is never stored by the
 * gateway, so the local stack keeps the demo URL in a git-ignored file beside its state and
 * mints a new server only when that file or the server is gone.
 */
export async function provisionDemo(
  baseUrl: string,
  adminToken: string,
  stateFile: string,
): Promise<{ account: Json; server: Json; url: string; reused: boolean }> {
  const accounts = await adminCall(baseUrl, adminToken, "GET", "/integrated-account?limit=100");
  let account = accounts.result.find((a: Json) => a.name === DEMO_ACCOUNT);
  account ??= await adminCall(baseUrl, adminToken, "POST", "/integrated-account", {
    integration: "missive",
    name: DEMO_ACCOUNT,
    credentials: { api_token: "missive_pat-simulator" },
  });
  const saved = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : null;
  const servers = await adminCall(
    baseUrl,
    adminToken,
    "GET",
    `/integrated-account/${account.id}/mcp?limit=100`,
  );
  const existing = servers.result.find((s: Json) => s.name === DEMO_SERVER && saved?.server_id === s.id);
  if (existing && saved?.path)
    return { account, server: existing, url: `${baseUrl}${saved.path}`, reused: true };
  for (const stale of servers.result.filter((s: Json) => s.name === DEMO_SERVER)) {
    await adminCall(baseUrl, adminToken, "DELETE", `/integrated-account/${account.id}/mcp/${stale.id}`);
  }
  const created = await adminCall(baseUrl, adminToken, "POST", `/integrated-account/${account.id}/mcp`, {
    name: DEMO_SERVER,
    config: {},
  });
  const path = new URL(created.url).pathname;
  writeFileSync(stateFile, JSON.stringify({ server_id: created.id, path }), { mode: 0o600 });
  return { account, server: created, url: `${baseUrl}${path}`, reused: false };
}
