/**
 * What the in-process harness (bench/inproc/main.ts, a child process) reports to `npm run bench`:
 * one line on its stdout, this prefix followed by an {@link InProcessReport} as JSON.
 */
import type { Era, McpMethod } from "../lib/mcp-requests.ts";
import type { OverheadPair } from "./call-pairs.ts";
import type { GrowthResult } from "./growth.ts";
import type { ResultSize } from "./result-size.ts";
import type { OpCost } from "./timing.ts";

/** Prefix of the harness's one result line. */
export const INPROC_RESULT_PREFIX = "BENCH_INPROC ";

/** What the first request of an isolate pays once, and what later requests pay instead. */
export interface ColdCosts {
  /** First use of an integration: `readSnapshot` (hash check, header validation) + `catalog()` (every tool built). */
  snapshotAndCatalogMs: number;
  /** Any later `catalog()` call. */
  warmCatalogUs: number;
  /** `catalog()` returns the same object every time (built once per isolate). */
  catalogCached: boolean;
}

/** In-process end-to-end CPU of one request. */
export interface E2eRow {
  side: "edge-mcp" | "edge-mcp (6 tools)" | "peer";
  era: Era;
  method: McpMethod;
  cost: OpCost;
}

/** Summary of one CPU profile. */
export interface ProfileSummary {
  label: string;
  requests: number;
  byArea: Record<string, number>;
  top: Array<{ fn: string; pct: number }>;
  /** Percent of time inside registry validation or tool building (must be 0 in steady state). */
  registryWorkPct: number;
  /** Percent of time compiling JSON Schema validators (must be 0 in steady state). */
  schemaCompilePct: number;
  /** Percent of time converting zod schemas to JSON Schema (the peer does this per tools/list). */
  zodToJsonSchemaPct: number;
}

/** Everything the child reports. */
export interface InProcessReport {
  cold: ColdCosts;
  e2e: E2eRow[];
  /** Gateway overhead per tool call, from interleaved rounds. */
  overhead: OverheadPair[];
  /** Bytes and tokens of the measured tool call's answer, per side and era. */
  resultSizes: ResultSize[];
  profiles: ProfileSummary[];
  growth: GrowthResult;
}

/** Prefix of bench/inproc/first-use.ts's result line. */
export const FIRST_USE_PREFIX = "BENCH_FIRST_USE ";

/** CPU and wall time of one step (ms). */
export interface StepCost {
  /** The main thread's CPU (the isolate's, as the Workers runtime counts it). */
  threadCpuMs: number;
  /** The whole process's CPU (GC and compiler helper threads included). */
  processCpuMs: number;
  wallMs: number;
}

/** One fresh process's first use of an integration. */
export interface FirstUse {
  tools: number;
  snapshotBytes: number;
  readSnapshot: StepCost;
  catalog: StepCost;
  searchIndex: StepCost;
  total: StepCost;
}
