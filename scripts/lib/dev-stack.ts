// The local stack shared by `npm start` and the end-to-end tests: the Missive, Notion and GitHub
// simulators and the gateway, each in its own `wrangler dev` (workerd), on loopback only.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { publishSeed } from "./seed.ts";

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

/** Ports this process handed out: never handed out twice, even before their server binds them. */
const handedOut = new Set<number>();
/**
 * Where {@link freePort} picks: below Linux's ephemeral range (32768–60999), where every port-0 bind
 * lands — wrangler's and workerd's own internal listeners among them. A port picked from the
 * ephemeral range could be taken by one of those in the seconds between the pick and the bind.
 */
const PICK_FROM = 20_000;
const PICK_TO = 32_000;

/** A free TCP port on 127.0.0.1, outside the ephemeral range and not handed out before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = PICK_FROM + Math.floor(Math.random() * (PICK_TO - PICK_FROM));
    if (handedOut.has(port) || (await portInUse(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free TCP port between ${PICK_FROM} and ${PICK_TO} on 127.0.0.1`);
}

/** Whether something already listens on `port` at 127.0.0.1 (where `wrangler dev` would bind). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", (e: NodeJS.ErrnoException) =>
      e.code === "EADDRINUSE" || e.code === "EACCES" ? resolve(true) : reject(e),
    );
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(false)));
  });
}

/**
 * The `KEY=value` lines of a dotenv file wrangler reads with `--env-file`. Values are single-quoted
 * (taken literally by its parser) unless they are plain.
 */
function dotenv(vars: Record<string, string>): string {
  const line = ([k, v]: [string, string]) => {
    if (/[\n\r]/.test(v) || v.includes("'")) throw new Error(`${k}: newlines and ' are not supported here`);
    return /^[\w+/=.:@,-]*$/.test(v) ? `${k}=${v}` : `${k}='${v}'`;
  };
  return `${Object.entries(vars).map(line).join("\n")}\n`;
}

/** Guards of every `wrangler dev` this process started and has not stopped yet. */
const live = new Set<ChildProcess>();
let stoppingAll = false;

/**
 * Stops every `wrangler dev` this process started (also those still starting) and waits until their
 * process groups are gone. After this, {@link startWrangler} refuses to start more.
 */
export async function stopAll(): Promise<void> {
  stoppingAll = true;
  await Promise.all([...live].map((guard) => stopChild(guard)));
}

/** Options of {@link startWrangler}. */
export interface WranglerOptions {
  config: string;
  port: number;
  label: string;
  persistTo?: string | undefined;
  /**
   * Bindings for the Worker (secrets included). They reach wrangler through a private dotenv file
   * (`--env-file`, mode 0600, deleted when it stops), never its command line, where any local user
   * could read them in the process table.
   */
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

/**
 * Starts `wrangler dev` and resolves once `GET /health` answers 200. Wrangler runs under
 * scripts/lib/process-guard.ts, which takes its whole process group (workerd included) down when
 * stopped or when this process dies, however it dies.
 */
export async function startWrangler(o: WranglerOptions): Promise<RunningWorker> {
  if (stoppingAll) throw new Error(`not starting ${o.label}: stopping`);
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
  let secretsDir: string | null = null;
  if (o.vars && Object.keys(o.vars).length > 0) {
    secretsDir = mkdtempSync(join(tmpdir(), "edge-mcp-vars-"));
    const file = join(secretsDir, "worker.env");
    writeFileSync(file, dotenv(o.vars), { mode: 0o600 });
    args.push("--env-file", file);
  }
  const guard = join(ROOT, "scripts", "lib", "process-guard.ts");
  const child = spawn(process.execPath, [guard, process.execPath, ...args], {
    cwd: ROOT,
    // stdin stays open and unused: the guard reads its end-of-file as "the parent is gone".
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...childEnv(), WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", ...(o.env ?? {}) },
  });
  live.add(child);
  child.once("exit", () => {
    live.delete(child);
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
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
    if (stoppingAll) throw new Error(`${o.label}: stopped while starting`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${o.label} did not become ready on ${url} within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, log: () => log, stop: () => stopChild(child) };
}

/** Asks a guard to take its wrangler group down and resolves once it has (it escalates to SIGKILL). */
function stopChild(guard: ChildProcess): Promise<void> {
  if (guard.exitCode !== null || guard.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    guard.once("exit", () => resolve());
    guard.kill("SIGTERM");
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
 * `wrangler dev` will use (`config`: the wrangler.toml whose migrations_dir to read); already-applied
 * migrations are skipped, so every start may run it.
 */
export async function applyMigrations(persistTo?: string, config = "wrangler.toml"): Promise<void> {
  const bin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = [bin, "d1", "migrations", "apply", "ACTIVITY", "--local", "-c", config];
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
  /** Port of the Notion simulator (a free one when absent). */
  notionPort?: number;
  /** Port of the GitHub simulator (a free one when absent). */
  githubPort?: number;
  persistTo?: string;
  adminToken: string;
  credentialsKey: string;
  quiet?: boolean;
}

/** Starts a `wrangler dev`; if that fails, stops `started` (what the caller started before) first. */
async function startOrStop(o: WranglerOptions, started: RunningWorker[]): Promise<RunningWorker> {
  try {
    return await startWrangler(o);
  } catch (e) {
    await Promise.all(started.map((w) => w.stop()));
    throw e;
  }
}

/** Starts the simulators (Missive, Notion, GitHub) and the gateway pointed at them. */
export async function startStack(o: StackOptions): Promise<{
  gateway: RunningWorker;
  simulator: RunningWorker;
  notion: RunningWorker;
  /** The GitHub simulator; the API is at its origin's root, as api.github.com's is. */
  github: RunningWorker;
  stop: () => Promise<void>;
}> {
  const simulatorPort = o.simulatorPort ?? (await freePort());
  const notionPort = o.notionPort ?? (await freePort());
  const githubPort = o.githubPort ?? (await freePort());
  const port = o.port ?? (await freePort());
  const simulator = await startWrangler({
    config: "simulator/missive/wrangler.toml",
    port: simulatorPort,
    label: "simulator",
    quiet: o.quiet,
  });
  const notion = await startOrStop(
    { config: "simulator/notion/wrangler.toml", port: notionPort, label: "notion-simulator", quiet: o.quiet },
    [simulator],
  );
  const github = await startOrStop(
    { config: "simulator/github/wrangler.toml", port: githubPort, label: "github-simulator", quiet: o.quiet },
    [simulator, notion],
  );
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
        // GitHub is not shipped: an admin imports it (docs/integrations/adding-an-integration.md), and
        // locally its calls go to the simulator.
        UPSTREAM_BASE_URLS: JSON.stringify({
          missive: `${simulator.url}/v1`,
          notion: `${notion.url}/v1`,
          github: github.url,
        }),
        ADMIN_TOKEN: o.adminToken,
        CREDENTIALS_KEY: o.credentialsKey,
      },
    });
  } catch (e) {
    await Promise.all([simulator.stop(), notion.stop(), github.stop()]);
    throw e;
  }
  try {
    await publishSeed(gateway.url, o.adminToken);
  } catch (e) {
    await Promise.all([gateway.stop(), simulator.stop(), notion.stop()]);
    throw e;
  }
  return {
    gateway,
    simulator,
    notion,
    github,
    stop: async () => {
      await Promise.all([gateway.stop(), simulator.stop(), notion.stop(), github.stop()]);
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
