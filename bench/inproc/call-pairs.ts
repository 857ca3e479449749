/**
 * Paired in-process measures of one tool call, each from interleaved rounds (two operations back to
 * back per round, order alternating), because on this shared 2-core machine the CPU time of the same
 * work moves by up to 3× with the load of the moment, and that noise only ever adds:
 *
 * - **gateway overhead**: edge-mcp's `tools/call` (call recorded, as in production) next to the same
 *   upstream call made directly (fetch + body read). Overhead = the gateway's cheapest batch − the
 *   direct call's cheapest batch (the least disturbed of each); the per-round differences give the range.
 * - **activity recording on vs off** (issue 14): the same `tools/call` with an `ExecutionContext`
 *   (its record built and handed to `waitUntil`, the D1 insert counted by a stand-in) next to one
 *   without (nothing recorded). In workerd the insert itself runs after the response; its CPU under
 *   miniflare is probed alone (bench/probe) and shown with the load figures.
 */
import type { Era, ToolCall } from "../lib/mcp-requests.ts";
import { median } from "../lib/stats.ts";
import { type InProcessGateway, requestFor } from "./stages.ts";
import { calibrate, pairedCpu, type TimedOp } from "./timing.ts";

/** CPU of one batch (µs): short, so that many batches fall in quiet moments. */
const BATCH_CPU_US = 10_000;

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

/** Tool-call CPU with the activity record on and off, in one era. */
export interface ActivityPair {
  era: Era;
  /** Cheapest batch of each side, CPU µs per call. */
  onUs: number;
  offUs: number;
  /** onUs / offUs. */
  ratio: number;
  /** Median and range of the per-round ratios. */
  medianRatio: number;
  ratioRange: [number, number];
  rounds: number;
  /** Rows the recorded side wrote (one per call: the records really were made). */
  rowsPerCall: number;
}

/** Both paired measures, per era. */
export interface CallPairs {
  overhead: OverheadPair[];
  activity: ActivityPair[];
}

/**
 * Calls of each operation before calibrating: enough for V8 to optimize the gateway's path, which a
 * quick run has not exercised much by then (its first era's overhead read 1.15 ms, twice a full run's).
 */
const WARM_UP_OPS = 300;

async function paired<A, B>(a: TimedOp<A>, b: TimedOp<B>, rounds: number) {
  for (let i = 0; i < WARM_UP_OPS; i++) {
    await a.op(a.prepare());
    await b.op(b.prepare());
  }
  const perA = await calibrate(a, BATCH_CPU_US, 2000);
  const perB = await calibrate(b, BATCH_CPU_US, 2000);
  return pairedCpu({ ...a, perBatch: perA }, { ...b, perBatch: perB }, rounds);
}

/** Measures both pairs in both eras; the global `fetch` must answer the canned upstream response. */
export async function measureCallPairs(
  gw: InProcessGateway,
  upstreamUrl: string,
  call: ToolCall,
  rounds: number,
): Promise<CallPairs> {
  const direct: TimedOp<null> = {
    prepare: () => null,
    op: async () => {
      await (await fetch(upstreamUrl, { headers: { authorization: "Bearer missive_pat-simulator" } })).text();
    },
  };
  const out: CallPairs = { overhead: [], activity: [] };
  for (const era of ["2026", "2025"] as const) {
    const recorded: TimedOp<Request> = {
      prepare: () => requestFor(gw.url, era, "tools/call", call),
      op: (r) => gw.serve(r),
    };
    const unrecorded: TimedOp<Request> = { ...recorded, op: (r) => gw.serve(r, { record: false }) };

    const o = await paired(direct, recorded, rounds);
    const diffs = o.b.map((g, i) => g - (o.a[i] as number));
    const [gatewayUs, directUs] = [Math.min(...o.b), Math.min(...o.a)];
    out.overhead.push({
      era,
      gatewayUs,
      directUs,
      overheadUs: gatewayUs - directUs,
      medianUs: median(diffs),
      rangeUs: [Math.min(...diffs), Math.max(...diffs)],
      rounds,
    });

    const rows0 = gw.env.ACTIVITY.rows;
    const before = { calls: 0 };
    const counted: TimedOp<Request> = {
      ...recorded,
      op: (r) => {
        before.calls++;
        return gw.serve(r);
      },
    };
    const a = await paired(unrecorded, counted, rounds);
    const ratios = a.b.map((on, i) => on / (a.a[i] as number));
    const [onUs, offUs] = [Math.min(...a.b), Math.min(...a.a)];
    out.activity.push({
      era,
      onUs,
      offUs,
      ratio: onUs / offUs,
      medianRatio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      rounds,
      rowsPerCall: (gw.env.ACTIVITY.rows - rows0) / before.calls,
    });
  }
  return out;
}
