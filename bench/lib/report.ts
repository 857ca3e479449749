/** Renders a {@link BenchResult} as the Markdown of `bench/results/latest.md` (also printed). */
import { MAX_PEER_RATIO } from "./budgets.ts";
import { netOfEmulation, peerRatio } from "./emulation.ts";
import { bindingSection, emulationSection } from "./report-bindings.ts";
import { buildSection, inProcessSection } from "./report-details.ts";
import { era, kb, ms, pct, table } from "./report-format.ts";
import type { BenchResult, CellSide } from "./result.ts";
import { GATEWAY_SIDES, type Side } from "./sides.ts";
import type { Spread } from "./stats.ts";

function latencyRows(r: BenchResult): string[][] {
  const rows: string[][] = [];
  const r2 = (v: Spread | null) =>
    v ? `${v.median.toFixed(2)}× (${v.min.toFixed(2)}–${v.max.toFixed(2)})` : "";
  const net = (v: Spread | null) => (v ? ms(v.median) : "");
  for (const cell of r.cells) {
    for (const s of cell.sides) {
      const gateway = (GATEWAY_SIDES as readonly Side[]).includes(s.side);
      const cpu = s.cpuMsPerRequest;
      const mcp = gateway && cell.method !== "GET /health";
      rows.push([
        cell.method,
        cell.method === "GET /health" ? "–" : era(cell.era),
        String(cell.concurrency),
        s.side,
        s.throughput.median.toFixed(0),
        ms(s.p50.median),
        mcp ? net(netOfEmulation(cell, s.side, "p50")) : "",
        ms(s.p99),
        `${ms(s.p50.min)}–${ms(s.p50.max)}`,
        cpu ? `${ms(cpu.median)} (${ms(cpu.min)}–${ms(cpu.max)})` : "–",
        mcp ? net(netOfEmulation(cell, s.side, "cpu")) : "",
        s.bytes ? kb(s.bytes) : "–",
        gateway ? r2(peerRatio(cell, s.side, "p50", false)) : "",
        mcp ? r2(peerRatio(cell, s.side, "p50", true)) : "",
        mcp ? r2(peerRatio(cell, s.side, "cpu", false)) : "",
        mcp ? r2(peerRatio(cell, s.side, "cpu", true)) : "",
      ]);
    }
  }
  return rows;
}

function overheadRows(r: BenchResult): string[][] {
  const rows: string[][] = [];
  for (const cell of r.cells.filter((c) => c.method === "tools/call")) {
    const get = (side: string): CellSide | undefined => cell.sides.find((s) => s.side === side);
    const gw = get("edge-mcp");
    const peer = get("peer");
    const direct = get("direct upstream");
    if (!gw || !peer || !direct) continue;
    rows.push([
      era(cell.era),
      String(cell.concurrency),
      ms(direct.p50.median),
      ms(gw.p50.median),
      ms(gw.p50.median - direct.p50.median),
      ms(peer.p50.median),
      ms(peer.p50.median - direct.p50.median),
    ]);
  }
  return rows;
}

function workerdSection(r: BenchResult): string[] {
  if (r.workerdProfiles.length === 0) return [];
  const rows = r.workerdProfiles.map((p) => [
    p.label,
    ms(p.cpuMsPerRequest),
    Object.entries(p.byArea)
      .slice(0, 4)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join("; "),
    p.top
      .slice(0, 3)
      .map((t) => `${t.fn} ${pct(t.pct)}`)
      .join("; "),
  ]);
  return [
    "## CPU per request inside workerd",
    "",
    "V8 CPU profiles of the running Workers' isolates taken over `wrangler dev`'s inspector port, " +
      `${r.workerdProfiles[0]?.requests ?? 0} sequential 2026-07-28 requests each; modules come from the \`// path\` ` +
      "comments esbuild writes into the dev bundle. A sampling profiler counts wall time on a JS stack: on this " +
      "busy machine that includes preemption and some native waits (e.g. inside `fetch`), so read the shares; " +
      "the CPU ms/req column of the latency table is the cost figure.",
    "",
    table(["workload", "sampled ms / request", "self time by area", "top functions"], rows),
    "",
  ];
}

