/** Renders a {@link BenchResult} as the Markdown of `bench/results/latest.md` (also printed). */
import { NOISE_MARGIN } from "./budgets.ts";
import { buildSection, inProcessSection, sseSection } from "./report-details.ts";
import { era, kb, ms, pct, table } from "./report-format.ts";
import type { BenchResult, Cell, CellSide } from "./result.ts";
import { median, quantile } from "./stats.ts";

function latencyRows(cells: Cell[]): string[][] {
  const rows: string[][] = [];
  for (const cell of cells) {
    for (const s of cell.sides) {
      const ratio = cell.pairedRatio[s.side];
      rows.push([
        cell.method,
        cell.method === "GET /health" ? "–" : era(cell.era),
        String(cell.concurrency),
        s.side,
        s.throughput.median.toFixed(0),
        ms(s.p50.median),
        ms(s.p99),
        `${ms(s.p50.min)}–${ms(s.p50.max)}`,
        s.cpuMsPerRequest ? ms(s.cpuMsPerRequest.median) : "–",
        s.bytes ? kb(s.bytes) : "–",
        ratio ? `${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})` : "",
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
  const kv = median(w.kvGetHit);
  const rl = median(w.rateLimit);
  const cpu = (op: keyof typeof w) => (b.cpuMs[op] === undefined ? "–" : ms(b.cpuMs[op] as number));
  const health = r.cells.find((c) => c.method === "GET /health")?.pairedRatio["edge-mcp"];
  const row = (label: string, op: keyof typeof w, who: string) => [
    label,
    ms(median(w[op])),
    ms(quantile(w[op], 0.9)),
    cpu(op),
    who,
  ];
  const cpuCall = (b.cpuMs.kvGetHit ?? 0) * 2 + (b.cpuMs.rateLimit ?? 0);
  const cpuList = (b.cpuMs.kvGetHit ?? 0) + (b.cpuMs.rateLimit ?? 0);
  return [
    "## Where edge-mcp's extra time goes in `wrangler dev`",
    "",
    "Bindings the gateway awaits per request, timed inside workerd by a probe Worker (bench/probe) with the " +
      "same binding types: wall time per operation (workerd's clock ticks in whole ms, so medians of coarse " +
      "samples) and the probe's workerd CPU per operation (/proc; the local emulation of KV and the limiter runs " +
      "in that process). The peer awaits none of them: it has no auth, no per-URL limit, and its upstream token " +
      "is a var.",
    "",
    table(
      ["operation", "p50 ms", "p90 ms", "workerd CPU ms / op", "awaited by edge-mcp"],
      [
        row("KV get, hit", "kvGetHit", "every request (URL token → record); tools/call again (account)"),
        row("KV get, miss", "kvGetMiss", "unknown URL tokens"),
        row("rate-limit binding", "rateLimit", "every request, after the token lookup"),
        row("upstream fetch from a Worker", "upstreamFetch", "tools/call (the peer too)"),
      ],
    ),
    "",
    `Awaited in series before any MCP work: tools/list ≈ ${ms(kv + rl)} ms wall and ${ms(cpuList)} ms workerd CPU ` +
      `(KV + limiter); tools/call ≈ ${ms(2 * kv + rl)} ms wall and ${ms(cpuCall)} ms CPU (KV + limiter + KV for ` +
      "the account), on top of what the peer pays." +
      (health
        ? ` Routing baseline (\`GET /health\`, no MCP, no binding): edge-mcp / peer = ${health.median.toFixed(2)}× ` +
          "(the gateway's `[assets]` with `run_worker_first` and its router sit in front of every request)."
        : ""),
    "",
  ];
}

function whatIfSection(r: BenchResult): string[] {
  const rows: string[][] = [];
  for (const cell of r.cells.filter((c) => c.method !== "GET /health")) {
    const list = cell.method === "tools/list";
    const gw = cell.pairedRatio[list ? "edge-mcp (6 tools)" : "edge-mcp"];
    const wi = cell.pairedRatio[list ? "what-if (6 tools)" : "what-if"];
    if (!gw || !wi) continue;
    const cpu = (side: string) =>
      cell.sides.find((s) => s.side === side)?.cpuMsPerRequest?.median ?? Number.NaN;
    rows.push([
      cell.method + (list ? " (6 tools)" : ""),
      era(cell.era),
      String(cell.concurrency),
      `${gw.median.toFixed(2)}×`,
      `${wi.median.toFixed(2)}×`,
      `${ms(cpu(list ? "edge-mcp (6 tools)" : "edge-mcp"))} / ${ms(cpu(list ? "what-if (6 tools)" : "what-if"))} / ${ms(cpu("peer"))}`,
    ]);
  }
  if (rows.length === 0) return [];
  return [
    "## What the proposed change is worth (what-if gateway)",
    "",
    "The same gateway build behind a bench-only entry (bench/lib/whatif.ts) that serves URL-token and account " +
      "records from isolate memory for 10 s after the first KV read and answers the rate limiter at once — a " +
      "model of the change proposed for worker/ (cache both records per isolate; take the limiter off the " +
      "critical path). p50 ratios to the peer, paired per round like the budget rows; workerd CPU per request.",
    "",
    table(
      [
        "request",
        "era",
        "conc.",
        "edge-mcp / peer",
        "what-if / peer",
        "CPU ms/req edge-mcp / what-if / peer",
      ],
      rows,
    ),
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
      `adjacent solo slices), median and range over rounds (budget: ≤ ${(1 + NOISE_MARGIN).toFixed(2)}). edge-mcp's ` +
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
        "CPU ms/req",
        "body",
        "vs peer",
      ],
      latencyRows(r.cells),
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
    ...whatIfSection(r),
    ...workerdSection(r),
    ...inProcessSection(r),
    ...buildSection(r),
    ...sseSection(r),
  );
  return out.join("\n");
}
