/**
 * The bench's "net of emulation" arithmetic (bench/lib/emulation.ts): per round, the probe's emulated −
 * bare is subtracted from the gateway's figure of the same round before dividing by the peer's.
 */
import { describe, expect, it } from "vitest";
import { alternatingOrder, ownProcesses } from "../../bench/lib/cells.ts";
import {
  cpuRounds,
  emulationRounds,
  netOfEmulation,
  peerRatio,
  perRoundRatio,
} from "../../bench/lib/emulation.ts";
import type { Cell, CellSide } from "../../bench/lib/result.ts";
import type { Side } from "../../bench/lib/sides.ts";
import { spread } from "../../bench/lib/stats.ts";

/** A cell side with per-round solo p50s and CPU per request. */
function side(name: Side, p50: number[], cpu: number[] | null): CellSide {
  return {
    side: name,
    throughput: spread(p50.map(() => 1)),
    p50: spread(p50),
    p99: Math.max(...p50),
    cpuMsPerRequest: cpu ? spread(cpu) : null,
    requests: p50.length,
    errors: 0,
    firstError: null,
    bytes: 0,
  };
}

/**
 * Three rounds: edge-mcp, the peer, and the probe's two sides, with their solo-slice figures and (unless
 * `loop` is false, as above concurrency 1) the p50s of the alternating loop.
 */
function cell(withProbe = true, loop = true): Cell {
  const sides = [side("edge-mcp", [40, 44, 50], [20, 22, 18]), side("peer", [30, 32, 35], [16, 16, 15])];
  if (withProbe) {
    sides.push(side("probe: bare", [10, 12, 11], [7, 8, 7]));
    sides.push(side("probe: emulated bindings", [16, 20, 14], [12, 14, 11]));
  }
  return {
    method: "tools/call",
    era: "2026",
    concurrency: 1,
    sides,
    pairedRatio: { "edge-mcp": spread([42 / 30, 45 / 30, 48 / 40]) },
    pairedP50: {
      "edge-mcp": [42, 45, 48],
      peer: [30, 30, 40],
      ...(withProbe && loop ? { "probe: bare": [9, 11, 10], "probe: emulated bindings": [14, 17, 12] } : {}),
    },
  };
}

