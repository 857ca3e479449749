/**
 * `npm run bench` (add `-- --quick` for a short smoke run): snapshots the sources, builds and sizes
 * both Workers, starts the simulator, the gateway, the reference peer and a binding probe in
 * `wrangler dev`, verifies them with the SDK client, measures them side by side, profiles them inside
 * workerd, runs the in-process harness (stages, CPU profiles, registry growth), checks the budgets,
 * and writes bench/results/latest.{md,json}. Exits 1 when a budget is missed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/dev-stack.ts";
import type { InProcessReport } from "./inproc/main.ts";
import { evaluateBudgets, NOISE_MARGIN } from "./lib/budgets.ts";
import { measureBuilds } from "./lib/builds.ts";
import type { CellPlan } from "./lib/cells.ts";
import { runInProcess } from "./lib/inproc-child.ts";
import { measureLoad, upstreamUrl } from "./lib/load-matrix.ts";
import type { ToolCall } from "./lib/mcp-requests.ts";
import { type BindingLatency, probeBindings } from "./lib/probe.ts";
import { workerdPids } from "./lib/proc-cpu.ts";
import { renderMarkdown } from "./lib/report.ts";
import type { BenchResult } from "./lib/result.ts";
import { snapshotSources } from "./lib/snapshot.ts";
import { measureLegacySse } from "./lib/sse.ts";
import { SIMULATOR_TOKEN, startBenchStack } from "./lib/stack.ts";
import { verifyAll } from "./lib/verify.ts";
import { whatIfCopy } from "./lib/whatif.ts";
import { profileSides } from "./lib/workerd-profiles.ts";

const QUICK = process.argv.includes("--quick");
const PLAN: CellPlan = QUICK ? { rounds: 2, sliceMs: 300 } : { rounds: 4, sliceMs: 500 };
const STARTUP_RUNS = QUICK ? 1 : 3;
const PROFILE_REQUESTS = QUICK ? 40 : 120;
const CONCURRENCY = [1, 4, 16];
const RESULTS = join(ROOT, "bench", "results");
const t0 = Date.now();

function log(line: string): void {
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  const loadAvgAtStart = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), "edge-mcp-bench-"));
  const snapshot = join(tmp, "src");
  try {
    const snap = snapshotSources(snapshot);
    log(
      `${QUICK ? "quick" : "full"} run: ${PLAN.rounds} rounds × ${PLAN.sliceMs} ms, concurrency ` +
        `${CONCURRENCY.join("/")}; sources snapshot in ${snapshot}` +
        (snap.dashboardBuilt ? "" : " (dashboard/dist not built: an empty assets folder stands in)"),
    );
    const builds = await measureBuilds(snapshot, tmp, STARTUP_RUNS, log);

    log("stack: starting simulator, gateway, peer and binding probe (wrangler dev)");
    const whatIfConfig = whatIfCopy(snapshot, join(tmp, "what-if"));
    const stack = await startBenchStack(snapshot, whatIfConfig, join(tmp, "state"));
    if (!stack.whatIf) log(`what-if gateway did not start: ${stack.whatIfError}`);
    let result: BenchResult;
    try {
      log(`stack: ready (gateway ${stack.gateway.worker.url}, peer ${stack.peer.worker.url})`);
      const call: ToolCall = {
        name: "list_all_missive_contacts",
        arguments: { contact_book: stack.contactBook, limit: 50 },
      };
      log("verify: SDK v2 client (2026-07-28 pinned and 2025-era) and raw requests");
      const checks = await verifyAll(stack, call, log);

      log("probe: binding latency inside workerd (KV get, rate limiter, upstream fetch)");
      let bindings: BindingLatency | null = null;
      try {
        bindings = await probeBindings(
          stack.probe.worker.url,
          workerdPids(stack.probe.worker.child.pid),
          upstreamUrl(stack),
          SIMULATOR_TOKEN,
          QUICK ? 2 : 4,
          50,
        );
      } catch (e) {
        log(`  probe failed: ${message(e)}`);
      }

      const cells = await measureLoad(stack, call, PLAN, CONCURRENCY, log);

      log("profile: CPU inside workerd over the inspector port");
      const workerdProfiles = await profileSides(stack, snapshot, call, PROFILE_REQUESTS, log);

      log("legacy HTTP+SSE round trip");
      const sse = await measureLegacySse(
        stack.gatewayMcpUrls[stack.gatewayMcpUrls.length - 1] as string,
        3,
        10,
      );
      log(`  ${sse.status}: ${sse.note}`);

      log("in-process harness: stages, CPU profiles, registry growth");
      let inProcess: InProcessReport | null = null;
      let inProcessError: string | null = null;
      try {
        inProcess = await runInProcess(snapshot, stack.simulator.worker.url, stack.contactBook, QUICK);
      } catch (e) {
        inProcessError = message(e);
        log(`  failed: ${inProcessError}`);
      }

      const wrangler = JSON.parse(
        readFileSync(join(ROOT, "node_modules", "wrangler", "package.json"), "utf8"),
      ) as {
        version: string;
      };
      result = {
        startedAt,
        durationS: 0,
        mode: QUICK ? "quick" : "full",
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model ?? "unknown CPU",
          loadAvgAtStart,
          node: process.version,
          wrangler: wrangler.version,
        },
        method: {
          rounds: PLAN.rounds,
          sliceMs: PLAN.sliceMs,
          concurrency: CONCURRENCY,
          noiseMargin: NOISE_MARGIN,
        },
        ...checks,
        readyMs: {
          "edge-mcp": stack.gateway.readyMs,
          peer: stack.peer.readyMs,
          simulator: stack.simulator.readyMs,
        },
        cells,
        workerdProfiles,
        bindings,
        ...builds,
        sse,
        inProcess,
        inProcessError,
        budgets: [],
      };
    } finally {
      log("stack: stopping");
      await stack.stop();
    }

    result.durationS = (Date.now() - t0) / 1000;
    result.budgets = evaluateBudgets(result);
    const markdown = renderMarkdown(result);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, "latest.md"), `${markdown}\n`);
    writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${markdown}\n`);
    const failed = result.budgets.filter((b) => !b.pass);
    log(
      failed.length === 0
        ? `all ${result.budgets.length} budgets pass; wrote bench/results/latest.md and latest.json`
        : `${failed.length} budget(s) missed: ${failed.map((b) => b.budget).join("; ")}`,
    );
    return failed.length === 0 ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((e: unknown) => {
  log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 2;
});
