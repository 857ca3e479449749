/**
 * `npm start` (scripts/start.ts) as a user runs it: a throwaway state directory and .dev.vars, free
 * ports, real `wrangler dev` processes. Busy ports fail before anything starts; signals at any moment
 * leave no process holding a port; secrets never appear on a command line; the printed client lines
 * pin their versions and run from another directory with the system's Node; the printed Notion demo
 * URL serves the Notion tools from the Notion simulator.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { INSPECTOR, MCP_REMOTE } from "../../dashboard/src/client-versions.ts";
import { demoToolCall, mcpRequest, NOTION_DEMO } from "../../scripts/lib/demo.ts";
import { freePort, portInUse, ROOT } from "../../scripts/lib/dev-stack.ts";
import { allCommandLines } from "./support.ts";

const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  let out = "";
  const child = spawn(process.execPath, [join(ROOT, "scripts", "start.ts")], {
    cwd: ROOT,
    env: { ...process.env, VERBOSE: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** The Notion simulator's log of the API requests it received. */
async function simulatorRequests(
  port: number,
): Promise<
  Array<{ method: string; path: string; status: number; headers: Record<string, string>; body: unknown }>
> {
  const res = await fetch(`http://127.0.0.1:${port}/__simulator/requests`);
  return ((await res.json()) as { requests: Awaited<ReturnType<typeof simulatorRequests>> }).requests;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Resolves once neither port has a listener, or fails after `ms`. */
async function portsFreed(ports: number[], ms: number): Promise<number> {
  const t0 = Date.now();
  await until(
    `ports ${ports.join(", ")} to be free`,
    async () => (await Promise.all(ports.map(portInUse))).every((busy) => !busy),
    ms,
  );
  return Date.now() - t0;
}

/** `npm start` on four free ports with this file's state directory and .dev.vars. */
async function startOnFreePorts(): Promise<{
  s: Started;
  port: number;
  sim: number;
  notion: number;
  github: number;
}> {
  const [port, sim, notion, github] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const s = start({
    PORT: String(port),
    SIMULATOR_PORT: String(sim),
    NOTION_PORT: String(notion),
    GITHUB_PORT: String(github),
    STATE_DIR: stateDir,
    DEV_VARS: devVars,
  });
  running.push(s.child);
  return { s, port, sim, notion, github };
}

/** The MCP URL printed on the line after the banner's `<Integration> demo MCP server (…)` line. */
function printedUrl(out: string, integration: string): string {
  const m = out.match(
    new RegExp(
      `^${integration} demo MCP server \\(.*\\n\\n\\s+(http://127\\.0\\.0\\.1:\\d+/mcp/emcp_\\S+)$`,
      "m",
    ),
  );
  return m?.[1] ?? "";
}

const dir = mkdtempSync(join(tmpdir(), "edge-mcp-start-"));
const stateDir = join(dir, "state");
const devVars = join(dir, ".dev.vars");
const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("refuses a taken gateway, Missive, Notion or GitHub simulator port before starting anything, in one line, exit 1", async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const busy = (holder.address() as { port: number }).port;
    const free = async () => String(await freePort());
    try {
      for (const [env, variable, what] of [
        [
          {
            PORT: String(busy),
            SIMULATOR_PORT: await free(),
            NOTION_PORT: await free(),
            GITHUB_PORT: await free(),
          },
          "PORT",
          "gateway",
        ],
        [
          {
            PORT: await free(),
            SIMULATOR_PORT: String(busy),
            NOTION_PORT: await free(),
            GITHUB_PORT: await free(),
          },
          "SIMULATOR_PORT",
          "simulator",
        ],
        [
          {
            PORT: await free(),
            SIMULATOR_PORT: await free(),
            NOTION_PORT: String(busy),
            GITHUB_PORT: await free(),
          },
          "NOTION_PORT",
          "Notion simulator",
        ],
        [
          {
            PORT: await free(),
            SIMULATOR_PORT: await free(),
            NOTION_PORT: await free(),
            GITHUB_PORT: String(busy),
          },
          "GITHUB_PORT",
          "GitHub simulator",
        ],
      ] as const) {
        const s = start({ ...env, STATE_DIR: stateDir, DEV_VARS: devVars });
        expect(await s.exited).toBe(1);
        const lines = s.out().trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`port ${busy} (${what}) is already in use`);
        expect(lines[0]).toMatch(new RegExp(`${variable}=\\d+ npm start`));
      }
    } finally {
      holder.close();
    }
  }, 120_000);

  it("keeps secrets off command lines, prints pinned client lines that work from elsewhere on Node 20, prints a Notion demo URL whose tools reach the Notion simulator, and stops on SIGINT", async () => {
    const { s, port, sim, notion, github } = await startOnFreePorts();
    await until("the banner", () => s.out().includes("edge-mcp is running."), 300_000);
    const out = s.out();
    expect(out).toContain("Missive demo MCP server (created");
    expect(out).toContain("Notion demo MCP server (created");
    // A second copy on other ports but the same state directory stops with one line saying how to run one.
    const second = start({
      PORT: String(await freePort()),
      SIMULATOR_PORT: String(await freePort()),
      NOTION_PORT: String(await freePort()),
      GITHUB_PORT: String(await freePort()),
      STATE_DIR: stateDir,
      DEV_VARS: devVars,
    });
    expect(await second.exited).toBe(1);
    const secondLines = second.out().trim().split("\n");
    expect(secondLines).toHaveLength(1);
    expect(secondLines[0]).toContain(
      `another npm start (pid ${s.child.pid}, gateway http://127.0.0.1:${port})`,
    );
    expect(secondLines[0]).toMatch(/STATE_DIR=\S+ DEV_VARS=\S+ PORT=\d+ npm start$/);
    // The banner names the demo accounts' ids, which the README's "Mint a URL" recipe uses.
    expect(out).toMatch(
      /Missive demo MCP server \(created: "[^"]+", account "Demo Missive \(simulator\)", acct_[A-Za-z0-9_-]+\):/,
    );
    expect(out).toContain(`http://127.0.0.1:${notion}/v1   (Notion API imitation`);
    expect(out).toContain(`http://127.0.0.1:${github}      (GitHub REST API imitation, token ghp_simulator)`);

    // ADMIN_TOKEN and CREDENTIALS_KEY reach wrangler through a file, never argv.
    const vars = Object.fromEntries(
      readFileSync(devVars, "utf8")
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(vars.ADMIN_TOKEN).toMatch(/^adm_/);
    const table = allCommandLines();
    expect(table).toContain("wrangler.js dev");
    expect(table).not.toContain(vars.ADMIN_TOKEN);
    expect(table).not.toContain(vars.CREDENTIALS_KEY);

    // Every npx line pins a version; the project lines run the pinned devDependencies.
    expect(out).toContain(`npx -y ${INSPECTOR.pkg}@${INSPECTOR.version} `);
    expect(out).toContain(`npx -y ${MCP_REMOTE.pkg}@${MCP_REMOTE.version} `);
    expect(out).not.toMatch(/npx (-y )?(@modelcontextprotocol\/inspector|mcp-remote) /);
    const inspectorLine = out.split("\n").find((l) => l.includes("MCP Inspector:"));
    const command = inspectorLine?.replace(/^\s*MCP Inspector:\s*/, "").trim() ?? "";
    expect(command).toMatch(/^npm --prefix \S+ exec -- mcp-inspector --cli /);
    // As printed, from another directory, with only the system's Node (20 on CI machines) on PATH.
    const listed = await run("sh", ["-c", command], {
      cwd: tmpdir(),
      env: { HOME: process.env.HOME ?? tmpdir(), PATH: "/usr/local/bin:/usr/bin:/bin" },
      timeout: 120_000,
    });
    expect(listed.stdout).toContain("list_all_missive_contact_books");

    // The Notion demo: its own URL, the 24 Notion tools, a call served by the Notion simulator.
    const url = printedUrl(s.out(), "Notion");
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/mcp/emcp_`));
    expect(url).not.toBe(printedUrl(s.out(), "Missive"));
    expect(s.out()).toContain(`claude mcp add --transport http ${NOTION_DEMO.clientName} ${url}`);

    const notionList = await mcpRequest(url, "tools/list");
    const names = (notionList.body.result.tools as Array<{ name: string }>).map((t) => t.name);
    expect(names).toHaveLength(24);
    expect(names).toContain("search_notion_workspace");
    expect(names.every((n) => n.includes("_notion_"))).toBe(true);

    const before = await simulatorRequests(notion);
    const call = await demoToolCall(url, "search_notion_workspace", { query: "Tasks" });
    expect(call.kind).toBeNull();
    expect(call.text).toContain("Tasks");
    // The gateway sent it to the Notion simulator npm start runs, as Notion expects it.
    const sent = (await simulatorRequests(notion)).slice(before.length);
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["POST /search 200"]);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${NOTION_DEMO.token}`);
    expect(sent[0]?.headers["notion-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent[0]?.body).toMatchObject({ query: "Tasks" });

    s.child.kill("SIGINT");
    expect(await s.exited).toBe(0);
    await portsFreed([port, sim, notion, github], 10_000);
  }, 420_000);

  it("re-provisions both demo accounts' credentials when CREDENTIALS_KEY changed, and SIGINT then SIGKILL still frees every port", async () => {
    // A new key, as when .dev.vars is deleted or replaced: the stored demo credentials are unreadable.
    const text = readFileSync(devVars, "utf8").replace(
      /^CREDENTIALS_KEY=.*$/m,
      `CREDENTIALS_KEY=${Buffer.alloc(32, 9).toString("base64")}`,
    );
    writeFileSync(devVars, text);
    const { s, port, sim, notion, github } = await startOnFreePorts();
    await until("the banner", () => s.out().includes("edge-mcp is running."), 300_000);
    expect(s.out()).toMatch(
      /Missive demo account's .*could not be decrypted with the current CREDENTIALS_KEY.*re-provisioned/,
    );
    expect(s.out()).toMatch(
      /Notion demo account's .*could not be decrypted with the current CREDENTIALS_KEY.*re-provisioned/,
    );
    expect(s.out()).toContain("Missive demo MCP server (reused");
    expect(s.out()).toContain("Notion demo MCP server (reused");
    const call = await demoToolCall(printedUrl(s.out(), "Missive"));
    expect(call.kind).toBeNull();
    expect(call.text).toContain("VIP Prospects");
    const me = await demoToolCall(printedUrl(s.out(), "Notion"), NOTION_DEMO.probeTool);
    expect(me.kind).toBeNull();
    expect(me.text).toContain("edge-mcp simulator");

    s.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 1_000));
    s.child.kill("SIGKILL");
    await s.exited;
    await portsFreed([port, sim, notion, github], 10_000);
  }, 420_000);

  it("a SIGINT during start-up stops what has started within a few seconds", async () => {
    const { s, port, sim, notion, github } = await startOnFreePorts();
    await until("the simulator to listen", () => portInUse(sim), 240_000);
    expect(s.out()).not.toContain("edge-mcp is running.");
    const t0 = Date.now();
    s.child.kill("SIGINT");
    expect(await s.exited).not.toBeNull();
    await portsFreed([port, sim, notion, github], 10_000);
    expect(Date.now() - t0).toBeLessThan(12_000);
  }, 300_000);
});
