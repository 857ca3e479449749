/**
 * `npm run bench`: snapshots the sources, sizes both Workers' builds, starts the simulator, the
 * gateway, the reference peer and the binding probe in `wrangler dev`, verifies them with the SDK
 * client, measures them side by side, profiles them inside workerd, runs the in-process harness
 * (overhead per call, result sizes, CPU profiles, registry growth) and the scenarios of
 * bench/scenarios, checks the budgets, and writes bench/results/latest.{md,json}. Exits 1 when a
 * budget is missed. bench/README.md describes the method.
 *
 * `npm run bench -- --quick` (≈ 90 s, before committing a hot-path change): no builds, no workerd
 * profiles, no full-only scenarios; c = 1 only, fewer rounds. Writes bench/results/quick.{md,json}.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/dev-stack.ts";
import type { InProcessReport } from "./inproc/report.ts";
import { evaluateBudgets, MAX_PEER_RATIO } from "./lib/budgets.ts";
import { measureBundles } from "./lib/build-size.ts";
import type { CellPlan } from "./lib/cells.ts";
import { runInProcess } from "./lib/inproc-child.ts";
import { measureLoad } from "./lib/load-matrix.ts";
import { renderMarkdown } from "./lib/report.ts";
import type { BenchResult } from "./lib/result.ts";
import type { ScenarioOutput } from "./lib/scenario.ts";
import { snapshotSources } from "./lib/snapshot.ts";
import { measuredCall, startBenchStack } from "./lib/stack.ts";
import { measureStartup, type StartupComparison } from "./lib/startup.ts";
import { verifyAll } from "./lib/verify.ts";
import { profileSides, type WorkerdProfile } from "./lib/workerd-profiles.ts";
import { SCENARIOS } from "./scenarios/index.ts";

const QUICK = process.argv.includes("--quick");
// At least 5 interleaved rounds in a full run (medians with min–max over rounds); 10, because the
// tools/call p50 ratios sit near parity and a median of 6 moved by ±0.05 between runs of the same code.
const PLAN: CellPlan = QUICK
  ? { rounds: 3, sliceMs: 400, minRequests: 15 }
  : { rounds: 10, sliceMs: 600, minRequests: 30 };
const PROFILE_REQUESTS = 120;
/** Interleaved `wrangler check startup` runs per side (the gateway and the pre-integrations baseline). */
const STARTUP_RUNS = 5;
const CONCURRENCY = QUICK ? [1] : [1, 8];
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
    snapshotSources(snapshot);
    log(
      `${QUICK ? "quick" : "full"} run: ${PLAN.rounds} rounds × ${PLAN.sliceMs} ms, concurrency ` +
        `${CONCURRENCY.join("/")}; sources snapshot in ${snapshot}`,
    );
    const bundles = QUICK ? [] : await measureBundles(snapshot, tmp, log);
    let startup: StartupComparison | null = null;
    if (!QUICK) {
      try {
        startup = await measureStartup(snapshot, tmp, STARTUP_RUNS, log);
        log(`  startup ratio ${startup.ratio?.toFixed(2) ?? "–"}× the baseline`);
      } catch (e) {
        log(`  startup failed: ${message(e)}`);
      }
    }

    log("stack: starting simulator, gateway, peer and binding probe (wrangler dev)");
    const stack = await startBenchStack(snapshot, join(tmp, "state"), ["peer", "probes"]);
    let result: BenchResult;
    try {
      log(`stack: ready (gateway ${stack.gateway.worker.url}, peer ${stack.peer.worker.url})`);
      const call = measuredCall(stack);
      log("verify: SDK v2 client (2026-07-28 pinned and 2025-era) and raw requests");
      const checks = await verifyAll(stack, call, log);

      const cells = await measureLoad(stack, call, PLAN, CONCURRENCY, log, QUICK);

      const workerdProfiles: WorkerdProfile[] = [];
      if (!QUICK) {
        log("profile: CPU inside workerd over the inspector port");
        workerdProfiles.push(...(await profileSides(stack, snapshot, call, PROFILE_REQUESTS, log)));
      }

      const scenarios: ScenarioOutput[] = [];
      for (const scenario of SCENARIOS.filter((s) => !QUICK || s.inQuick)) {
        log(`scenario: ${scenario.name}`);
        try {
          scenarios.push({
            name: scenario.name,
            ...(await scenario.run({ stack, snapshot, tmp, quick: QUICK, log })),
          });
        } catch (e) {
          log(`  failed: ${message(e)}`);
          scenarios.push({
            name: scenario.name,
            markdown: [`## ${scenario.name}`, "", `Failed: ${message(e)}`, ""],
            budgets: [{ budget: scenario.name, target: "runs", measured: message(e), pass: false }],
            data: null,
          });
        }
      }

      log("in-process harness: overhead per call, result sizes, CPU profiles, registry growth");
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
          maxPeerRatio: MAX_PEER_RATIO,
        },
        ...checks,
        readyMs: {
          "edge-mcp": stack.gateway.readyMs,
          peer: stack.peer.readyMs,
          simulator: stack.simulator.readyMs,
        },
        cells,
        workerdProfiles,
        bundles,
        startup,
        scenarios,
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
    const name = QUICK ? "quick" : "latest";
    writeFileSync(join(RESULTS, `${name}.md`), `${markdown}\n`);
    writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${markdown}\n`);
    const failed = result.budgets.filter((b) => !b.pass);
    log(
      failed.length === 0
        ? `all ${result.budgets.length} budgets pass; wrote bench/results/${QUICK ? "quick" : "latest"}.{md,json}`
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
