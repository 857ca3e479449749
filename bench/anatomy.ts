/**
 * `npm run bench:anatomy -- [--era 2025] [--requests 200] [--patches file.json]` (≈ 1 min, needs
 * `strace`): where one tool call's latency goes, edge-mcp against the peer. The load cells give a
 * p50; this splits it. One `list_all_missive_contacts` call at a time, alternating edge-mcp and peer,
 * while `strace` timestamps the simulator's socket reads and writes (only the simulator is traced, so
 * the sides being compared run untouched). Per request, from the client's clock and the kernel's:
 *
 * - before upstream: the client sent → the upstream request reached the simulator;
 * - upstream: → the simulator's answer had left (its last write on that connection);
 * - after upstream: → the client has read the whole answer;
 * - first byte: the client sent → it had the response headers.
 *
 * Medians over the requests. Tracing slows the simulator, so compare the sides, not the absolutes.
 * `--patches` measures a patched copy of the gateway instead (the format of `npm run bench:ab`).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type Era, mcpPost } from "./lib/mcp-requests.ts";
import { workerdPids } from "./lib/proc-cpu.ts";
import { table } from "./lib/report-format.ts";
import { patchedSnapshot, readPatchFile, type SourcePatch, snapshotSources } from "./lib/snapshot.ts";
import { measuredCall, type StackWith, startBenchStack } from "./lib/stack.ts";
import { socketCalls, upstreamLeg } from "./lib/strace.ts";

const USAGE = "usage: npm run bench:anatomy -- [--era 2026|2025] [--requests N ≥ 50] [--patches file.json]";
const WARM_UP = 50;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): { era: Era; requests: number; patches: SourcePatch[] | null } {
  let values: { era: string; requests: string; patches?: string | undefined };
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        era: { type: "string", default: "2025" },
        requests: { type: "string", default: "200" },
        patches: { type: "string" },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  const era = values.era;
  if (era !== "2026" && era !== "2025") fail("--era: 2026 or 2025");
  const requests = Number(values.requests);
  if (!Number.isInteger(requests) || requests < 50) fail("--requests: an integer of at least 50");
  let patches: SourcePatch[] | null = null;
  if (values.patches) {
    try {
      patches = readPatchFile(values.patches);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  return { era, requests, patches };
}

/** Send → headers → whole body, in ms on the wall clock (the kernel's strace timestamps use it too). */
type Timing = [sent: number, headers: number, done: number];

const wallMs = () => performance.timeOrigin + performance.now();

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
};

async function main(options: ReturnType<typeof parseOptions>): Promise<void> {
  if (spawnSync("strace", ["-V"]).status !== 0) fail("strace not found (Debian: apt-get install strace)");
  const tmp = mkdtempSync(join(tmpdir(), "edge-mcp-anatomy-"));
  let stack: StackWith<"peer"> | undefined;
  try {
    if (options.patches) patchedSnapshot(join(tmp, "src"), options.patches);
    else snapshotSources(join(tmp, "src"));
    stack = await startBenchStack(join(tmp, "src"), join(tmp, "state"), ["peer"]);
    const post = mcpPost(options.era, "tools/call", measuredCall(stack));
    const urls = { "edge-mcp": stack.gatewayMcpUrls, peer: [stack.peerMcpUrl] };
    const shoot = async (url: string): Promise<Timing> => {
      const sent = wallMs();
      const res = await fetch(url, { method: "POST", headers: post.headers, body: post.body });
      const headers = wallMs();
      const text = await res.text();
      if (res.status !== 200 || text.includes('"isError":true')) throw new Error(`${url} → ${res.status}`);
      return [sent, headers, wallMs()];
    };
    const round = async (i: number) => {
      const gw = await shoot(urls["edge-mcp"][i % urls["edge-mcp"].length] as string);
      return { gw, peer: await shoot(urls.peer[0] as string) };
    };
    for (let i = 0; i < WARM_UP; i++) await round(i);
    const traceFile = join(tmp, "strace.txt");
    const pids = workerdPids(stack.simulator.worker.child.pid);
    const tracer = spawn(
      "strace",
      [
        "-f",
        "-ttt",
        "-s",
        "24",
        "-e",
        "trace=read,readv,recvfrom,recvmsg,write,writev,sendto,sendmsg",
        "-o",
        traceFile,
      ].concat(pids.flatMap((p) => ["-p", String(p)])),
      { stdio: "ignore" },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const timings: { side: "edge-mcp" | "peer"; t: Timing }[] = [];
    for (let i = 0; i < options.requests; i++) {
      const r = await round(i);
      timings.push({ side: "edge-mcp", t: r.gw }, { side: "peer", t: r.peer });
    }
    await new Promise((r) => setTimeout(r, 500));
    tracer.kill("SIGINT");
    await new Promise((r) => tracer.on("exit", r));
    const calls = socketCalls(readFileSync(traceFile, "utf8"));
    const parts = new Map<string, number[][]>();
    for (const { side, t } of timings) {
      const [sent, headers, done] = t;
      const leg = upstreamLeg(calls, sent, done);
      if (!leg) continue;
      const [reached, answered] = leg;
      const rows = parts.get(side) ?? [];
      rows.push([done - sent, reached - sent, answered - reached, done - answered, headers - sent]);
      parts.set(side, rows);
    }
    const rows = [...parts].map(([side, r]) => [
      side,
      String(r.length),
      ...[0, 1, 2, 3, 4].map((k) => median(r.map((v) => v[k] as number)).toFixed(2)),
    ]);
    process.stdout.write(
      [
        `# Latency anatomy of a tool call, ${options.era === "2026" ? "2026-07-28" : "2025-era"}${options.patches ? ", patched gateway" : ""}`,
        "",
        `${new Date().toISOString()}; ms, medians; the simulator traced (slower than untraced).`,
        "",
        table(
          ["side", "requests", "total", "before upstream", "upstream", "after upstream", "first byte"],
          rows,
        ),
        "",
      ].join("\n"),
    );
  } finally {
    await stack?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`bench:anatomy: ${(e as Error).message}\n`);
  process.exit(1);
}
