/** The shape of `bench/results/latest.json`: everything one `npm run bench` measured. */
import type { InProcessReport } from "../inproc/main.ts";
import type { BundleSize, StartupRun } from "./build-size.ts";
import type { Era, McpMethod } from "./mcp-requests.ts";
import type { BindingLatency } from "./probe.ts";
import type { SseResult } from "./sse.ts";
import type { Spread } from "./stats.ts";
import type { Verification } from "./verify.ts";
import type { WorkerdProfile } from "./workerd-profiles.ts";

/** Prefix of the in-process harness's one result line on its stdout. */
export const INPROC_RESULT_PREFIX = "BENCH_INPROC ";

/** Who answered a load cell. */
export type Side =
  | "edge-mcp"
  | "edge-mcp (6 tools)"
  | "what-if"
  | "what-if (6 tools)"
  | "peer"
  | "direct upstream";

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
   * concurrency 1, from adjacent solo slices above.
   */
  pairedRatio: Partial<Record<Side, Spread>>;
}

/** Budget verdict. */
export interface BudgetRow {
  budget: string;
  target: string;
  measured: string;
  pass: boolean;
}

/** Everything measured. */
export interface BenchResult {
  startedAt: string;
  durationS: number;
  mode: "full" | "quick";
  machine: { cpus: number; model: string; loadAvgAtStart: number[]; node: string; wrangler: string };
  method: { rounds: number; sliceMs: number; concurrency: number[]; noiseMargin: number };
  verification: Array<Verification & { side: Side }>;
  rawChecks: Array<{ side: Side; era: Era; method: McpMethod; problem: string | null }>;
  /** Time for each `wrangler dev` to build, start and answer `/health` (ms; started in parallel). */
  readyMs: Record<string, number>;
  cells: Cell[];
  /** CPU profiles taken inside workerd over the inspector port. */
  workerdProfiles: WorkerdProfile[];
  /** Binding latency inside workerd (bench/probe), or null when the probe failed. */
  bindings: BindingLatency | null;
  bundles: BundleSize[];
  startup: Record<string, StartupRun[]>;
  proposed: { note: string; bundle: BundleSize | null };
  sse: SseResult;
  inProcess: InProcessReport | null;
  inProcessError: string | null;
  budgets: BudgetRow[];
}
