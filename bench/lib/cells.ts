/**
 * Load cells: one (method, era, concurrency) with several participants (edge-mcp URLs, the peer,
 * the direct upstream). Each round runs every participant alone for one slice, in an order rotated
 * per round, measuring throughput, latency and the CPU its workerd process burned. Then a paired
 * pass over the MCP sides and the probe's: at concurrency 1 one loop that alternates their requests
 * (same moment, no contention between them), above 1 short turns of each side's closed loop
 * ({@link SUB_SLICES} per side and round). The edge-mcp / peer ratios come from that pass, p50 per
 * side and the CPU per request of each process over the same window (for every side with a workerd
 * of its own), so the machine's swings of load hit all of them alike.
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
   * Joins the paired pass of the paired sides, without a ratio to the peer (the probe's sides): its
   * figures there are taken in the same rhythm as theirs; at concurrency 1 each request is followed by
   * one to another process, so work after a response (a D1 insert in `waitUntil`) overlaps the same
   * kind of request for the gateway and for the probe.
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
  pairedCpu: number[];
}

/** What a paired pass measured: latencies and failures per shot. */
interface PassResult {
  latencies: number[][];
  errors: string[][];
}

/** Sends the shots in turn, one at a time, for `durationMs`; latencies per shot. */
async function alternate(shots: Shot[], durationMs: number): Promise<PassResult> {
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

/** Sub-slices per side and round of the interleaved pass above concurrency 1. */
export const SUB_SLICES = 4;

/**
 * Above concurrency 1: each shot runs its closed loop alone for `sliceMs / SUB_SLICES`, the shots
 * taking turns `SUB_SLICES` times (each turn starting one shot later), so every side samples the
 * machine's slower swings of load in the same stretch of time. On this shared 2-core machine one
 * 600 ms slice per side put the per-round gateway / peer p50 ratio at c = 8 anywhere in 0.74–1.59;
 * turns of 150 ms kept it within 1.08–1.30, with the same median (bench/README.md).
 */
async function interleave(shots: Shot[], concurrency: number, sliceMs: number): Promise<PassResult> {
  const latencies = shots.map(() => [] as number[]);
  const errors = shots.map(() => [] as string[]);
  for (let turn = 0; turn < SUB_SLICES; turn++) {
    for (let k = 0; k < shots.length; k++) {
      const i = (k + turn) % shots.length;
      const res = await runLoad(shots[i] as Shot, concurrency, sliceMs / SUB_SLICES);
      latencies[i]?.push(...res.latencies);
      if (res.errors > 0)
        errors[i]?.push(...Array.from({ length: res.errors }, () => res.firstError ?? "failed"));
    }
  }
  return { latencies, errors };
}

/**
 * The paired pass's order: the paired sides in their order, each alternating side slotted in after one
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

/**
 * The sides of the paired pass whose workerd processes serve no other side of it: their CPU over the
 * pass is theirs alone (the gateway's two URLs of a tools/list cell share one process,
 * so neither has a loop CPU figure).
 */
export function ownProcesses(loop: readonly Pick<Participant, "side" | "pids">[]): Set<Side> {
  const users = new Map<number, number>();
  for (const p of loop) for (const pid of new Set(p.pids)) users.set(pid, (users.get(pid) ?? 0) + 1);
  return new Set(
    loop.filter((p) => p.pids.length > 0 && p.pids.every((pid) => users.get(pid) === 1)).map((p) => p.side),
  );
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
    acc.set(p.side, {
      tput: [],
      p50: [],
      cpu: [],
      all: [],
      errors: 0,
      first: null,
      pairedP50: [],
      pairedCpu: [],
    });
  }
  const get = (side: Side) => acc.get(side) as Acc;
  const paired = participants.filter((p) => p.paired);
  const loop = alternatingOrder(
    paired,
    participants.filter((p) => p.alternates && !p.paired),
  );
  const loopMs = loop.length * plan.sliceMs;
  const ownCpu = ownProcesses(loop);
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
    }
    if (paired.length > 1) {
      // The paired pass: every process's CPU is read over the same window.
      const cpu0 = loop.map((p) => cpuMs(p.pids));
      const shots = loop.map((p) => p.shot);
      const res =
        concurrency === 1
          ? await alternate(shots, loopMs)
          : await interleave(shots, concurrency, plan.sliceMs);
      loop.forEach((p, i) => {
        const a = get(p.side);
        const failures = res.errors[i] ?? [];
        a.pairedP50.push(latencySummary(res.latencies[i] ?? []).p50);
        const served = (res.latencies[i]?.length ?? 0) + failures.length;
        if (ownCpu.has(p.side)) a.pairedCpu.push((cpuMs(p.pids) - (cpu0[i] as number)) / Math.max(1, served));
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
  const pairedCpu: Cell["pairedCpu"] = {};
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
    if (a.pairedCpu.length > 0) pairedCpu[p.side] = a.pairedCpu;
  }
  return { method, era, concurrency, sides, pairedRatio, pairedP50, pairedCpu };
}
