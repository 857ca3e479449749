/**
 * Renders a {@link BenchResult} as the Markdown of `bench/results/latest.md` (also printed). The method
 * behind each table is in bench/README.md.
 */
import { MAX_PEER_RATIO } from "./budgets.ts";
import { cpuRounds, emulationSpread, netOfEmulation, p50Rounds, peerRatio } from "./emulation.ts";
import { buildSection, inProcessSection } from "./report-details.ts";
import { era, kb, ms, profileCells, table } from "./report-format.ts";
import type { BenchResult, Cell } from "./result.ts";
import { GATEWAY_SIDES, PROBE_BARE, PROBE_EMULATED, type Side } from "./sides.ts";
import { median, type Spread } from "./stats.ts";

const ratio = (v: Spread | null) =>
  v ? `${v.median.toFixed(2)}× (${v.min.toFixed(2)}–${v.max.toFixed(2)})` : "";
const range = (v: Spread | null) => (v ? `${ms(v.median)} (${ms(v.min)}–${ms(v.max)})` : "–");

function latencyRows(r: BenchResult): string[][] {
  return r.cells.flatMap((cell) =>
    cell.sides.map((s) => {
      const gateway = (GATEWAY_SIDES as readonly Side[]).includes(s.side);
      const mcp = gateway && cell.method !== "GET /health";
      const cpu = s.cpuMsPerRequest;
      const net = (metric: "p50" | "cpu") => {
        const v = mcp ? netOfEmulation(cell, s.side, metric) : null;
        return v ? ms(v.median) : "";
      };
      return [
        cell.method,
        cell.method === "GET /health" ? "–" : era(cell.era),
        String(cell.concurrency),
        s.side,
        s.throughput.median.toFixed(0),
        ms(s.p50.median),
        net("p50"),
        ms(s.p99),
        `${ms(s.p50.min)}–${ms(s.p50.max)}`,
        cpu ? `${ms(cpu.median)} (${ms(cpu.min)}–${ms(cpu.max)})` : "–",
        net("cpu"),
        s.bytes ? kb(s.bytes) : "–",
        gateway ? ratio(peerRatio(cell, s.side, "p50", false)) : "",
        mcp ? ratio(peerRatio(cell, s.side, "p50", true)) : "",
        mcp ? ratio(peerRatio(cell, s.side, "cpu", false)) : "",
        mcp ? ratio(peerRatio(cell, s.side, "cpu", true)) : "",
      ];
    }),
  );
}

function overheadRows(r: BenchResult): string[][] {
  return r.cells
    .filter((c) => c.method === "tools/call")
    .flatMap((cell) => {
      const p50 = (side: Side) => cell.sides.find((s) => s.side === side)?.p50.median;
      const [gw, peer, direct] = [p50("edge-mcp"), p50("peer"), p50("direct upstream")];
      if (gw === undefined || peer === undefined || direct === undefined) return [];
      const row = [era(cell.era), String(cell.concurrency), ms(direct), ms(gw), ms(gw - direct)];
      return [[...row, ms(peer), ms(peer - direct)]];
    });
}

function emulationRows(cells: readonly Cell[]): string[][] {
  return cells
    .filter(
      (c) => c.sides.some((s) => s.side === PROBE_BARE) && c.sides.some((s) => s.side === PROBE_EMULATED),
    )
    .map((cell) => {
      const [emulatedCpu = [], bareCpu = []] = cpuRounds(cell, [PROBE_EMULATED, PROBE_BARE]);
      return [
        cell.method,
        era(cell.era),
        String(cell.concurrency),
        cell.method === "tools/call" ? "limiter awaited + D1 insert in waitUntil" : "limiter awaited",
        ms(median(p50Rounds(cell, PROBE_BARE, true))),
        ms(median(p50Rounds(cell, PROBE_EMULATED, true))),
        range(emulationSpread(cell, "p50")),
        bareCpu.length > 0 ? ms(median(bareCpu)) : "–",
        emulatedCpu.length > 0 ? ms(median(emulatedCpu)) : "–",
        range(emulationSpread(cell, "cpu")),
      ];
    });
}

