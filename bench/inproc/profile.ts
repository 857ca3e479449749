/**
 * V8 CPU profiles of in-process requests (node:inspector), aggregated into what a reader needs:
 * self time by area (gateway modules, MCP SDK, zod, JSON Schema validation, runtime, GC), the top
 * functions, and the inclusive time of named functions (to prove per-isolate work never runs per request).
 */
import { Session } from "node:inspector/promises";

/** A V8 call frame (0-based line and column). */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

/** Maps a frame to the source file it belongs to (default: its script URL). */
export type Locate = (frame: CallFrame) => string;

const byUrl: Locate = (frame) => frame.url;
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
/** The subset of a V8 `Profiler.Profile` used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Profiles `run` with a fine sampling interval. */
export async function profile(run: () => Promise<void>, intervalUs = 50): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
    await session.post("Profiler.start");
    await run();
    const { profile: p } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    return p;
  } finally {
    session.disconnect();
  }
}

/**
 * Which part of the stack a frame belongs to, given the file it is in. Null for idle time and for
 * `(program)` (native time V8 cannot attribute; inside workerd it also covers waiting on I/O), so
 * percentages are of JS + GC time.
 */
export function area(frame: CallFrame, file = frame.url): string | null {
  const { functionName } = frame;
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(root)") return null;
  if (functionName === "(garbage collector)") return "GC";
  const path = `/${file}`;
  if (path.includes("/node_modules/@modelcontextprotocol/")) {
    return path.includes("cfWorkerProvider") ? "JSON Schema validation (cfworker, in SDK)" : "MCP SDK";
  }
  if (path.includes("/node_modules/zod/")) return "zod";
  if (path.includes("/node_modules/")) return "other packages";
  if (path.includes("/bench/inproc/") || path.includes("/bench/lib/")) return "bench harness (fakes)";
  if (path.includes("/bench/peer/") || /\/worker\.ts$/.test(path)) return "peer: worker.ts";
  const m = path.match(/\/(worker\/[a-z-]+|docs-registry|durable-objects)[/.]/);
  if (m?.[1]) return `gateway: ${m[1]}`;
  if (file === "" || file.startsWith("node:") || file.startsWith("cloudflare-internal:")) {
    return "runtime (Request/Response, streams, crypto, JSON)";
  }
  return "other";
}

interface Indexed {
  byId: Map<number, ProfileNode>;
  parent: Map<number, number>;
}

function index(p: CpuProfile): Indexed {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { byId, parent };
}

function eachSample(p: CpuProfile, visit: (node: ProfileNode, deltaUs: number) => void, ix: Indexed): void {
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = ix.byId.get(samples[i] as number);
    // A sample's delta is the time until the next one: attribute it to the sampled node.
    if (node) visit(node, deltas[i + 1] ?? 0);
  }
}

/** Self time per area, in percent of JS + GC sampled time. */
export function selfByArea(p: CpuProfile, locate: Locate = byUrl): Record<string, number> {
  const ix = index(p);
  const totals = new Map<string, number>();
  let all = 0;
  eachSample(
    p,
    (node, dt) => {
      const a = area(node.callFrame, locate(node.callFrame));
      if (a === null) return;
      totals.set(a, (totals.get(a) ?? 0) + dt);
      all += dt;
    },
    ix,
  );
  return Object.fromEntries(
    [...totals.entries()].sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, all ? (100 * v) / all : 0]),
  );
}

/** The functions with the most self time: `name (file:line)` and percent. */
export function topFunctions(
  p: CpuProfile,
  count = 10,
  locate: Locate = byUrl,
): Array<{ fn: string; pct: number }> {
  const ix = index(p);
  const totals = new Map<string, number>();
  let all = 0;
  eachSample(
    p,
    (node, dt) => {
      if (area(node.callFrame) === null) return;
      const f = node.callFrame;
      const file = shortPath(locate(f));
      const line = f.url === locate(f) ? `:${f.lineNumber + 1}` : "";
      const key = `${f.functionName || "(anonymous)"} ${file ? `(${file}${line})` : ""}`.trim();
      totals.set(key, (totals.get(key) ?? 0) + dt);
      all += dt;
    },
    ix,
  );
  return [...totals.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, count)
    .map(([fn, v]) => ({ fn, pct: all ? (100 * v) / all : 0 }));
}

function shortPath(file: string): string {
  return file
    .replace(/^.*\/node_modules\//, "")
    .replace(/^file:\/\/.*?\/(worker|docs-registry|durable-objects|bench)\//, "$1/")
    .replace(/^(\.\.\/)+/, "");
}

/** Non-idle sampled time in microseconds: JS and GC, and `(program)` (native code, unattributed). */
export function sampledTime(p: CpuProfile): { jsAndGcUs: number; programUs: number } {
  const ix = index(p);
  let jsAndGcUs = 0;
  let programUs = 0;
  eachSample(
    p,
    (node, dt) => {
      const name = node.callFrame.functionName;
      if (name === "(idle)") return;
      if (name === "(program)" || name === "(root)") programUs += dt;
      else jsAndGcUs += dt;
    },
    ix,
  );
  return { jsAndGcUs, programUs };
}

/**
 * Functions whose work depends on the integration version, not the request (seed validation, reading a
 * stored snapshot, building tools): 0% of steady-state CPU when catalogs are built once per isolate.
 */
export const REGISTRY_WORK = ["parseRegistry", "readSnapshot", "validateContent", "buildTools", "buildTool"];

/** Percent of JS + GC sampled time spent inside (inclusive) any function with one of these names. */
export function inclusivePct(p: CpuProfile, names: readonly string[]): number {
  const wanted = new Set(names);
  const ix = index(p);
  let inside = 0;
  let all = 0;
  eachSample(
    p,
    (node, dt) => {
      if (area(node.callFrame) === null) return;
      all += dt;
      for (let id: number | undefined = node.id; id !== undefined; id = ix.parent.get(id)) {
        if (wanted.has(ix.byId.get(id)?.callFrame.functionName ?? "")) {
          inside += dt;
          return;
        }
      }
    },
    ix,
  );
  return all ? (100 * inside) / all : 0;
}
