/** The report's detail sections: in-process costs and registry growth, bundle and startup. */
import { era, kb, ms, pct, table, us } from "./report-format.ts";
import type { BenchResult } from "./result.ts";
import { median } from "./stats.ts";

/** CPU per request in process, stages, profiles and registry growth. */
export function inProcessSection(r: BenchResult): string[] {
  const ip = r.inProcess;
  if (!ip) return ["## In-process measures", "", `Not available: ${r.inProcessError ?? "not run"}`, ""];
  const out: string[] = [];
  out.push("## CPU per request, in process (Node)", "");
  out.push(
    "Both Workers' real modules run in Node (same V8 as workerd, `workerd` export condition) with in-memory " +
      "bindings and the upstream answered from memory: no network, no binding emulation. Cost = CPU time of the " +
      "process (`process.cpuUsage`) per request, median of batches (range in brackets). Node implements " +
      'Request/Response and text encoding in JS where workerd has native code, so "runtime" weighs more here ' +
      "than in workerd. edge-mcp's tool calls are recorded (an activity row to a D1 stand-in), as in production.",
    "",
  );
  const e2e = ip.stages.e2e;
  const cost = (c: { us: number; minUs: number; maxUs: number }) =>
    `${us(c.us)} (${us(c.minUs)}–${us(c.maxUs)})`;
  const pairs: string[][] = [];
  for (const row of e2e.filter((e) => e.side !== "peer" && e.side !== "direct upstream")) {
    const peer = e2e.find((p) => p.side === "peer" && p.era === row.era && p.method === row.method);
    pairs.push([
      row.side,
      row.method,
      era(row.era),
      cost(row.cost),
      peer ? cost(peer.cost) : "–",
      peer ? `${(row.cost.us / peer.cost.us).toFixed(2)}×` : "",
    ]);
  }
  out.push(
    table(["edge-mcp URL", "method", "era", "edge-mcp CPU µs", "peer CPU µs", "edge-mcp / peer"], pairs),
    "",
  );
  out.push(...callPairsSection(r), "");

  out.push("### Result size of the measured tool call", "");
  out.push(
    "`list_all_missive_contacts` (50 contacts). Body = HTTP response body; result = the JSON-RPC `result`; " +
      "tokens are o200k_base (js-tiktoken) of the whole result and of its text blocks.",
    "",
    table(
      ["side", "era", "body bytes", "result bytes", "result tokens", "text tokens", "structuredContent"],
      ip.resultSizes.map((s) => [
        s.side,
        era(s.era),
        String(s.bodyBytes),
        String(s.resultBytes),
        String(s.resultTokens),
        String(s.textTokens),
        s.structured ? "yes" : "no",
      ]),
    ),
    "",
  );

  out.push("### Stages of one 2026-07-28 request (edge-mcp, in process)", "");
  const stageRows = (label: string, rows: typeof ip.stages.list) =>
    rows.map((s) => [label, s.stage, us(s.cost.us), s.note]);
  out.push(
    table(
      ["request", "stage", "µs", "what"],
      [...stageRows("tools/list (42 tools)", ip.stages.list), ...stageRows("tools/call", ip.stages.call)],
    ),
    "",
  );
  const c = ip.stages.cold;
  out.push(
    `Once per isolate: registry validation + building every tool ${ms(c.registryAndCatalogMs)} ms on the first ` +
      `request (later lookups ${c.warmCatalogUs.toFixed(2)} µs); first call of a tool ${ms(c.firstToolCallMs)} ms ` +
      `(compiles its argument validator), later ${us(c.warmToolEngineUs)} µs in the tool engine.`,
    "",
  );

  out.push("### What dominates in process (V8 CPU profile, self time)", "");
  const profRows = ip.profiles.map((p) => [
    p.label,
    Object.entries(p.byArea)
      .slice(0, 5)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join("; "),
    p.top
      .slice(0, 3)
      .map((t) => `${t.fn} ${pct(t.pct)}`)
      .join("; "),
    pct(p.zodToJsonSchemaPct),
  ]);
  out.push(table(["profile", "areas", "top functions", "zod → JSON Schema"], profRows), "");

  const g = ip.growth;
  out.push("## tools/list as the registry grows (in process)", "");
  out.push(
    "Synthetic integrations through the real parseRegistry, buildTools, toolSet and cachedToolsList (the SDK's " +
      `buildServer + handler render a page on its first request; later requests get its prepared bytes); page size ${g.pageSize}. ` +
      "Parse and build happen once per isolate (fastest of 5); list costs are per request (CPU, median of batches). " +
      `Growth exponent of a full listing as served per request (prepared bytes), 100 → 1,000: ${g.listExponent.toFixed(2)} ` +
      `(1 = linear); of the SDK's first rendering of it (once per isolate, config and page): ${g.sdkListExponent.toFixed(2)}; ` +
      `of parse + build: ${g.buildExponent.toFixed(2)}. ${g.paginationNote}.`,
    "",
  );
  out.push(
    table(
      [
        "endpoints",
        "parse ms",
        "build ms",
        "first page µs",
        "full list µs",
        "SDK first rendering µs",
        "pages",
        "full list bytes",
        "tool set lookup µs",
        "tag-filtered page µs",
      ],
      g.rows.map((row) => [
        String(row.endpoints),
        ms(row.parseMs),
        ms(row.buildMs),
        us(row.firstPageUs),
        us(row.fullListUs),
        us(row.sdkFullListUs),
        String(row.pages),
        kb(row.fullListBytes),
        us(row.filterAndMapUs),
        us(row.filteredFirstPageUs),
      ]),
    ),
    "",
  );
  return out;
}

