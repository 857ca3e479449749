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
 *   peer figure. For the p50 ratio every p50 comes from where the as-run ratio's do: at concurrency 1
 *   the loop alternating the paired sides, which the probe's sides join; above, the solo slices. CPU
 *   comes from the solo slices (per process).
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
 * A probe side's per-round figure: with `paired`, its p50s from where the paired ratio's come from
 * (its solo slices when it has none there, as above concurrency 1).
 */
export function probeRounds(cell: Cell, side: Side, metric: Metric, paired: boolean): number[] {
  const fromLoop = metric === "p50" && paired ? cell.pairedP50?.[side] : undefined;
  return fromLoop && fromLoop.length > 0 ? fromLoop : soloRounds(cell, side, metric);
}

/**
 * The cell's emulation cost per round (probe emulated − probe bare, ms), p50s taken where the paired
 * ratio's are (`paired`) or from the solo slices; null when the probe sides did not run.
 */
export function emulationRounds(cell: Cell, metric: Metric, paired = true): number[] | null {
  const d = perRoundDiff(
    probeRounds(cell, PROBE_EMULATED, metric, paired),
    probeRounds(cell, PROBE_BARE, metric, paired),
  );
  return d.length > 0 ? d : null;
}

/** The cell's emulation cost, median and range over rounds; null when the probe sides did not run. */
export function emulationSpread(cell: Cell, metric: Metric, paired = true): Spread | null {
  const d = emulationRounds(cell, metric, paired);
  return d ? spread(d) : null;
}

/**
 * edge-mcp / peer of a cell per round, as run or net of emulation; null when not measured. p50 uses
 * the paired per-round p50s (one alternating loop at concurrency 1, adjacent solo slices above), CPU
 * the solo slices' CPU per request.
 */
export function peerRatio(cell: Cell, side: Side, metric: Metric, net: boolean): Spread | null {
  const paired = metric === "p50";
  const gateway = paired ? (cell.pairedP50?.[side] ?? []) : soloRounds(cell, side, "cpu");
  const peer = paired ? (cell.pairedP50?.peer ?? []) : soloRounds(cell, "peer", "cpu");
  if (!net) return perRoundRatio(gateway, peer) ?? (paired ? (cell.pairedRatio[side] ?? null) : null);
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
