/**
 * Load cells: one (method, era, concurrency) with several participants (edge-mcp URLs, the peer,
 * the direct upstream). Each round runs every participant alone for one slice, in an order rotated
 * per round, measuring throughput, latency and the CPU its workerd process burned. The edge-mcp /
 * peer ratio is paired per round: at concurrency 1 from one loop that alternates their requests
 * (same moment, no contention between them), above 1 from their adjacent solo slices.
 */
import { performance } from "node:perf_hooks";
import { runLoad, type Shot, warmUp } from "./load.ts";
import type { Era } from "./mcp-requests.ts";
import { cpuMs } from "./proc-cpu.ts";
import type { Cell, CellSide } from "./result.ts";
import { GATEWAY_SIDES, type Side } from "./sides.ts";
import { latencySummary, spread } from "./stats.ts";

/** One participant of a load cell. */
export interface Participant {
  side: Side;
  shot: Shot;
  bytes: number;
  /** Compared with the peer (MCP sides are; the direct upstream is not). */
  paired: boolean;
  /** workerd processes serving this side (their CPU time is charged to it). */
  pids: readonly number[];
  /**
   * Joins the concurrency-1 alternating loop of the paired sides, without a ratio to the peer (the
   * probe's sides): its p50 there is taken in the same rhythm as theirs, each request followed by one
   * to another process, so work after a response (a D1 insert in `waitUntil`) overlaps the same kind
   * of request for the gateway and for the probe.
   */
  alternates?: boolean;
}

/** Rounds and slice length. */
export interface CellPlan {
  rounds: number;
  sliceMs: number;
  /** Requests a slice runs to at least (within 5 × sliceMs), so its CPU and p50 rest on many requests. */
  minRequests: number;
}

interface Acc {
  tput: number[];
  p50: number[];
  cpu: number[];
  all: number[];
  errors: number;
  first: string | null;
  pairedP50: number[];
}

/** Sends the shots in turn, one at a time, for `durationMs`; latencies per shot. */
async function alternate(
  shots: Shot[],
  durationMs: number,
): Promise<{ latencies: number[][]; errors: string[][] }> {
  const latencies = shots.map(() => [] as number[]);
  const errors = shots.map(() => [] as string[]);
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    for (let i = 0; i < shots.length; i++) {
      const t0 = performance.now();
      const failure = await (shots[i] as Shot)();
      if (failure === null) latencies[i]?.push(performance.now() - t0);
      else errors[i]?.push(failure);
    }
  }
  return { latencies, errors };
}

/**
 * The concurrency-1 loop: the paired sides in their order, each alternating side slotted in after one
 * of them (the probe's emulated side right after edge-mcp), so no two requests to one process follow
 * each other.
 */
export function alternatingOrder<T>(paired: readonly T[], alternating: readonly T[]): T[] {
  const out: T[] = [];
  paired.forEach((p, i) => {
    out.push(p);
    const alt = alternating[i];
    if (alt !== undefined) out.push(alt);
  });
  out.push(...alternating.slice(paired.length));
  return out;
}

/** Measures one cell. */
export async function measureCell(
  method: Cell["method"],
  era: Era,
  concurrency: number,
  participants: Participant[],
  plan: CellPlan,
): Promise<Cell> {
  for (const p of participants) await warmUp(p.shot, 3);
  const acc = new Map<Side, Acc>();
  for (const p of participants) {
    acc.set(p.side, { tput: [], p50: [], cpu: [], all: [], errors: 0, first: null, pairedP50: [] });
  }
  const get = (side: Side) => acc.get(side) as Acc;
  const paired = participants.filter((p) => p.paired);
  const loop = alternatingOrder(
    paired,
    participants.filter((p) => p.alternates && !p.paired),
  );
  const loopMs = loop.length * plan.sliceMs;
  for (let r = 0; r < plan.rounds; r++) {
    const order = participants.map((_, i) => participants[(i + r) % participants.length] as Participant);
    for (const p of order) {
      const cpu0 = cpuMs(p.pids);
      const res = await runLoad(p.shot, concurrency, plan.sliceMs, plan.minRequests);
      const cpu = cpuMs(p.pids) - cpu0;
      const a = get(p.side);
      const p50 = latencySummary(res.latencies).p50;
      a.tput.push(res.throughput);
      a.p50.push(p50);
      if (p.pids.length > 0) a.cpu.push(cpu / Math.max(1, res.ok + res.errors));
      a.all.push(...res.latencies);
      a.errors += res.errors;
      a.first ??= res.firstError;
      if (concurrency > 1) a.pairedP50.push(p50);
    }
    if (concurrency === 1 && paired.length > 1) {
      const res = await alternate(
        loop.map((p) => p.shot),
        loopMs,
      );
      loop.forEach((p, i) => {
        get(p.side).pairedP50.push(latencySummary(res.latencies[i] ?? []).p50);
      });
      loop.forEach((p, i) => {
        const failures = res.errors[i] ?? [];
        const a = get(p.side);
        a.errors += failures.length;
        a.first ??= failures[0] ?? null;
      });
    }
  }
  const sides: CellSide[] = participants.map((p) => {
    const a = get(p.side);
    return {
      side: p.side,
      throughput: spread(a.tput),
      p50: spread(a.p50),
      p99: latencySummary(a.all).p99,
      cpuMsPerRequest: a.cpu.length > 0 ? spread(a.cpu) : null,
      requests: a.all.length,
      errors: a.errors,
      firstError: a.first,
      bytes: p.bytes,
    };
  });
  const pairedRatio: Cell["pairedRatio"] = {};
  const pairedP50: Cell["pairedP50"] = {};
  const peer = acc.get("peer");
  for (const side of GATEWAY_SIDES) {
    const gw = acc.get(side);
    if (gw && peer && gw.pairedP50.length > 0) {
      pairedRatio[side] = spread(gw.pairedP50.map((v, i) => v / (peer.pairedP50[i] as number)));
    }
  }
  for (const p of [...paired, ...loop]) {
    const a = get(p.side);
    if (a.pairedP50.length > 0) pairedP50[p.side] = a.pairedP50;
  }
  return { method, era, concurrency, sides, pairedRatio, pairedP50 };
}
