/**
 * What the in-process harness (bench/inproc/main.ts, a child process) reports to `npm run bench`:
 * one line on its stdout, this prefix followed by an {@link InProcessReport} as JSON.
 */
import type { GrowthResult } from "../registry-growth.ts";
import type { CallPairs } from "./call-pairs.ts";
import type { ResultSize } from "./result-size.ts";
import type { StageResults } from "./stages.ts";

/** Prefix of the harness's one result line. */
export const INPROC_RESULT_PREFIX = "BENCH_INPROC ";

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
  stages: StageResults;
  /** Gateway overhead per tool call, and activity recording on vs off, from interleaved rounds. */
  callPairs: CallPairs;
  profiles: ProfileSummary[];
  growth: GrowthResult;
  /** Bytes and tokens of the measured tool call's answer, per side and era. */
  resultSizes: ResultSize[];
}
