/** The report's binding sections: emulation per gateway request (probe sides), and the per-operation probe. */
import { cpuRounds, emulationSpread, p50Rounds } from "./emulation.ts";
import { era, ms, table } from "./report-format.ts";
import type { BenchResult, Cell } from "./result.ts";
import { PROBE_BARE, PROBE_EMULATED } from "./sides.ts";
import { median, quantile, type Spread } from "./stats.ts";

const range = (v: Spread | null) => (v ? `${ms(v.median)} (${ms(v.min)}–${ms(v.max)})` : "–");

function emulationRows(cells: readonly Cell[]): string[][] {
  const rows: string[][] = [];
  for (const cell of cells) {
    if (!cell.sides.some((s) => s.side === PROBE_BARE) || !cell.sides.some((s) => s.side === PROBE_EMULATED))
      continue;
    // Where the emulation column's CPU comes from (the paired pass, or the solo slices of older results).
    const [emulatedCpu = [], bareCpu = []] = cpuRounds(cell, [PROBE_EMULATED, PROBE_BARE]);
    rows.push([
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
    ]);
  }
  return rows;
}

/** Emulation per gateway request, measured from outside by the probe's sides in the load cells. */
export function emulationSection(r: BenchResult): string[] {
  const rows = emulationRows(r.cells);
  if (rows.length === 0) return [];
  return [
    '## Binding emulation per request (what "net of emulation" subtracts)',
    "",
    "Under `wrangler dev` miniflare emulates the per-URL rate limiter and D1 inside the gateway's own workerd " +
      "process; in production they are Cloudflare services. The probe Worker (bench/probe) takes part in every " +
      "tools/call and tools/list cell, in the same rounds as the other sides, with two sides measured from " +
      "outside like them: `/bare` answers a small JSON with no binding; `/emulated` first does what one gateway " +
      "request of that method does with bindings (tools/call: awaits one limiter call, hands one D1 insert of a " +
      "26-column `tool_calls`-shaped row to `ctx.waitUntil`; tools/list: awaits one limiter call), then answers " +
      "the same. In tools/call cells both sides also make the tool call's upstream round trip, so their requests " +
      "have the gateway's shape; it cancels out of the difference. Per round, emulation wall = p50(emulated) − p50(bare) and emulation CPU = CPU/req(emulated) − " +
      "CPU/req(bare), each side served by its own probe instance (its own workerd); edge-mcp's figure net of " +
      "emulation = its figure − the same round's emulation, and its ratio net = that ÷ the same round's peer " +
      "figure (median and range over rounds). Every figure of a ratio comes from where the as-run ratio's do: " +
      "the paired pass in which edge-mcp, the peer and the probe's sides take turns (concurrency 1: alternating " +
      "requests, the emulated side right after edge-mcp, so each side's insert after the response overlaps a " +
      "request to another process, as the gateway's does; above: short turns of each side's closed loop), p50s " +
      "per side and CPU per request of each process over the same window; this table's columns come from " +
      'that pass too. The "net of emulation" ms columns above come from the solo slices, like the columns ' +
      "beside them, and so does the emulation a tools/list CPU ratio subtracts (its gateway side shares " +
      "a process with the six-tool URL, so its CPU ratio is taken from the solo slices throughout). " +
      "Measured per request rather than per operation in a loop, it includes what a gateway request pays around " +
      "the binding calls: a request context, `waitUntil`, and the insert after the response competing with the " +
      "next request in the same workerd. The gateway's requests are not changed: the limiter is still awaited " +
      "before the upstream request and every tool call is still recorded. Token and account records come from " +
      "the isolate's caches in steady state, so their occasional KV reads are not subtracted.",
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
      rows,
    ),
    "",
  ];
}

/** The per-operation probe: wall time of each binding operation inside one probe request. */
export function bindingSection(r: BenchResult): string[] {
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
    "## Bindings the gateway calls, one operation at a time",
    "",
    "Timed inside workerd by the probe Worker, each operation n times in a loop within one request: wall time " +
      "per operation (workerd's clock ticks in whole ms, so medians of coarse samples) and the probe's workerd " +
      "CPU per operation (/proc). In a loop the per-request costs around a binding call (request context, " +
      "`waitUntil`, an insert competing with the next request) are spread thin or absent, so the CPU column is " +
      "a lower bound; the per-request figures above are what is subtracted. The peer calls none of them: it has " +
      "no auth, no per-URL limit, no call records, and its upstream token is a var.",
    "",
    table(
      ["operation", "p50 ms", "p90 ms", "workerd CPU ms / op, in a loop", "called by edge-mcp"],
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
    ...(health
      ? [
          `Routing baseline (\`GET /health\`, no MCP, no binding): edge-mcp / peer = ${health.median.toFixed(2)}× ` +
            "(the gateway's router and its CORS step; no static-assets router in front since the dashboard moved into the bundle).",
          "",
        ]
      : []),
  ];
}