/** Gateway overhead per tool call and activity recording on vs off (bench/inproc/call-pairs.ts). */
function callPairsSection(r: BenchResult): string[] {
  const pairs = r.inProcess?.callPairs;
  if (!pairs) return [];
  const x = (v: number) => `${v.toFixed(2)}×`;
  return [
    "### Gateway overhead per tool call, and activity recording on vs off",
    "",
    "Interleaved rounds, two operations back to back per round (order alternating): on this shared machine the " +
      "CPU time of the same work moves by up to 3× with the load of the moment, and that noise only adds, so each " +
      "side's figure is its cheapest batch and the range is over per-round comparisons. Overhead = edge-mcp " +
      "`tools/call` (recorded) − the same upstream `fetch` + body read made directly. Activity on = the call with " +
      "an `ExecutionContext` (row built, insert handed to `waitUntil` and counted); off = without one (nothing " +
      "recorded). The D1 insert's own cost under `wrangler dev` is the probe's emulated − bare, in the section on binding emulation per request.",
    "",
    table(
      ["era", "edge-mcp µs", "direct upstream µs", "overhead µs", "per-round overhead µs", "rounds"],
      pairs.overhead.map((o) => [
        era(o.era),
        us(o.gatewayUs),
        us(o.directUs),
        us(o.overheadUs),
        `${us(o.medianUs)} (${us(o.rangeUs[0])}–${us(o.rangeUs[1])})`,
        String(o.rounds),
      ]),
    ),
    "",
    table(
      ["era", "recording on µs", "off µs", "on / off", "per-round on / off", "rows per call"],
      pairs.activity.map((a) => [
        era(a.era),
        us(a.onUs),
        us(a.offUs),
        x(a.ratio),
        `${x(a.medianRatio)} (${x(a.ratioRange[0])}–${x(a.ratioRange[1])})`,
        a.rowsPerCall.toFixed(2),
      ]),
    ),
  ];
}

/** Bundle sizes and startup CPU. */
export function buildSection(r: BenchResult): string[] {
  const rows = r.bundles.map((b) => {
    const runs = r.startup[b.label] ?? [];
    const active = runs.map((s) => s.activeMs);
    const preload = runs.map((s) => s.sdkPreloadPct).filter(Number.isFinite);
    const ready = r.readyMs[b.label];
    return [
      b.label,
      b.uploadKiB.toFixed(1),
      b.gzipKiB.toFixed(1),
      active.length ? `${ms(median(active))} (${ms(Math.min(...active))}–${ms(Math.max(...active))})` : "–",
      preload.length ? pct(median(preload)) : "–",
      ready !== undefined ? (ready / 1000).toFixed(1) : "–",
    ];
  });
  return [
    "## Bundle and startup",
    "",
    "Sizes from `wrangler deploy --dry-run --outdir` (edge-mcp: `--env production`, the minified build that ships; the peer as configured); startup = CPU time of the startup phase (module evaluation) " +
      "reported by `wrangler check startup` in a local workerd, median and range of runs; `wrangler dev` ready = " +
      "bundle + start + first `/health` answer, all Workers starting in parallel (wall time).",
    "",
    table(
      [
        "worker",
        "upload KiB",
        "gzip KiB",
        "startup CPU ms",
        "of which SDK schema preload",
        "wrangler dev ready s",
      ],
      rows,
    ),
    "",
  ];
}
