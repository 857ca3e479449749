/**
 * The load matrix: which sides take part in which cell (edge-mcp's URL pools, the peer, the direct
 * upstream, the binding probe's bare and emulated sides), with the workerd processes each side's CPU
 * is read from.
 */
import { type CellPlan, measureCell, type Participant } from "./cells.ts";
import { emulationSpread, peerRatio } from "./emulation.ts";
import type { Shot } from "./load.ts";
import {
  directShot,
  type Era,
  IDENTITY_ENCODING,
  type McpMethod,
  mcpPost,
  mcpShot,
  type ToolCall,
} from "./mcp-requests.ts";
import { workerdPids } from "./proc-cpu.ts";
import type { Cell } from "./result.ts";
import { GATEWAY_SIDES, PROBE_BARE, PROBE_EMULATED, type Side } from "./sides.ts";
import { type BenchStack, type GatewayStack, type ProbePart, SIMULATOR_TOKEN } from "./stack.ts";

/**
 * A GET to the probe Worker, checked for a 200 and no failed activity insert so far (a failing insert
 * would be cheaper than the gateway's and understate the emulation).
 */
function probeShot(url: string, headers: Record<string, string>): Shot {
  return async () => {
    const res = await fetch(url, { headers: { ...headers, ...IDENTITY_ENCODING } });
    const text = await res.text();
    if (!res.ok) return `HTTP ${res.status}: ${text.slice(0, 200)}`;
    return text.includes('"failedInserts":0') ? null : `probe D1 inserts failed: ${text.slice(0, 200)}`;
  };
}

/**
 * An MCP side of a cell: POSTs of the measured request to `urls` (a pool used in turn), CPU from the
 * workerd processes under `pid`, paired with the peer; `bytes` is the body size reported for it.
 */
export function mcpSide(
  side: Side,
  urls: string | readonly string[],
  pid: number | undefined,
  era: Era,
  method: McpMethod,
  call: ToolCall,
  bytes = 0,
): Participant {
  return { side, shot: mcpShot(urls, era, method, call), bytes, paired: true, pids: workerdPids(pid) };
}

/** A running probe instance: its URL and the workerd processes its CPU is read from. */
export interface ProbeInstance {
  url: string;
  pids: readonly number[];
}

/** The stack's two probe instances: the emulating one and the bare one, each its own workerd. */
export function probeInstances(stack: ProbePart): { emulated: ProbeInstance; bare: ProbeInstance } {
  return {
    emulated: { url: stack.probe.worker.url, pids: workerdPids(stack.probe.worker.child.pid) },
    bare: { url: stack.probeBare.worker.url, pids: workerdPids(stack.probeBare.worker.child.pid) },
  };
}

/**
 * The probe's two sides for a cell of `method`: its routing baseline, and the same plus the binding
 * work one gateway request of that method emulates (limiter; and the activity insert for a tool call).
 * Each side is served by its own probe instance, so its CPU is its own process's, also in the
 * cell's paired pass, where the sides take turns.
 */
export function probeParticipants(
  probes: { emulated: ProbeInstance; bare: ProbeInstance },
  method: McpMethod,
  upstream: string,
) {
  const call = method === "tools/call";
  // A tool call's probe requests make the same upstream round trip as the gateway's, on both sides.
  const trip = call ? `upstream=${encodeURIComponent(upstream)}` : "";
  const headers: Record<string, string> = call ? { authorization: `Bearer ${SIMULATOR_TOKEN}` } : {};
  // Emulated first: in the paired pass it follows edge-mcp (cells.ts alternatingOrder).
  const sides: { side: Side; url: string; pids: readonly number[] }[] = [
    {
      side: PROBE_EMULATED,
      url: `${probes.emulated.url}/emulated?shape=${call ? "call" : "list"}&${trip}`,
      pids: probes.emulated.pids,
    },
    { side: PROBE_BARE, url: `${probes.bare.url}/bare?${trip}`, pids: probes.bare.pids },
  ];
  return sides.map(
    (p): Participant => ({
      side: p.side,
      shot: probeShot(p.url, headers),
      bytes: 0,
      paired: false,
      alternates: true,
      pids: p.pids,
    }),
  );
}

