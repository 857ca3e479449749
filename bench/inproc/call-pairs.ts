/**
 * Gateway overhead per tool call, in process: edge-mcp's `tools/call` (call recorded, as in
 * production) next to the same upstream call made directly (fetch + body read), from interleaved
 * rounds (two batches back to back per round, order alternating), because on this shared 2-core
 * machine the CPU time of the same work moves by up to 3× with the load of the moment, and that noise
 * only ever adds. Overhead = the gateway's cheapest batch − the direct call's cheapest batch (the least
 * disturbed of each); the per-round differences give the range.
 */
import type { Era, ToolCall } from "../lib/mcp-requests.ts";
import { median } from "../lib/stats.ts";
import { type InProcessGateway, requestFor, UPSTREAM, UPSTREAM_TOKEN } from "./gateway.ts";
import { calibrate, pairedCpu, type TimedOp } from "./timing.ts";

/** CPU of one batch (µs): short, so that many batches fall in quiet moments. */
const BATCH_CPU_US = 10_000;

/**
 * Calls of each operation before calibrating: enough for V8 to optimize the gateway's path, which a
 * quick run has not exercised much by then (its first era's overhead read 1.15 ms, twice a full run's).
 */
const WARM_UP_OPS = 300;

/** Gateway overhead per tool call in one era. */
export interface OverheadPair {
  era: Era;
  /** Cheapest batch of each side, CPU µs per call. */
  gatewayUs: number;
  directUs: number;
  /** gatewayUs − directUs. */
  overheadUs: number;
  /** Median and range of the per-round differences. */
  medianUs: number;
  rangeUs: [number, number];
  rounds: number;
}

/** Measures the overhead in both eras; the global `fetch` must answer the canned upstream response. */
export async function measureOverhead(
  gw: InProcessGateway,
  call: ToolCall,
  rounds: number,
): Promise<OverheadPair[]> {
  const direct: TimedOp<null> = {
    prepare: () => null,
    op: async () => {
      const res = await fetch(`${UPSTREAM}/contacts?limit=50`, {
        headers: { authorization: `Bearer ${UPSTREAM_TOKEN}` },
      });
      await res.text();
    },
  };
  const out: OverheadPair[] = [];
  for (const era of ["2026", "2025"] as const) {
    const gateway: TimedOp<Request> = {
      prepare: () => requestFor(gw.url, era, "tools/call", call),
      op: (r) => gw.serve(r),
    };
    for (let i = 0; i < WARM_UP_OPS; i++) {
      await direct.op(null);
      await gateway.op(gateway.prepare());
    }
    const o = await pairedCpu(
      { ...direct, perBatch: await calibrate(direct, BATCH_CPU_US, 2000) },
      { ...gateway, perBatch: await calibrate(gateway, BATCH_CPU_US, 2000) },
      rounds,
    );
    const diffs = o.b.map((g, i) => g - (o.a[i] as number));
    const [gatewayUs, directUs] = [Math.min(...o.b), Math.min(...o.a)];
    out.push({
      era,
      gatewayUs,
      directUs,
      overheadUs: gatewayUs - directUs,
      medianUs: median(diffs),
      rangeUs: [Math.min(...diffs), Math.max(...diffs)],
      rounds,
    });
  }
  return out;
}