describe("net of emulation", () => {
  it("charges each round the probe's emulated minus bare figure of that same round", () => {
    expect(emulationRounds(cell(), "p50")).toEqual([5, 6, 2]);
    expect(emulationRounds(cell(), "p50", false)).toEqual([6, 8, 3]);
    expect(emulationRounds(cell(), "cpu")).toEqual([5, 6, 4]);
  });

  it("divides the gateway's paired p50 net of that round's emulation, taken in the same loop, by the peer's paired p50", () => {
    const net = peerRatio(cell(), "edge-mcp", "p50", true);
    expect(net?.rounds).toEqual([(42 - 5) / 30, (45 - 6) / 30, (48 - 2) / 40]);
    expect(net?.median).toBeCloseTo(37 / 30, 10);
    expect(net?.min).toBeCloseTo(46 / 40, 10);
    expect(net?.max).toBeCloseTo(39 / 30, 10);
  });

  it("takes the probe's p50s from its solo slices where it has none from an alternating loop", () => {
    expect(peerRatio(cell(true, false), "edge-mcp", "p50", true)?.rounds).toEqual([
      (42 - 6) / 30,
      (45 - 8) / 30,
      (48 - 3) / 40,
    ]);
  });

  it("gives the as-run p50 ratio from the same paired rounds, unchanged", () => {
    expect(peerRatio(cell(), "edge-mcp", "p50", false)?.rounds).toEqual([42 / 30, 45 / 30, 48 / 40]);
  });

  it("divides the gateway's CPU per request net of that round's emulation CPU by the peer's", () => {
    expect(peerRatio(cell(), "edge-mcp", "cpu", true)?.rounds).toEqual([15 / 16, 16 / 16, 14 / 15]);
    expect(peerRatio(cell(), "edge-mcp", "cpu", false)?.rounds).toEqual([20 / 16, 22 / 16, 18 / 15]);
  });

  it("reports a side's own solo figure net of emulation, round by round", () => {
    expect(netOfEmulation(cell(), "edge-mcp", "p50")?.rounds).toEqual([34, 36, 47]);
    expect(netOfEmulation(cell(), "edge-mcp", "cpu")?.rounds).toEqual([15, 16, 14]);
  });

  it("has no net figure when the probe's sides did not run, and keeps the as-run one", () => {
    expect(emulationRounds(cell(false), "p50")).toBeNull();
    expect(peerRatio(cell(false), "edge-mcp", "p50", true)).toBeNull();
    expect(peerRatio(cell(false), "edge-mcp", "cpu", true)).toBeNull();
    expect(peerRatio(cell(false), "edge-mcp", "cpu", false)?.median).toBe(20 / 16);
  });

  it("slots each probe side into the alternating loop after a paired side, the emulated one after edge-mcp", () => {
    expect(alternatingOrder(["edge-mcp", "peer"], ["emulated", "bare"])).toEqual([
      "edge-mcp",
      "emulated",
      "peer",
      "bare",
    ]);
    expect(alternatingOrder(["edge-mcp", "six", "peer"], ["emulated", "bare"])).toEqual([
      "edge-mcp",
      "emulated",
      "six",
      "bare",
      "peer",
    ]);
    expect(alternatingOrder(["edge-mcp"], ["emulated", "bare"])).toEqual(["edge-mcp", "emulated", "bare"]);
  });

  it("takes every CPU figure of a ratio from the concurrency-1 loop when each side has a process of its own there", () => {
    const looped: Cell = {
      ...cell(),
      pairedCpu: {
        "edge-mcp": [19, 21, 17],
        peer: [15, 17, 16],
        "probe: bare": [6, 7, 8],
        "probe: emulated bindings": [10, 12, 11],
      },
    };
    expect(emulationRounds(looped, "cpu")).toEqual([4, 5, 3]);
    expect(emulationRounds(looped, "cpu", false)).toEqual([5, 6, 4]);
    expect(peerRatio(looped, "edge-mcp", "cpu", true)?.rounds).toEqual([15 / 15, 16 / 17, 14 / 16]);
    expect(peerRatio(looped, "edge-mcp", "cpu", false)?.rounds).toEqual([19 / 15, 21 / 17, 17 / 16]);
    // The "CPU net of emulation" ms column stays with the solo slices it is shown next to.
    expect(netOfEmulation(looped, "edge-mcp", "cpu")?.rounds).toEqual([15, 16, 14]);
  });

  it("never mixes the loop's window with the solo slices' in one ratio", () => {
    // The gateway side has no loop figure (it shares its process with another loop side): all solo.
    const partial: Cell = { ...cell(), pairedCpu: { peer: [15, 17, 16], "probe: bare": [6, 7, 8] } };
    expect(cpuRounds(partial, ["edge-mcp", "peer"])).toEqual([
      [20, 22, 18],
      [16, 16, 15],
    ]);
    expect(peerRatio(partial, "edge-mcp", "cpu", true)?.rounds).toEqual([15 / 16, 16 / 16, 14 / 15]);
  });

  it("credits loop CPU only to sides whose processes serve no other side of the loop", () => {
    const loop = [
      { side: "edge-mcp" as Side, pids: [11, 12] },
      { side: "edge-mcp (6 tools)" as Side, pids: [11, 12] },
      { side: "peer" as Side, pids: [21] },
      { side: "probe: emulated bindings" as Side, pids: [31] },
      { side: "probe: bare" as Side, pids: [41] },
      { side: "direct upstream" as Side, pids: [] },
    ];
    expect([...ownProcesses(loop)].sort()).toEqual(["peer", "probe: bare", "probe: emulated bindings"]);
    expect([...ownProcesses(loop.filter((p) => p.side !== "edge-mcp (6 tools)"))].sort()).toEqual([
      "edge-mcp",
      "peer",
      "probe: bare",
      "probe: emulated bindings",
    ]);
  });

  it("pairs only the rounds every figure has", () => {
    expect(perRoundRatio([10, 20, 30], [5, 10], [2, 4, 6])?.rounds).toEqual([8 / 5, 16 / 10]);
    expect(perRoundRatio([], [1])).toBeNull();
  });
});
