/**
 * `npm run bench:emulation-check` (≈ 4 min): is "net of emulation" honest? The budgets judge the
 * gateway's figures minus the binding emulation the probe measures (bench/lib/emulation.ts). This
 * check measures the same emulation a second way, in the same rounds: a second gateway built from a
 * copy of the sources with its binding calls taken out (the limiter call admits at once, the
 * activity row is built but not inserted), everything else unchanged. Per round, gateway − control
 * is what the bindings cost the gateway; the probe's emulated − bare should match it. A probe that
 * measured less would make the net figures flatter us. Writes bench/results/emulation-check.md.
 *
 * The control is never a budget side: the measured gateway keeps every binding in its path.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/dev-stack.ts";
import { type CellPlan, measureCell, type Participant } from "./lib/cells.ts";
import { cpuRounds, emulationRounds, peerRatio, perRoundDiff } from "./lib/emulation.ts";
import { mcpSide, probeInstances, probeParticipants, upstreamUrl } from "./lib/load-matrix.ts";
import { table } from "./lib/report-format.ts";
import { CONTROL, PROBE_BARE, PROBE_EMULATED } from "./lib/sides.ts";
import { CONTROL_PATCHES, patchedSnapshot, snapshotSources } from "./lib/snapshot.ts";
import { type GatewayStack, measuredCall, startBenchStack } from "./lib/stack.ts";
import { type Spread, spread } from "./lib/stats.ts";

const PLAN: CellPlan = { rounds: 10, sliceMs: 600, minRequests: 30 };
const t0 = Date.now();
const log = (line: string) =>
  process.stderr.write(`[emulation-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);

const x = (s: Spread | null) =>
  s ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : "–";

async function main(): Promise<void> {
  log("stacks: the measured gateway (with simulator, peer, probe) and the control (with simulator)");
  const tmp = mkdtempSync(join(tmpdir(), "edge-mcp-emulation-check-"));
  const stacks: GatewayStack[] = [];
  const rows: string[][] = [];
  try {
    snapshotSources(join(tmp, "measured"));
    patchedSnapshot(join(tmp, "control"), CONTROL_PATCHES);
    const main = await startBenchStack(join(tmp, "measured"), join(tmp, "state-measured"), [
      "peer",
      "probes",
    ]);
    stacks.push(main);
    const control = await startBenchStack(join(tmp, "control"), join(tmp, "state-control"), []);
    stacks.push(control);
    const call = measuredCall(main);
    for (const era of ["2026", "2025"] as const) {
      const participants: Participant[] = [
        mcpSide("edge-mcp", main.gatewayMcpUrls, main.gateway.worker.child.pid, era, "tools/call", call),
        mcpSide(CONTROL, control.gatewayMcpUrls, control.gateway.worker.child.pid, era, "tools/call", call),
        mcpSide("peer", main.peerMcpUrl, main.peer.worker.child.pid, era, "tools/call", call),
        ...probeParticipants(probeInstances(main), "tools/call", upstreamUrl(main)),
      ];
      for (const c of [1, 8]) {
        const cell = await measureCell("tools/call", era, c, participants, PLAN);
        // Both estimates from the same window: the paired pass (every side has its own process).
        const [gateway = [], controlCpu = []] = cpuRounds(cell, [
          "edge-mcp",
          CONTROL,
          PROBE_EMULATED,
          PROBE_BARE,
        ]);
        const byProbe = emulationRounds(cell, "cpu", true);
        const row = [
          era === "2026" ? "2026-07-28" : "2025-era",
          String(c),
          x(byProbe ? spread(byProbe) : null),
          x(spread(perRoundDiff(gateway, controlCpu))),
          x(peerRatio(cell, "edge-mcp", "cpu", false)),
          x(peerRatio(cell, "edge-mcp", "cpu", true)),
          x(peerRatio(cell, CONTROL, "cpu", false)),
          x(peerRatio(cell, "edge-mcp", "p50", true)),
          x(peerRatio(cell, CONTROL, "p50", false)),
        ];
        log(`tools/call ${row[0]} c=${c}: emulation CPU ms by probe ${row[2]}, by control ${row[3]}`);
        rows.push(row);
      }
    }
  } finally {
    await Promise.all(stacks.map((s) => s.stop()));
    rmSync(tmp, { recursive: true, force: true });
  }
  const md = [
    "# Binding emulation: the probe against a control",
    "",
    `Run ${new Date(t0).toISOString()}, ${PLAN.rounds} rounds per cell, \`npm run bench:emulation-check\` (bench/emulation-check.ts). ` +
      "tools/call `list_all_missive_contacts`. Emulation CPU per request (ms, median and range over rounds): " +
      "by the probe = its emulated − bare side (what the budgets subtract); by the control = edge-mcp − a copy " +
      "of edge-mcp without its binding calls, same rounds. Ratios are ÷ the peer, per round.",
    "",
    table(
      [
        "era",
        "conc.",
        "emulation CPU, probe",
        "emulation CPU, control",
        "edge-mcp CPU / peer, as run",
        "edge-mcp CPU / peer, net (probe)",
        "control CPU / peer",
        "edge-mcp p50 / peer, net (probe)",
        "control p50 / peer",
      ],
      rows,
    ),
    "",
  ];
  writeFileSync(join(ROOT, "bench", "results", "emulation-check.md"), md.join("\n"));
  process.stdout.write(md.join("\n"));
}

await main();
