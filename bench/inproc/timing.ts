/**
 * Micro-timing for the in-process harness: CPU time per operation in microseconds, over batches.
 * CPU time (`process.cpuUsage`, user + system of this process) does not grow when the shared machine
 * preempts the process, unlike wall time, so figures stay comparable on a busy box.
 */
import { performance } from "node:perf_hooks";
import { median } from "../lib/stats.ts";

/** Per-operation cost of a repeated operation, in microseconds of CPU. */
export interface OpCost {
  /** Median over batches of (batch CPU time / operations). */
  us: number;
  /** Cheapest and dearest batch. */
  minUs: number;
  maxUs: number;
  /** Fastest batch in wall time, for reference. */
  wallUs: number;
}

/** Options of {@link perOp}. */
export interface PerOpOptions {
  warmup?: number;
  batches?: number;
  perBatch?: number;
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

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
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let b = 0; b < batches; b++) {
    const inputs = Array.from({ length: perBatch }, (_, i) => prepare(i));
    const c0 = cpuUs();
    const t0 = performance.now();
    for (const input of inputs) await op(input);
    wall.push(((performance.now() - t0) / perBatch) * 1000);
    cpu.push((cpuUs() - c0) / perBatch);
  }
  return { us: median(cpu), minUs: Math.min(...cpu), maxUs: Math.max(...cpu), wallUs: Math.min(...wall) };
}

/** Times one (cold) call in milliseconds. */
export async function once(op: () => unknown): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}
