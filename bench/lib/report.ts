/** Renders a {@link BenchResult} as the Markdown of `bench/results/latest.md` (also printed). */
import { cpuRatio, emulationMsPerRequest, MAX_PEER_RATIO } from "./budgets.ts";
import { buildSection, inProcessSection } from "./report-details.ts";
import { era, kb, ms, pct, table } from "./report-format.ts";
import type { BenchResult, CellSide } from "./result.ts";
import { median, quantile } from "./stats.ts";

function latencyRows(r: BenchResult): string[][] {
  const cells = r.cells;
  const rows: string[][] = [];
  const r2 = (v: { median: number; min: number; max: number } | null | undefined) =>
    v ? `${v.median.toFixed(2)}× (${v.min.toFixed(2)}–${v.max.toFixed(2)})` : "";
  for (const cell of cells) {
    for (const s of cell.sides) {
      const ratio = cell.pairedRatio[s.side];
      const gateway = s.side === "edge-mcp" || s.side === "edge-mcp (6 tools)";
      const cpu = s.cpuMsPerRequest;
      const emulationMs = emulationMsPerRequest(r, cell.method);
      rows.push([
        cell.method,
        cell.method === "GET /health" ? "–" : era(cell.era),
        String(cell.concurrency),
        s.side,
        s.throughput.median.toFixed(0),
        ms(s.p50.median),
        ms(s.p99),
        `${ms(s.p50.min)}–${ms(s.p50.max)}`,
        cpu ? `${ms(cpu.median)} (${ms(cpu.min)}–${ms(cpu.max)})` : "–",
        cpu && gateway && cell.method !== "GET /health" ? ms(cpu.median - emulationMs) : "",
        s.bytes ? kb(s.bytes) : "–",
        r2(ratio),
        gateway && cell.method !== "GET /health" ? r2(cpuRatio(cell, s.side, 0)) : "",
        gateway && cell.method !== "GET /health" ? r2(cpuRatio(cell, s.side, emulationMs)) : "",
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

function bindingSection(r: BenchResult): string[] {
  const b = r.bindings;
  if (!b) return [];
  const w = b.wallMs;
  const cpu = (op: keyof typeof w) => (b.cpuMs[op] === undefined ? "–" : ms(b.cpuMs[op] as number));
  const health = r.cells.find((c) => c.method === "GET /health")?.pairedRatio["edge-mcp"];
  const row = (label: string, op: keyof typeof w, who: string) => [
    label,
    ms(median(w[op])),
    ms(quantile(w[op], 0.9)),
    cpu(op),
    who,
  ];
  return [
    "## Bindings the gateway calls, probed alone",
    "",
    "Timed inside workerd by a probe Worker (bench/probe) with the same binding types: wall time per operation " +
      "(workerd's clock ticks in whole ms, so medians of coarse samples) and the probe's workerd CPU per operation " +
      "(/proc; miniflare emulates KV, the limiter and D1 in that process). The peer calls none of them: it has " +
      "no auth, no per-URL limit, no call records, and its upstream token is a var.",
    "",
    table(
      ["operation", "p50 ms", "p90 ms", "workerd CPU ms / op", "called by edge-mcp"],
      [
        row(
          "KV get, hit",
          "kvGetHit",
          "URL token and account records, only on an isolate cache miss (≤ 1 per 5 s / 10 s)",
        ),
        row("KV get, miss", "kvGetMiss", "unknown URL tokens"),
        row(
          "rate-limit binding",
          "rateLimit",
          "every MCP request (before the upstream request and the answer)",
        ),
        row("D1 insert of one call record", "d1Insert", "every tool call, after the response (waitUntil)"),
        row("upstream fetch from a Worker", "upstreamFetch", "tools/call (the peer too)"),
      ],
    ),
    "",
    `In steady state each MCP request makes one rate-limit call (${cpu("rateLimit")} ms of workerd CPU here) ` +
      `and each tool call one D1 insert (${cpu("d1Insert")} ms); that is what the "net of emulation" columns ` +
      "subtract. Both stay in the request path: the limiter call is awaited before the upstream request and " +
      "before the answer; the insert runs after the response." +
      (health
        ? ` Routing baseline (\`GET /health\`, no MCP, no binding): edge-mcp / peer = ${health.median.toFixed(2)}× ` +
          "(the gateway's `[assets]` with `run_worker_first` and its router sit in front of every request)."
        : ""),
    "",
  ];
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
      "v2 client). Every side runs alone for one slice per round, order rotated: req/s and p50 are medians of the " +
      "per-round values, p99 is over all its requests, range = per-round p50 min–max. CPU ms/req = CPU time of " +
      "the side's workerd process (/proc) per request: not inflated by preemption, so it compares cost even on a " +
      'busy machine; it includes local binding emulation (the simulator\'s for the direct upstream). "vs peer" = ' +
      "edge-mcp p50 / peer p50 paired per round (concurrency 1: one loop alternating their requests; above: " +
      `adjacent solo slices), median and range over rounds (budget: ≤ ${MAX_PEER_RATIO.toFixed(2)}). CPU vs peer = ` +
      'edge-mcp CPU/req ÷ peer CPU/req per round, median and range; "net" subtracts the workerd CPU of one ' +
      `rate-limit binding call (${ms(emulationMsPerRequest(r, "tools/list"))} ms) and, for tools/call, one D1 insert ` +
      `(${ms(emulationMsPerRequest(r, "tools/call") - emulationMsPerRequest(r, "tools/list"))} ms), measured alone by ` +
      "the probe below, which the gateway makes and the peer never does. edge-mcp's " +
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
        "p99 ms",
        "p50 range",
        "CPU ms/req (range)",
        "CPU net of emulation",
        "body",
        "p50 vs peer",
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
    ...bindingSection(r),
    ...workerdSection(r),
    ...inProcessSection(r),
    ...(r.mode === "full" ? buildSection(r) : []),
    ...r.scenarios.flatMap((s) => s.markdown),
  );
  return out.join("\n");
}