function workerdSection(r: BenchResult): string[] {
  if (r.workerdProfiles.length === 0) return [];
  const rows = r.workerdProfiles.map((p) => [p.label, ms(p.cpuMsPerRequest), ...profileCells(p, 4)]);
  return [
    "## CPU profiles inside workerd",
    "",
    `V8 CPU profiles over \`wrangler dev\`'s inspector port, ${r.workerdProfiles[0]?.requests ?? 0} sequential ` +
      "2026-07-28 requests each. A sampling profiler counts wall time on a JS stack: read the shares; the CPU " +
      "ms/req column above is the cost figure.",
    "",
    table(["workload", "sampled ms / request", "self time by area", "top functions"], rows),
    "",
  ];
}

/** The whole report. */
export function renderMarkdown(r: BenchResult): string {
  const passed = r.budgets.filter((b) => b.pass).length;
  const emulation = emulationRows(r.cells);
  return [
    "# edge-mcp benchmark — latest run",
    "",
    `Run ${r.startedAt} (${r.mode}, ${r.durationS.toFixed(0)} s) on ${r.machine.cpus} × ${r.machine.model}, ` +
      `load average at start ${r.machine.loadAvgAtStart.map((v) => v.toFixed(2)).join(" / ")}; Node ${r.machine.node}, ` +
      `wrangler ${r.machine.wrangler}. Everything on loopback in \`wrangler dev\` (workerd). ` +
      `${r.method.rounds} rounds per cell, ${r.method.sliceMs} ms per slice. Absolute numbers are from a small ` +
      "shared machine: compare the ratios. The method is in bench/README.md.",
    "",
    `## Budgets — ${passed}/${r.budgets.length} pass`,
    "",
    table(
      ["budget", "target", "measured", "verdict"],
      r.budgets.map((b) => [b.budget, b.target, b.measured, b.pass ? "PASS" : "**FAIL**"]),
    ),
    "",
    "## Latency and throughput",
    "",
    "Closed-loop load, every request with `Accept-Encoding: identity`. req/s and p50: medians of the per-round " +
      "solo slices; p99 over all requests; CPU ms/req: the side's workerd CPU (/proc) per request. " +
      '"vs peer": per-round ratios from the paired pass, median (range). "Net" subtracts the same round\'s ' +
      `binding emulation (probe emulated − bare); the budgets judge it (≤ ${MAX_PEER_RATIO.toFixed(2)}).`,
    "",
    table(
      [
        "method",
        "era",
        "conc.",
        "side",
        "req/s",
        "p50 ms",
        "p50 net of emulation",
        "p99 ms",
        "p50 range",
        "CPU ms/req (range)",
        "CPU net of emulation",
        "body",
        "p50 vs peer, as run",
        "p50 vs peer, net",
        "CPU vs peer, as run",
        "CPU vs peer, net",
      ],
      latencyRows(r),
    ),
    "",
    "## Gateway overhead per tool call",
    "",
    "p50 of each side alone minus the same GET sent straight to the simulator in the same rounds (ms).",
    "",
    table(
      ["era", "conc.", "direct upstream", "edge-mcp", "edge-mcp overhead", "peer", "peer overhead"],
      overheadRows(r),
    ),
    "",
    ...(emulation.length === 0
      ? []
      : [
          '## Binding emulation per request (what "net of emulation" subtracts)',
          "",
          "The probe's two sides in the paired pass, each in its own workerd; emulation = emulated − bare per round.",
          "",
          table(
            [
              "method",
              "era",
              "conc.",
              "probe: emulated bindings does",
              "bare p50 ms",
              "emulated p50 ms",
              "emulation wall ms (range)",
              "bare CPU ms/req",
              "emulated CPU ms/req",
              "emulation CPU ms/req (range)",
            ],
            emulation,
          ),
          "",
        ]),
    ...workerdSection(r),
    ...inProcessSection(r),
    ...(r.mode === "full" ? buildSection(r) : []),
    ...r.scenarios.flatMap((s) => s.markdown),
  ].join("\n");
}
