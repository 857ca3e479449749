/**
 * A closed-loop load generator: `concurrency` workers each send one request, wait for the whole
 * response, and send the next, for a fixed duration. Latency is measured per request on the client
 * (loopback HTTP included), throughput is completed requests per second of wall time.
 */
import { performance } from "node:perf_hooks";

/** One request: resolves to null when the response was good, or a short reason when it was not. */
export type Shot = () => Promise<string | null>;

/** What one load run measured. */
export interface LoadResult {
  concurrency: number;
  ok: number;
  errors: number;
  /** The first failure reason seen, for the report. */
  firstError: string | null;
  /** Per-request latency in milliseconds (successful requests only). */
  latencies: number[];
  elapsedMs: number;
  /** Successful requests per second. */
  throughput: number;
}

/**
 * Runs `shot` in a closed loop at a given concurrency for `durationMs`, and on until at least
 * `minRequests` completed (at most 5 × `durationMs`): on a slow, shared machine a fixed slice can
 * hold too few requests for a stable p50 and CPU per request.
 */
export async function runLoad(
  shot: Shot,
  concurrency: number,
  durationMs: number,
  minRequests = 0,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const end = start + durationMs;
  const hardEnd = start + 5 * durationMs;
  const more = () => {
    const t = performance.now();
    return t < end || (t < hardEnd && latencies.length + errors < minRequests);
  };
  const worker = async () => {
    while (more()) {
      const t0 = performance.now();
      let failure: string | null;
      try {
        failure = await shot();
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      }
      const dt = performance.now() - t0;
      if (failure === null) latencies.push(dt);
      else {
        errors += 1;
        firstError ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - start;
  return {
    concurrency,
    ok: latencies.length,
    errors,
    firstError,
    latencies,
    elapsedMs,
    throughput: (latencies.length / elapsedMs) * 1000,
  };
}

/** Sends `count` requests one after another (warm-up); throws on the first failure. */
export async function warmUp(shot: Shot, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const failure = await shot();
    if (failure !== null) throw new Error(`warm-up request failed: ${failure}`);
  }
}

/** Times one call in milliseconds. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
