/**
 * The integrations-as-data budgets' arithmetic (bench/lib/cpu-limits.ts, bench/lib/startup.ts):
 * absolute CPU per request net of the same round's binding emulation against the free plan's 10 ms,
 * first-use samples, and startup against the pre-integrations baseline.
 */
import { describe, expect, it } from "vitest";
import { steadyRows, steadyText, summarize, withinLimit } from "../../bench/lib/cpu-limits.ts";
import type { Cell, CellSide } from "../../bench/lib/result.ts";
import type { Side } from "../../bench/lib/sides.ts";
import { compareStartup } from "../../bench/lib/startup.ts";
import { spread } from "../../bench/lib/stats.ts";

function side(name: Side, cpu: number[] | null): CellSide {
  return {
    side: name,
    throughput: spread([1, 1, 1]),
    p50: spread([1, 1, 1]),
    p99: 1,
    cpuMsPerRequest: cpu ? spread(cpu) : null,
    requests: 3,
    errors: 0,
    firstError: null,
    bytes: 0,
  };
}

function cell(gateway: number[], probe = true): Cell {
  const sides = [side("edge-mcp: GitHub, all tools", gateway)];
  if (probe) sides.push(side("probe: bare", [2, 2, 3]), side("probe: emulated bindings", [4, 5, 4]));
  return { method: "tools/list", era: "2026", concurrency: 1, sides, pairedRatio: {} };
}

describe("steady-state CPU per request against the free plan's limit", () => {
  it("subtracts each round's emulation (emulated − bare) from the same round's solo CPU", () => {
    const [row] = steadyRows([cell([9, 12, 11])], "edge-mcp: GitHub, all tools", () => "page");
    expect(row?.net?.rounds).toEqual([7, 9, 10]);
    expect(row?.net?.median).toBe(9);
    expect(row?.asRun?.median).toBe(11);
    expect(withinLimit(row ? [row] : [])).toBe(true);
    expect(steadyText(row as never)).toBe("page 9.00 ms net (7.00–10.00), 11.00 as run");
  });

  it("fails a row over 10 ms net, a row with no probe figure, and an empty set", () => {
    const over = steadyRows([cell([14, 13, 15])], "edge-mcp: GitHub, all tools", () => "x");
    expect(over[0]?.net?.rounds).toEqual([12, 10, 14]);
    expect(withinLimit(over)).toBe(false);
    expect(withinLimit(steadyRows([cell([1, 1, 1], false)], "edge-mcp: GitHub, all tools", () => "x"))).toBe(
      false,
    );
    expect(withinLimit([])).toBe(false);
  });

  it("takes a binding-free request's as-run figure as its net one (nothing to subtract)", () => {
    const [row] = steadyRows([cell([9, 12, 11], false)], "edge-mcp: GitHub, all tools", () => "search", true);
    expect(row?.net?.median).toBe(11);
    expect(row?.net).toEqual(row?.asRun);
  });

  it("leaves out cells the side did not take part in", () => {
    expect(steadyRows([cell([1, 1, 1])], "edge-mcp", () => "x")).toEqual([]);
  });
});

describe("first-use samples", () => {
  it("reports the median and the worst fresh process", () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, max: 30, samples: [30, 10, 20] });
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });
});

describe("startup against the baseline", () => {
  const runs = (label: string, activeMs: number[]) => ({ label, activeMs, gcMs: [], failed: 0 });

  it("divides the medians, and gives each interleaved pair's ratio", () => {
    const r = compareStartup(runs("now", [50, 60, 55]), runs("then", [100, 110, 90]), [
      [50, 100],
      [60, 110],
    ]);
    expect(r.ratio).toBeCloseTo(0.55, 10);
    expect(r.pairRatios).toEqual([0.5, 60 / 110]);
  });

  it("has no ratio when a side has no successful run", () => {
    expect(compareStartup(runs("now", [50]), runs("then", []), []).ratio).toBeNull();
  });
});