/** One progress line for a measured cell: p50 per side, and edge-mcp / peer as run and net of emulation. */
function cellLine(cell: Cell): string {
  const p50 = cell.sides.map((s) => `${s.side} ${s.p50.median.toFixed(1)}`).join(", ");
  const x = (v: { median: number } | null) => (v ? `${v.median.toFixed(2)}×` : "–");
  const ratio = GATEWAY_SIDES.filter((side) => cell.pairedRatio[side])
    .map(
      (side) =>
        `${side} ${x(peerRatio(cell, side, "p50", false))} (net ${x(peerRatio(cell, side, "p50", true))})`,
    )
    .join(", ");
  const wall = emulationSpread(cell, "p50");
  const cpu = emulationSpread(cell, "cpu");
  const era = cell.era === "2026" ? "2026-07-28" : "2025-era";
  return (
    `load: ${cell.method} ${era} c=${cell.concurrency}: p50 ms ${p50}; vs peer ${ratio}` +
    (wall ? `; emulation ${wall.median.toFixed(2)} ms wall, ${cpu ? cpu.median.toFixed(2) : "–"} ms CPU` : "")
  );
}

async function bodyBytes(url: string, era: Era, method: "tools/list" | "tools/call", call: ToolCall) {
  const post = mcpPost(era, method, call);
  return new TextEncoder().encode(
    await (await fetch(url, { method: "POST", headers: post.headers, body: post.body })).text(),
  ).length;
}

/** The upstream request behind the measured tool call, sent straight to the simulator. */
export function upstreamUrl(stack: GatewayStack): string {
  return `${stack.simulator.worker.url}/v1/contacts?contact_book=${stack.contactBook}&limit=50`;
}

/**
 * Runs every load cell: the `/health` baseline (unless `quick`), then tools/call and tools/list per
 * era and concurrency.
 */
export async function measureLoad(
  stack: BenchStack,
  call: ToolCall,
  plan: CellPlan,
  concurrency: readonly number[],
  log: (line: string) => void,
  quick = false,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const { gateway, peer, simulator } = stack;
  const health = (side: Side, started: typeof gateway): Participant => ({
    side,
    shot: async () => {
      const res = await fetch(`${started.worker.url}/health`, { headers: IDENTITY_ENCODING });
      await res.text();
      return res.ok ? null : `HTTP ${res.status}`;
    },
    bytes: 0,
    paired: true,
    pids: workerdPids(started.worker.child.pid),
  });
  if (!quick) {
    log("load: GET /health at concurrency 1 (routing baseline, no MCP)");
    cells.push(
      await measureCell("GET /health", "2026", 1, [health("edge-mcp", gateway), health("peer", peer)], plan),
    );
  }
  const probes = probeInstances(stack);
  const upstream = upstreamUrl(stack);
  const auth = { headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` } };
  const upstreamBytes = new TextEncoder().encode(await (await fetch(upstream, auth)).text()).length;
  for (const method of ["tools/call", "tools/list"] as const) {
    for (const era of ["2026", "2025"] as const) {
      const side = async (name: Side, urls: readonly string[], pid: number | undefined) =>
        mcpSide(name, urls, pid, era, method, call, await bodyBytes(urls[0] as string, era, method, call));
      const participants: Participant[] = [
        await side("edge-mcp", stack.gatewayMcpUrls, gateway.worker.child.pid),
      ];
      if (method === "tools/list")
        participants.push(
          await side("edge-mcp (6 tools)", stack.gatewaySixToolUrls, gateway.worker.child.pid),
        );
      participants.push(await side("peer", [stack.peerMcpUrl], peer.worker.child.pid));
      if (method === "tools/call") {
        participants.push({
          side: "direct upstream",
          shot: directShot(upstream, SIMULATOR_TOKEN),
          bytes: upstreamBytes,
          paired: false,
          pids: workerdPids(simulator.worker.child.pid),
        });
      }
      participants.push(...probeParticipants(probes, method, upstream));
      for (const c of concurrency) {
        const cell = await measureCell(method, era, c, participants, plan);
        log(cellLine(cell));
        cells.push(cell);
      }
    }
  }
  return cells;
}
