/**
 * A load cell's paired pass (bench/lib/cells.ts): after the solo slices of a round, the MCP sides and
 * the probe's take turns, and every ratio to the peer comes from that pass: p50 per side, and CPU per
 * request of each side whose workerd serves no other side of the pass.
 */
import { describe, expect, it } from "vitest";
import { measureCell, type Participant, SUB_SLICES } from "../../bench/lib/cells.ts";
import type { Side } from "../../bench/lib/sides.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A side whose requests take `ms` and are logged in order, with the number of requests in flight. */
function fakeSide(
  side: Side,
  ms: number,
  log: Array<{ side: Side; inFlight: number }>,
  extra: Partial<Participant> = {},
): Participant {
  let inFlight = 0;
  return {
    side,
    bytes: 0,
    paired: true,
    pids: [],
    shot: async () => {
      inFlight++;
      log.push({ side, inFlight });
      await sleep(ms);
      inFlight--;
      return null;
    },
    ...extra,
  };
}

/** The sides in the order of their first request after each switch (runs of one side collapsed). */
function turns(log: ReadonlyArray<{ side: Side }>): Side[] {
  return log.map((e) => e.side).filter((side, i, all) => i === 0 || all[i - 1] !== side);
}

describe("the paired pass", () => {
  it("above concurrency 1 gives each side SUB_SLICES turns per round, starting one side later each turn, and pairs the ratio there", async () => {
    const log: Array<{ side: Side; inFlight: number }> = [];
    const sides = [
      fakeSide("edge-mcp", 6, log),
      fakeSide("peer", 3, log),
      fakeSide("probe: bare", 1, log, { paired: false, alternates: true }),
    ];
    const cell = await measureCell("tools/call", "2026", 2, sides, {
      rounds: 1,
      sliceMs: 80,
      minRequests: 0,
    });
    // The round's last 3 × SUB_SLICES switches are the pass: the loop order, rotated by one per turn.
    const pass = turns(log).slice(-3 * SUB_SLICES);
    const order: Side[] = ["edge-mcp", "probe: bare", "peer"];
    for (let turn = 0; turn < SUB_SLICES; turn++) {
      expect(pass.slice(3 * turn, 3 * turn + 3)).toEqual([0, 1, 2].map((k) => order[(k + turn) % 3]));
    }
    // Each side's closed loop ran at the cell's concurrency in its turns.
    expect(Math.max(...log.filter((e) => e.side === "peer").map((e) => e.inFlight))).toBe(2);
    expect(cell.pairedP50?.["probe: bare"]).toHaveLength(1);
    const ratio = cell.pairedRatio["edge-mcp"]?.median ?? 0;
    expect(ratio).toBeGreaterThan(1.4);
    expect(ratio).toBeLessThan(2.6);
  });

  it("reads CPU over the pass only for sides with a process of their own there", async () => {
    const log: Array<{ side: Side; inFlight: number }> = [];
    const own = [process.pid];
    const other = [process.ppid];
    const sides = [
      fakeSide("edge-mcp", 2, log, { pids: own }),
      fakeSide("edge-mcp (6 tools)", 2, log, { pids: own }),
      fakeSide("peer", 2, log, { pids: other }),
    ];
    const cell = await measureCell("tools/list", "2026", 1, sides, {
      rounds: 2,
      sliceMs: 30,
      minRequests: 0,
    });
    expect(Object.keys(cell.pairedCpu ?? {})).toEqual(["peer"]);
    expect(cell.pairedCpu?.peer).toHaveLength(2);
    for (const side of ["edge-mcp", "edge-mcp (6 tools)", "peer"] as const)
      expect(cell.pairedP50?.[side]).toHaveLength(2);
  });
});
