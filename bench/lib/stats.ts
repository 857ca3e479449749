/** Small, dependency-free statistics for latency samples and per-round summaries. */

/** The q-quantile (0..1) of already sorted numbers, linearly interpolated; NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** The q-quantile (0..1) of numbers in any order. */
export function quantile(values: readonly number[], q: number): number {
  return quantileSorted(
    [...values].sort((x, y) => x - y),
    q,
  );
}

/** The median of numbers in any order. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median and spread of one metric measured once per round. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Per-round values, in round order. */
  rounds: number[];
}

/** Summarizes one value per round. */
export function spread(rounds: readonly number[]): Spread {
  return {
    median: median(rounds),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
    rounds: [...rounds],
  };
}

/** Latency percentiles of one sample set (milliseconds). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** Summarizes a set of latency samples. */
export function latencySummary(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Growth exponent k of cost ~ size^k between two sizes (1 = linear, < 1 = sub-linear because of fixed
 * per-request overhead, > 1 = worse than linear).
 */
export function growthExponent(sizeA: number, costA: number, sizeB: number, costB: number): number {
  return Math.log(costB / costA) / Math.log(sizeB / sizeA);
}

/** Rounds to a fixed number of decimals (for JSON output). */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
