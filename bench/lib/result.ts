/** The shape of `bench/results/latest.json`: everything one `npm run bench` measured. */
import type { InProcessReport } from "../inproc/report.ts";
import type { BundleSize } from "./build-size.ts";
import type { Era, McpMethod } from "./mcp-requests.ts";
import type { BudgetRow, ScenarioOutput } from "./scenario.ts";
import type { Side } from "./sides.ts";
import type { StartupComparison } from "./startup.ts";
import type { Spread } from "./stats.ts";
import type { RawCheck, VerificationRow } from "./verify.ts";
import type { WorkerdProfile } from "./workerd-profiles.ts";

/** One participant of one (method, era, concurrency) cell, over all rounds. */
export interface CellSide {
  side: Side;
  /** Successful requests per second, per round. */
  throughput: Spread;
  /** Median latency (ms), per round. */
  p50: Spread;
  /** 99th percentile latency (ms) over every request of every round. */
  p99: number;
  /** CPU time of the side's workerd process per request (ms), per round; null when unknown. */
  cpuMsPerRequest: Spread | null;
  requests: number;
  errors: number;
  firstError: string | null;
  /** Response body size of one request (bytes). */
  bytes: number;
}

/** One (method, era, concurrency) cell. */
export interface Cell {
  method: McpMethod | "GET /health";
  era: Era;
  concurrency: number;
  sides: CellSide[];
  /**
   * Per-round ratio edge-mcp p50 / peer p50, by edge-mcp variant: from alternating requests at
   * concurrency 1, from short interleaved turns above (cells.ts, the paired pass).
   */
  pairedRatio: Partial<Record<Side, Spread>>;
  /**
   * The per-round p50s (ms) behind {@link pairedRatio}, for edge-mcp's variants and the peer (absent in
   * results written before it existed): net-of-emulation ratios subtract from them round by round.
   */
  pairedP50?: Partial<Record<Side, number[]>>;
  /**
   * Per-round workerd CPU per request (ms) over the paired pass, for each side of it with a process
   * of its own (absent in results written before it existed).
   */
  pairedCpu?: Partial<Record<Side, number[]>>;
}

/** Everything measured. */
export interface BenchResult {
  startedAt: string;
  durationS: number;
  mode: "full" | "quick";
  machine: { cpus: number; model: string; loadAvgAtStart: number[]; node: string; wrangler: string };
  method: { rounds: number; sliceMs: number; concurrency: number[]; maxPeerRatio: number };
  verification: VerificationRow[];
  rawChecks: RawCheck[];
  /** Time for each `wrangler dev` to build, start and answer `/health` (ms; started in parallel). */
  readyMs: Record<string, number>;
  cells: Cell[];
  /** CPU profiles taken inside workerd over the inspector port. */
  workerdProfiles: WorkerdProfile[];
  bundles: BundleSize[];
  /** Startup CPU of the gateway against the pre-integrations baseline (full runs; null otherwise). */
  startup?: StartupComparison | null;
  /** Self-contained scenarios (bench/scenarios). */
  scenarios: ScenarioOutput[];
  inProcess: InProcessReport | null;
  inProcessError: string | null;
  budgets: BudgetRow[];
}
