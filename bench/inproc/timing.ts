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

/** An operation and the builder of its input, for paired timing. */
export interface TimedOp<I> {
  prepare: () => I;
  op: (input: I) => unknown;
}

/** CPU per operation (µs) of one batch of `n` operations, inputs built outside the timed region. */
async function batchUs<I>(t: TimedOp<I>, n: number): Promise<number> {
  const inputs = Array.from({ length: n }, () => t.prepare());
  const c0 = cpuUs();
  for (const input of inputs) await t.op(input);
  return (cpuUs() - c0) / n;
}

/** Operations per batch so that one batch spans about `targetUs` of CPU (at least 5, at most `max`). */
export async function calibrate<I>(t: TimedOp<I>, targetUs: number, max: number): Promise<number> {
  for (let i = 0; i < 5; i++) await t.op(t.prepare());
  const us = await batchUs(t, 5);
  return Math.min(max, Math.max(5, Math.ceil(targetUs / Math.max(us, 1))));
}

/**
 * Interleaved batches of two operations, back to back in every round (order alternating by round),
 * so a change of machine load between rounds reaches both alike. Returns each side's CPU per
 * operation (µs) per round.
 */
export async function pairedCpu<A, B>(
  a: TimedOp<A> & { perBatch: number },
  b: TimedOp<B> & { perBatch: number },
  rounds: number,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.a.push(await batchUs(a, a.perBatch));
      out.b.push(await batchUs(b, b.perBatch));
    } else {
      out.b.push(await batchUs(b, b.perBatch));
      out.a.push(await batchUs(a, a.perBatch));
    }
  }
  return out;
}
