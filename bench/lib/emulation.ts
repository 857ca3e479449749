/**
 * Local binding emulation per gateway request, and edge-mcp's figures net of it.
 *
 * Under `wrangler dev` miniflare emulates the per-URL rate limiter and D1 inside the gateway's own
 * workerd process; in production both are Cloudflare services, not work in the Worker's process. The
 * probe Worker's two sides run in the same rounds as the gateway (bench/probe: `/bare`, and
 * `/emulated` doing one gateway request's binding work). Per round:
 *
 * - emulation wall = p50(emulated) − p50(bare), emulation CPU = CPU/req(emulated) − CPU/req(bare);
 * - edge-mcp net = edge-mcp − the same round's emulation, and the ratio net = that / the same round's
 *   peer figure. Every figure of a ratio comes from the same place: the cell's paired pass (cells.ts:
 *   at concurrency 1 a loop alternating the sides' requests, above short interleaved turns), which the
 *   probe's sides join: p50s per side, and CPU per request of each process over the same window (each
 *   probe side has a workerd of its own). Sides sharing a process (the gateway's two URLs in a
 *   tools/list cell) have no CPU figure there; their CPU ratios come from the solo slices.
 *
 * The binding stays in the gateway's request path: both figures come from the same gateway requests.
 */
import type { Cell, CellSide } from "./result.ts";
import { PROBE_BARE, PROBE_EMULATED, type Side } from "./sides.ts";
import { type Spread, spread } from "./stats.ts";

/** The two per-round figures emulation is charged to: p50 latency (ms) and workerd CPU per request (ms). */
export type Metric = "p50" | "cpu";

/** a[i] − b[i] for every round both have. */
export function perRoundDiff(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => (a[i] as number) - (b[i] as number));
}

/**
 * (gateway[i] − emulation[i]) / peer[i] per round, median and range; without `emulation`, the as-run
 * ratio gateway[i] / peer[i]. Null when no round has all its figures.
 */
export function perRoundRatio(
  gateway: readonly number[],
  peer: readonly number[],
  emulation?: readonly number[],
): Spread | null {
  const net = emulation ? perRoundDiff(gateway, emulation) : [...gateway];
  const n = Math.min(net.length, peer.length);
  if (n === 0) return null;
  return spread(Array.from({ length: n }, (_, i) => (net[i] as number) / (peer[i] as number)));
}

function sideOf(cell: Cell, side: Side): CellSide | undefined {
  return cell.sides.find((s) => s.side === side);
}

/** A side's per-round figure from its solo slices. */
export function soloRounds(cell: Cell, side: Side, metric: Metric): number[] {
  const s = sideOf(cell, side);
  if (!s) return [];
  return metric === "p50" ? s.p50.rounds : (s.cpuMsPerRequest?.rounds ?? []);
}

/**
 * Per-round CPU per request of `sides`: all from the paired pass when each has a figure there (a
 * process of its own in it), otherwise all from their solo slices, so a ratio or difference never
 * mixes the two windows.
 */
export function cpuRounds(cell: Cell, sides: readonly Side[]): number[][] {
  const loop = sides.map((side) => cell.pairedCpu?.[side] ?? []);
  if (loop.every((rounds) => rounds.length > 0)) return loop;
  return sides.map((side) => soloRounds(cell, side, "cpu"));
}

/**
 * A side's per-round p50: with `paired`, from the paired pass (its solo slices when it has none there,
 * as in results written before the probe's sides joined the pass above concurrency 1).
 */
export function p50Rounds(cell: Cell, side: Side, paired: boolean): number[] {
  const fromLoop = paired ? cell.pairedP50?.[side] : undefined;
  return fromLoop && fromLoop.length > 0 ? fromLoop : soloRounds(cell, side, "p50");
}

/**
 * The cell's emulation cost per round (probe emulated − probe bare, ms), taken where the paired ratio's
 * figures are (`paired`: the paired pass when the cell has one) or from the solo slices; null
 * when the probe sides did not run.
 */
export function emulationRounds(cell: Cell, metric: Metric, paired = true): number[] | null {
  let emulated: number[];
  let bare: number[];
  if (metric === "p50") {
    emulated = p50Rounds(cell, PROBE_EMULATED, paired);
    bare = p50Rounds(cell, PROBE_BARE, paired);
  } else if (paired) {
    [emulated = [], bare = []] = cpuRounds(cell, [PROBE_EMULATED, PROBE_BARE]);
  } else {
    emulated = soloRounds(cell, PROBE_EMULATED, "cpu");
    bare = soloRounds(cell, PROBE_BARE, "cpu");
  }
  const d = perRoundDiff(emulated, bare);
  return d.length > 0 ? d : null;
}

/** The cell's emulation cost, median and range over rounds; null when the probe sides did not run. */
export function emulationSpread(cell: Cell, metric: Metric, paired = true): Spread | null {
  const d = emulationRounds(cell, metric, paired);
  return d ? spread(d) : null;
}

/**
 * edge-mcp / peer of a cell per round, as run or net of emulation; null when not measured. p50 uses
 * the paired pass's per-round p50s; CPU the pass's CPU per request when the side, the peer and (net)
 * both probe sides each have a process of their own there, otherwise the solo slices'.
 */
export function peerRatio(cell: Cell, side: Side, metric: Metric, net: boolean): Spread | null {
  if (metric === "cpu") {
    const [gateway = [], peer = [], emulated = [], bare = []] = cpuRounds(
      cell,
      net ? [side, "peer", PROBE_EMULATED, PROBE_BARE] : [side, "peer"],
    );
    if (!net) return perRoundRatio(gateway, peer);
    const emulation = perRoundDiff(emulated, bare);
    return emulation.length > 0 ? perRoundRatio(gateway, peer, emulation) : null;
  }
  const gateway = cell.pairedP50?.[side] ?? [];
  const peer = cell.pairedP50?.peer ?? [];
  if (!net) return perRoundRatio(gateway, peer) ?? cell.pairedRatio[side] ?? null;
  const emulation = emulationRounds(cell, metric, true);
  return emulation ? perRoundRatio(gateway, peer, emulation) : null;
}

/**
 * A side's own solo-slice figure minus the same round's emulation from the probe's solo slices, median
 * and range; null when not measured.
 */
export function netOfEmulation(cell: Cell, side: Side, metric: Metric): Spread | null {
  const emulation = emulationRounds(cell, metric, false);
  const own = soloRounds(cell, side, metric);
  if (!emulation || own.length === 0) return null;
  return spread(perRoundDiff(own, emulation));
}
