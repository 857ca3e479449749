#!/usr/bin/env node
// `npm start`: the gateway and the Missive simulator in workerd, secrets bootstrapped, a demo MCP
// server provisioned, and ready-to-paste client lines printed. PORT (default 8787) is the gateway's
// port; the simulator takes SIMULATOR_PORT (default PORT + 1). STATE_DIR (default .wrangler/state)
// and DEV_VARS (default .dev.vars) let a second copy run beside the first.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildDashboard } from "./build-dashboard.ts";
import { clientLines } from "./lib/client-lines.ts";
import { ensureDevVars, portInUse, provisionDemo, ROOT, startStack, stopAll } from "./lib/dev-stack.ts";

// Stop handlers first: a signal at any moment, start-up included, takes down whatever has started.
let ready = false;
let stopping = false;
async function shutdown(code: number, why?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (why) console.error(why);
    console.log("\n· stopping …");
    await stopAll();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(ready ? 0 : 130));
process.on("SIGTERM", () => void shutdown(ready ? 0 : 143));
process.on("SIGHUP", () => void shutdown(0));

const port = Number(process.env.PORT ?? 8787);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? port + 1);

/** Two free consecutive ports above `from`, to suggest in the busy-port message. */
async function freePair(from: number): Promise<number> {
  for (let p = from; p < from + 200; p += 2) {
    if (!(await portInUse(p)) && !(await portInUse(p + 1))) return p;
  }
  return from;
}

// A taken port is found before anything starts (otherwise the health check may reach the other process).
for (const [p, what, variable] of [
  [port, "gateway", "PORT"],
  [simulatorPort, "simulator", "SIMULATOR_PORT"],
] as const) {
  if (await portInUse(p)) {
    const suggestion = await freePair(port + 10);
    console.error(
      `✖ port ${p} (${what}) is already in use on 127.0.0.1: stop what holds it, or choose another, e.g. ${variable}=${variable === "PORT" ? suggestion : suggestion + 1} npm start`,
    );
    process.exit(1);
  }
}

const persistTo = process.env.STATE_DIR ?? join(ROOT, ".wrangler", "state");
mkdirSync(persistTo, { recursive: true });

try {
  const devVars = ensureDevVars(process.env.DEV_VARS ?? join(ROOT, ".dev.vars"));
  console.log(
    devVars.created
      ? `· wrote ${devVars.path} with a fresh ADMIN_TOKEN and CREDENTIALS_KEY`
      : `· using existing ${devVars.path}`,
  );
  await buildDashboard();
  console.log("· built the dashboard (dashboard/dist)");
  console.log(`· starting the Missive simulator on :${simulatorPort} and the gateway on :${port} …`);

  const stack = await startStack({
    port,
    simulatorPort,
    persistTo,
    adminToken: devVars.vars.ADMIN_TOKEN,
    credentialsKey: devVars.vars.CREDENTIALS_KEY,
    quiet: !process.env.VERBOSE,
  });
  const base = stack.gateway.url;
  const demo = await provisionDemo(base, devVars.vars.ADMIN_TOKEN, join(persistTo, "edge-mcp-demo.json"));
  if (demo.rotated) {
    console.log(
      "· the demo account's stored credentials could not be decrypted with the current CREDENTIALS_KEY (it changed): re-provisioned them",
    );
  }
  for (const p of [stack.gateway.child, stack.simulator.child]) {
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
  Simulator      ${stack.simulator.url}/v1   (Missive API imitation, token missive_pat-simulator)
  Admin token    in ${devVars.path} (ADMIN_TOKEN)

Demo MCP server (${demo.reused ? "reused" : "created"}: "${demo.server.name}", account "${demo.account.name}"):

  ${demo.url}

${clientLines(demo.url)
  .map((l) => `  ${l.label.padEnd(17)}${l.command}${l.note ? `\n  ${"".padEnd(17)}${l.note}` : ""}`)
  .join("\n")}

Set VERBOSE=1 to see wrangler's logs. Ctrl-C stops both.
`);
} catch (e) {
  if (!stopping) await shutdown(1, `✖ ${e instanceof Error ? e.message : String(e)}`);
}
