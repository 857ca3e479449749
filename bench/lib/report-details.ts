/** The report's detail sections: in-process costs and registry growth, bundle and startup, legacy SSE. */
import { era, kb, ms, pct, table, us } from "./report-format.ts";
import type { BenchResult } from "./result.ts";
import { median, quantile } from "./stats.ts";

/** CPU per request in process, stages, profiles and registry growth. */
export function inProcessSection(r: BenchResult): string[] {
  const ip = r.inProcess;
  if (!ip) return ["## In-process measures", "", `Not available: ${r.inProcessError ?? "not run"}`, ""];
  const out: string[] = [];
  out.push("## CPU per request, in process (Node)", "");
  out.push(
    "Both Workers' real modules run in Node (same V8 as workerd, `workerd` export condition) with in-memory " +
      "bindings and the upstream answered from memory: CPU cost only, no network (µs, fastest of several " +
      "batches). Node implements Request/Response and text encoding in JS where workerd has native code, so " +
      '"runtime" weighs more here than in workerd.',
    "",
  );
  const pairs: string[][] = [];
  for (const row of ip.stages.e2e.filter((e) => e.side !== "peer")) {
    const peer = ip.stages.e2e.find((p) => p.side === "peer" && p.era === row.era && p.method === row.method);
    pairs.push([
      row.side,
      row.method,
      era(row.era),
      us(row.cost.us),
      peer ? us(peer.cost.us) : "–",
      peer ? `${(row.cost.us / peer.cost.us).toFixed(2)}×` : "",
    ]);
  }
  out.push(table(["edge-mcp URL", "method", "era", "edge-mcp µs", "peer µs", "edge-mcp / peer"], pairs), "");

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
    "Synthetic integrations through the real parseRegistry, buildTools, applyFilter and buildServer + SDK handler; " +
      `page size ${g.pageSize}. Parse and build happen once per isolate (fastest of 5); list costs are per request ` +
      `(fastest batch). Growth exponent of a full listing, 100 → 1,000: ${g.listExponent.toFixed(2)} (1 = linear); ` +
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
        "pages",
        "full list bytes",
        "filter + name map µs",
        "tag-filtered page µs",
      ],
      g.rows.map((row) => [
        String(row.endpoints),
        ms(row.parseMs),
        ms(row.buildMs),
        us(row.firstPageUs),
        us(row.fullListUs),
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
  if (r.proposed.bundle) {
    const p = r.proposed.bundle;
    rows.push([
      `${p.label}, proposed zod import`,
      p.uploadKiB.toFixed(1),
      p.gzipKiB.toFixed(1),
      "–",
      "–",
      "–",
    ]);
  }
  return [
    "## Bundle and startup",
    "",
    "Sizes from `wrangler deploy --dry-run --outdir`; startup = CPU time of the startup phase (module evaluation) " +
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
    ...(r.proposed.note ? [r.proposed.note, ""] : []),
  ];
}

/** The legacy HTTP+SSE round trip. */
export function sseSection(r: BenchResult): string[] {
  const out = ["## Legacy HTTP+SSE round trip (edge-mcp only; the peer has no such transport)", ""];
  if (r.sse.status !== "measured") {
    out.push(`${r.sse.status === "skipped" ? "Skipped" : "Failed"}: ${r.sse.note}`, "");
    return out;
  }
  out.push(
    table(
      ["measure", "p50 ms", "p90 ms", "n"],
      [
        [
          "GET → endpoint event",
          ms(median(r.sse.openMs)),
          ms(quantile(r.sse.openMs, 0.9)),
          String(r.sse.openMs.length),
        ],
        [
          "POST tools/list → message event",
          ms(median(r.sse.roundTripMs)),
          ms(quantile(r.sse.roundTripMs, 0.9)),
          String(r.sse.roundTripMs.length),
        ],
      ],
    ),
    "",
    r.sse.note,
    "",
  );
  return out;
}
