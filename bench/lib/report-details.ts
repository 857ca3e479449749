/** The report's detail sections: the in-process measures and registry growth, and bundle sizes. */
import { era, kb, ms, pct, profileCells, table, us } from "./report-format.ts";
import type { BenchResult } from "./result.ts";

/** CPU per request in process, overhead per call, result sizes, profiles and registry growth. */
export function inProcessSection(r: BenchResult): string[] {
  const ip = r.inProcess;
  if (!ip) return ["## In-process measures", "", `Not available: ${r.inProcessError ?? "not run"}`, ""];
  const cost = (c: { us: number; minUs: number; maxUs: number }) =>
    `${us(c.us)} (${us(c.minUs)}–${us(c.maxUs)})`;
  const pairs = ip.e2e
    .filter((e) => e.side !== "peer")
    .map((row) => {
      const peer = ip.e2e.find((p) => p.side === "peer" && p.era === row.era && p.method === row.method);
      const vs = peer ? `${(row.cost.us / peer.cost.us).toFixed(2)}×` : "";
      return [row.side, row.method, era(row.era), cost(row.cost), peer ? cost(peer.cost) : "–", vs];
    });
  const profiles = ip.profiles.map((p) => [p.label, ...profileCells(p, 5), pct(p.zodToJsonSchemaPct)]);
  const g = ip.growth;
  return [
    "## CPU per request, in process (Node)",
    "",
    "Both Workers' real modules in Node with in-memory bindings and the upstream answered from memory: no " +
      "network, no binding emulation. `process.cpuUsage` per request, median of batches (range). edge-mcp's " +
      "tool calls are recorded (an activity row to a D1 stand-in), as in production.",
    "",
    table(["edge-mcp URL", "method", "era", "edge-mcp CPU µs", "peer CPU µs", "edge-mcp / peer"], pairs),
    "",
    "### Gateway overhead per tool call",
    "",
    "edge-mcp `tools/call` (recorded) − the same upstream `fetch` + body read made directly; cheapest batch of " +
      "each side over interleaved rounds, per-round differences as the range.",
    "",
    table(
      ["era", "edge-mcp µs", "direct upstream µs", "overhead µs", "per-round overhead µs", "rounds"],
      ip.overhead.map((o) => [
        era(o.era),
        us(o.gatewayUs),
        us(o.directUs),
        us(o.overheadUs),
        `${us(o.medianUs)} (${us(o.rangeUs[0])}–${us(o.rangeUs[1])})`,
        String(o.rounds),
      ]),
    ),
    "",
    "### Result size of the measured tool call",
    "",
    "`list_all_missive_contacts` (50 contacts); tokens are o200k_base (js-tiktoken).",
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
    `Once per isolate and integration version: reading the snapshot + building every tool ${ms(ip.cold.snapshotAndCatalogMs)} ms on the ` +
      `first request, later lookups ${ip.cold.warmCatalogUs.toFixed(2)} µs.`,
    "",
    "### What dominates in process (V8 CPU profile, self time)",
    "",
    table(["profile", "areas", "top functions", "zod → JSON Schema"], profiles),
    "",
    "## tools/list as the registry grows (in process)",
    "",
    `Synthetic integrations through the real parseRegistry, buildTools, toolSet and cachedToolsList; page size ${g.pageSize}. ` +
      "Parse and build once per isolate (fastest of 5); list costs per request (CPU, median of batches). Growth " +
      `exponent 100 → 1,000 of a full listing as served (prepared bytes): ${g.listExponent.toFixed(2)} (1 = linear); ` +
      `of the SDK's first rendering: ${g.sdkListExponent.toFixed(2)}; of parse + build: ${g.buildExponent.toFixed(2)}. ` +
      `${g.paginationNote}.`,
    "",
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
      ]),
    ),
    "",
  ];
}

/** Bundle sizes and how long each `wrangler dev` took to answer. */
export function buildSection(r: BenchResult): string[] {
  const rows = r.bundles.map((b) => {
    const ready = r.readyMs[b.label];
    return [
      b.label,
      b.uploadKiB.toFixed(1),
      b.gzipKiB.toFixed(1),
      ready !== undefined ? (ready / 1000).toFixed(1) : "–",
    ];
  });
  return [
    "## Bundle",
    "",
    "`wrangler deploy --dry-run --outdir` (edge-mcp: `--env production`, the minified build that ships); " +
      "`wrangler dev` ready = bundle + start + first `/health` answer, all Workers starting in parallel.",
    "",
    table(["worker", "upload KiB", "gzip KiB", "wrangler dev ready s"], rows),
    "",
    ...startupLines(r),
  ];
}

/** Startup CPU runs of the gateway and of the pre-integrations baseline. */
function startupLines(r: BenchResult): string[] {
  const s = r.startup;
  if (!s) return [];
  const side = (x: { label: string; activeMs: number[]; gcMs: number[]; failed: number }) => [
    x.label,
    x.activeMs.map((v) => v.toFixed(1)).join(", "),
    x.gcMs.map((v) => v.toFixed(1)).join(", "),
    String(x.failed),
  ];
  return [
    `Startup CPU (\`wrangler check startup\`, production builds, interleaved): ratio of medians ` +
      `${s.ratio === null ? "–" : `${s.ratio.toFixed(2)}×`}. Nothing published is in the bundle or read at startup.`,
    "",
    table(["worker", "active ms per run", "of which GC ms", "failed"], [side(s.current), side(s.baseline)]),
    "",
  ];
}
