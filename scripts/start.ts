#!/usr/bin/env node
// `npm start`: the gateway and the Missive, Notion and GitHub simulators in workerd, secrets
// bootstrapped, a demo MCP server per integration provisioned, and ready-to-paste client lines printed.
// PORT (default 8787) is the gateway's port; the Missive simulator takes SIMULATOR_PORT (default
// PORT + 1), the Notion one NOTION_PORT (default PORT + 2) and the GitHub one GITHUB_PORT (default
// PORT + 3). STATE_DIR (default .wrangler/state) and DEV_VARS
// (default .dev.vars) let a second copy run beside the first.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDashboard } from "./build-dashboard.ts";
import { clientLines } from "./lib/client-lines.ts";
import { type DemoSpec, MISSIVE_DEMO, NOTION_DEMO, provisionDemo } from "./lib/demo.ts";
import { ensureDevVars, portInUse, ROOT, startStack, stopAll } from "./lib/dev-stack.ts";
import { registerSimulatorApps } from "./lib/oauth-apps.ts";

// Stop handlers first: a signal at any moment, start-up included, takes down whatever has started.
let ready = false;
let stopping = false;
async function shutdown(code: number, why?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (why) console.error(why);
    console.log("\n· stopping …");
    await stopAll();
    releaseStateDir();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(ready ? 0 : 130));
process.on("SIGTERM", () => void shutdown(ready ? 0 : 143));
process.on("SIGHUP", () => void shutdown(0));

const port = Number(process.env.PORT ?? 8787);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? port + 1);
const notionPort = Number(process.env.NOTION_PORT ?? port + 2);
const githubPort = Number(process.env.GITHUB_PORT ?? port + 3);
/** The GitHub simulator's primary token (`GITHUB_TOKEN` of simulator/github/seed/index.ts). */
const GITHUB_SIMULATOR_TOKEN = "ghp_simulator";

/** Four free consecutive ports above `from`, to suggest in the busy-port message. */
async function freeRun(from: number): Promise<number> {
  for (let p = from; p < from + 400; p += 4) {
    const run = [p, p + 1, p + 2, p + 3];
    if (!(await Promise.all(run.map(portInUse))).some(Boolean)) return p;
  }
  return from;
}

const persistTo = process.env.STATE_DIR ?? join(ROOT, ".wrangler", "state");
mkdirSync(persistTo, { recursive: true });
/** Marks the state directory as in use by this process (two copies must not share one). */
const LOCK = join(persistTo, "edge-mcp-start.json");

/** The other `npm start` that uses this state directory, if one is running. */
function runningCopy(): { pid: number; port: number } | null {
  try {
    const held = JSON.parse(readFileSync(LOCK, "utf8")) as { pid: number; port: number };
    if (held.pid === process.pid) return null;
    process.kill(held.pid, 0); // throws when no such process: a stale lock from a crash
    return held;
  } catch {
    return null;
  }
}

function releaseStateDir(): void {
  try {
    if ((JSON.parse(readFileSync(LOCK, "utf8")) as { pid: number }).pid === process.pid) rmSync(LOCK);
  } catch {
    // Nothing held.
  }
}

const other = runningCopy();
if (other) {
  console.error(
    `✖ another npm start (pid ${other.pid}, gateway http://127.0.0.1:${other.port}) is using the state in ${persistTo}: stop it, or run a second copy with its own state and secrets, e.g. STATE_DIR=.wrangler/state-2 DEV_VARS=.dev.vars.2 PORT=${port + 10} npm start`,
  );
  process.exit(1);
}

// A taken port is found before anything starts (otherwise the health check may reach the other process).
for (const [p, what, variable, offset] of [
  [port, "gateway", "PORT", 0],
  [simulatorPort, "simulator", "SIMULATOR_PORT", 1],
  [notionPort, "Notion simulator", "NOTION_PORT", 2],
  [githubPort, "GitHub simulator", "GITHUB_PORT", 3],
] as const) {
  if (await portInUse(p)) {
    const suggestion = (await freeRun(port + 10)) + offset;
    console.error(
      `✖ port ${p} (${what}) is already in use on 127.0.0.1: stop what holds it, or choose another, e.g. ${variable}=${suggestion} npm start`,
    );
    process.exit(1);
  }
}

