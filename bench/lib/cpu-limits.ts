/**
 * The Workers limits the integrations-as-data budgets check (issue 7 of the integrations issue), and
 * the arithmetic behind them: steady-state CPU per MCP request against the free plan's 10 ms, an
 * isolate's first use of a large integration, and startup CPU against the pre-integrations baseline.
 * Pure functions (unit-tested in test/bench/).
 */
import { netOfEmulation } from "./emulation.ts";
import type { Cell } from "./result.ts";
import type { Side } from "./sides.ts";
import { median, type Spread } from "./stats.ts";

/** CPU time a Worker invocation may use on the Workers Free plan (ms). */
export const FREE_PLAN_CPU_MS = 10;
/** Default CPU limit per invocation on the Workers Paid plan (ms), configurable up to 5 minutes. */
export const PAID_PLAN_DEFAULT_CPU_MS = 30_000;
/** Budget of an isolate's first use of GitHub: snapshot read, tools built, search index built (ms of CPU). */
export const FIRST_USE_BUDGET_MS = 50;
/** Largest startup CPU ratio to the pre-integrations baseline. */
export const MAX_STARTUP_RATIO = 1.1;

/** One measured request kind's CPU per request (ms), net of binding emulation and as run. */
export interface SteadyRow {
  label: string;
  net: Spread | null;
  asRun: Spread | null;
}

/**
 * CPU per request of `side` in each cell, from its solo slices: as run (the whole workerd), and net
 * of the same round's binding emulation (the probe's emulated − bare). A request that calls no binding
 * (`bindingFree`, e.g. `search_tools`) has nothing to subtract: its net figure is its as-run one.
 */
export function steadyRows(
  cells: readonly Cell[],
  side: Side,
  label: (cell: Cell) => string,
  bindingFree = false,
): SteadyRow[] {
  return cells
    .filter((c) => c.sides.some((s) => s.side === side))
    .map((c) => {
      const asRun = c.sides.find((s) => s.side === side)?.cpuMsPerRequest ?? null;
      return { label: label(c), net: bindingFree ? asRun : netOfEmulation(c, side, "cpu"), asRun };
    });
}

/** True when every row has a net figure whose median is within `limitMs`. */
export function withinLimit(rows: readonly SteadyRow[], limitMs = FREE_PLAN_CPU_MS): boolean {
  return rows.length > 0 && rows.every((r) => r.net !== null && r.net.median <= limitMs);
}

/** A row as text: net median (range) and as run. */
export function steadyText(r: SteadyRow): string {
  const f = (v: number) => v.toFixed(2);
  const net = r.net ? `${f(r.net.median)} ms net (${f(r.net.min)}–${f(r.net.max)})` : "– net";
  return `${r.label} ${net}, ${r.asRun ? `${f(r.asRun.median)} as run` : "– as run"}`;
}

/** Median and worst of a figure over fresh-process samples. */
export interface SampleSummary {
  median: number;
  max: number;
  samples: number[];
}

/** Summarizes samples (NaN median and max when there are none). */
export function summarize(samples: readonly number[]): SampleSummary {
  return {
    median: samples.length ? median(samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
    samples: [...samples],
  };
}
