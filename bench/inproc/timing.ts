/** Micro-timing for the in-process harness: per-operation cost in microseconds, over batches. */
import { performance } from "node:perf_hooks";
import { median } from "../lib/stats.ts";

/** Per-operation cost of a repeated operation, in microseconds. */
export interface OpCost {
  /**
   * Fastest batch (batch time / operations). The machine is shared: interference only ever adds
   * time, so the fastest batch is the best estimate of the cost itself.
   */
  us: number;
  medianUs: number;
  maxUs: number;
}

/** Options of {@link perOp}. */
export interface PerOpOptions {
  warmup?: number;
  batches?: number;
  perBatch?: number;
}

/**
 * Times `op(input)` per operation. `prepare(i)` builds each operation's input outside the timed
 * region (e.g. a fresh `Request`, which a Worker receives ready-made).
 */
export async function perOp<I>(
  prepare: (i: number) => I,
  op: (input: I) => unknown,
  { warmup = 150, batches = 7, perBatch = 200 }: PerOpOptions = {},
): Promise<OpCost> {
  for (let i = 0; i < warmup; i++) await op(prepare(i));
  const costs: number[] = [];
  for (let b = 0; b < batches; b++) {
    const inputs = Array.from({ length: perBatch }, (_, i) => prepare(i));
    const t0 = performance.now();
    for (const input of inputs) await op(input);
    costs.push(((performance.now() - t0) / perBatch) * 1000);
  }
  return { us: Math.min(...costs), medianUs: median(costs), maxUs: Math.max(...costs) };
}

/** Times one (cold) call in milliseconds. */
export async function once(op: () => unknown): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}