/** The banner lines of one demo server. */
function demoLines(spec: DemoSpec, demo: Awaited<ReturnType<typeof provisionDemo>>): string {
  const clients = clientLines(demo.url, spec.clientName)
    .map((l) => `  ${l.label.padEnd(17)}${l.command}${l.note ? `\n  ${"".padEnd(17)}${l.note}` : ""}`)
    .join("\n");
  return `${spec.title} demo MCP server (${demo.reused ? "reused" : "created"}: "${demo.server.name}", account "${demo.account.name}", ${demo.account.id}):

  ${demo.url}

${clients}`;
}

writeFileSync(LOCK, JSON.stringify({ pid: process.pid, port }));

try {
  const devVars = ensureDevVars(process.env.DEV_VARS ?? join(ROOT, ".dev.vars"));
  console.log(
    devVars.created
      ? `· wrote ${devVars.path} with a fresh ADMIN_TOKEN and CREDENTIALS_KEY`
      : `· using existing ${devVars.path}`,
  );
  await buildDashboard();
  console.log("· built the dashboard (dashboard/dist)");
  console.log(
    `· starting the Missive simulator on :${simulatorPort}, the Notion simulator on :${notionPort}, the GitHub simulator on :${githubPort} and the gateway on :${port} …`,
  );

  const stack = await startStack({
    port,
    simulatorPort,
    notionPort,
    githubPort,
    persistTo,
    adminToken: devVars.vars.ADMIN_TOKEN,
    credentialsKey: devVars.vars.CREDENTIALS_KEY,
    quiet: !process.env.VERBOSE,
  });
  const base = stack.gateway.url;
  const apps = await registerSimulatorApps(base, devVars.vars.ADMIN_TOKEN, {
    notion: stack.notion.url,
    github: stack.github.url,
  });
  if (apps.githubImported !== null) {
    console.log(
      `· imported GitHub's OpenAPI document (${apps.githubImported} tools) with its OAuth method, published`,
    );
  }
  console.log(`· registered the simulators' OAuth apps with the gateway (${apps.registered.join(", ")})`);
  const demos: Array<[DemoSpec, Awaited<ReturnType<typeof provisionDemo>>]> = [];
  for (const spec of [MISSIVE_DEMO, NOTION_DEMO]) {
    const demo = await provisionDemo(base, devVars.vars.ADMIN_TOKEN, join(persistTo, spec.stateFile), spec);
    if (demo.rotated) {
      console.log(
        `· the ${spec.title} demo account's stored credentials could not be decrypted with the current CREDENTIALS_KEY (it changed): re-provisioned them`,
      );
    }
    demos.push([spec, demo]);
  }
  for (const p of [stack.gateway.child, stack.simulator.child, stack.notion.child, stack.github.child]) {
    p.once("exit", (code) => {
      if (!stopping)
        void shutdown(
          1,
          `✖ a wrangler process exited (code ${code}); stopping. Run with VERBOSE=1 to see why.`,
        );
    });
  }
  ready = true;

  console.log(`
edge-mcp is running.

  Gateway        ${base}          (GET /health)
  Dashboard      ${base}/
  Simulators     ${stack.simulator.url}/v1   (Missive API imitation, token ${MISSIVE_DEMO.token})
                 ${stack.notion.url}/v1   (Notion API imitation, token ${NOTION_DEMO.token})
                 ${stack.github.url}      (GitHub REST API imitation, token ${GITHUB_SIMULATOR_TOKEN})
  OAuth          Notion and GitHub simulators' OAuth apps registered: in the dashboard, New account →
                 "Connect with Notion" / "Connect with GitHub" (their consent pages: Authorize or Cancel)
  Admin token    in ${devVars.path} (ADMIN_TOKEN)

${demos.map(([spec, demo]) => demoLines(spec, demo)).join("\n\n")}

Set VERBOSE=1 to see wrangler's logs. Ctrl-C stops them all.
`);
} catch (e) {
  if (!stopping) await shutdown(1, `✖ ${e instanceof Error ? e.message : String(e)}`);
}