/** The whole report. */
export function renderMarkdown(r: BenchResult): string {
  const out: string[] = [];
  const passed = r.budgets.filter((b) => b.pass).length;
  out.push("# edge-mcp benchmark — latest run", "");
  out.push(
    `Run ${r.startedAt} (${r.mode}, ${r.durationS.toFixed(0)} s) on ${r.machine.cpus} × ${r.machine.model}, ` +
      `load average at start ${r.machine.loadAvgAtStart.map((v) => v.toFixed(2)).join(" / ")}; Node ${r.machine.node}, ` +
      `wrangler ${r.machine.wrangler}. Everything on loopback in \`wrangler dev\` (workerd). ` +
      `${r.method.rounds} rounds per cell, ${r.method.sliceMs} ms per slice. Absolute numbers are from a small ` +
      "shared machine: compare the ratios.",
    "",
  );
  out.push(`## Budgets — ${passed}/${r.budgets.length} pass`, "");
  out.push(
    table(
      ["budget", "target", "measured", "verdict"],
      r.budgets.map((b) => [b.budget, b.target, b.measured, b.pass ? "PASS" : "**FAIL**"]),
    ),
    "",
  );

  out.push("## Latency and throughput", "");
  out.push(
    "Closed-loop load of raw HTTP POSTs with each era's headers (each side and era verified first with the SDK " +
      "v2 client), every request of every side with `Accept-Encoding: identity`: `wrangler dev` would otherwise " +
      "gzip JSON answers (not SSE) inside the Worker's own process, work the edge does outside the Worker in " +
      "production. Every side runs alone for one slice per round, order rotated: req/s and p50 are medians of the " +
      "per-round values, p99 is over all its requests, range = per-round p50 min–max. CPU ms/req = CPU time of " +
      "the side's workerd process (/proc) per request: not inflated by preemption, so it compares cost even on a " +
      'busy machine; it includes local binding emulation (the simulator\'s for the direct upstream). "vs peer" = ' +
      "edge-mcp p50 / peer p50 paired per round, from a second pass after the solo slices in which the sides take " +
      "turns (concurrency 1: one loop alternating their requests; above: each side's closed loop for 4 short " +
      "turns of a quarter slice), median and range over rounds; CPU vs peer = edge-mcp CPU/req ÷ peer CPU/req " +
      "per round, each process's CPU read over that same pass when the edge-mcp side has its workerd to itself " +
      "there (tools/call cells; in tools/list cells the gateway's two URLs share one, so from the solo slices, as " +
      'in the CPU ms/req column). "As run" is what the gateway measured with every binding in its path; "net" subtracts, round by ' +
      "round, the emulation cost of the bindings one gateway request calls (the per-URL limiter, and for a tool " +
      "call its activity insert), measured in the same round by the probe's two sides (emulated − bare; see " +
      `"Binding emulation per request" below). The budgets judge the net ratios (≤ ${MAX_PEER_RATIO.toFixed(2)}); ` +
      "the peer calls no binding. The probe's rows are its own figures (unpaired, CPU from its workerd). edge-mcp's " +
      "main URL serves all 42 Missive tools; the six-tool URL matches the peer's tool count. `GET /health` is the " +
      "routing baseline: no MCP work on either side.",
    "",
  );
  out.push(
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
  );

  out.push("## Gateway overhead per tool call", "");
  out.push(
    "`list_all_missive_contacts` (one contact book, limit 50) through each side, minus the same GET sent " +
      "straight to the simulator in the same rounds (p50 of each side alone, ms).",
    "",
  );
  out.push(
    table(
      ["era", "conc.", "direct upstream", "edge-mcp", "edge-mcp overhead", "peer", "peer overhead"],
      overheadRows(r),
    ),
    "",
  );
  out.push(
    ...emulationSection(r),
    ...bindingSection(r),
    ...workerdSection(r),
    ...inProcessSection(r),
    ...(r.mode === "full" ? buildSection(r) : []),
    ...r.scenarios.flatMap((s) => s.markdown),
  );
  return out.join("\n");
}
