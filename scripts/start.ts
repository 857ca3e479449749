#!/usr/bin/env node
// `npm start`: the gateway and the Missive simulator in workerd, secrets bootstrapped, a demo MCP
// server provisioned, and ready-to-paste client lines printed. PORT (default 8787) is the gateway's
// port; the simulator takes SIMULATOR_PORT (default PORT + 1).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildDashboard } from "./build-dashboard.ts";
import { ensureDevVars, provisionDemo, ROOT, startStack } from "./lib/dev-stack.ts";

const port = Number(process.env.PORT ?? 8787);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? port + 1);
const persistTo = join(ROOT, ".wrangler", "state");
mkdirSync(persistTo, { recursive: true });

const devVars = ensureDevVars();
console.log(
  devVars.created
    ? "· wrote .dev.vars with a fresh ADMIN_TOKEN and CREDENTIALS_KEY"
    : "· using existing .dev.vars",
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

console.log(`
edge-mcp is running.

  Gateway        ${base}          (GET /health)
  Dashboard      ${base}/
  Simulator      ${stack.simulator.url}/v1   (Missive API imitation, token missive_pat-simulator)
  Admin token    in .dev.vars (ADMIN_TOKEN)

Demo MCP server (${demo.reused ? "reused" : "created"}: "${demo.server.name}", account "${demo.account.name}"):

  ${demo.url}

  Claude Code:     claude mcp add --transport http missive-demo ${demo.url}
  MCP Inspector:   npx @modelcontextprotocol/inspector --cli ${demo.url} --transport http --method tools/list
  mcp-remote:      npx mcp-remote ${demo.url} --allow-http

Set VERBOSE=1 to see wrangler's logs. Ctrl-C stops both.
`);

const shutdown = async () => {
  console.log("\n· stopping …");
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
for (const p of [stack.gateway.child, stack.simulator.child]) {
  p.on("exit", (code) => {
    console.error(`a wrangler process exited (code ${code}); stopping`);
    void shutdown();
  });
}
