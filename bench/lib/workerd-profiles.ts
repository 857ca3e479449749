/**
 * CPU profiles of the Workers inside `wrangler dev` (workerd), taken over the inspector port while
 * the bench sends sequential requests: JS + GC time per request (what Cloudflare bills and caps as
 * CPU time; bindings run elsewhere), where it goes by module, and the top functions. Frames are
 * mapped to source files through the `// path` comments esbuild writes into the dev bundle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ROOT, type RunningWorker } from "../../scripts/lib/dev-stack.ts";
import {
  type CallFrame,
  type CpuProfile,
  inclusivePct,
  type Locate,
  REGISTRY_WORK,
  sampledTime,
  selfByArea,
  topFunctions,
} from "../inproc/profile.ts";
import { inspectorPort, profileWorkerd } from "./cdp.ts";
import type { Shot } from "./load.ts";
import { mcpShot, type ToolCall } from "./mcp-requests.ts";
import type { BenchStack } from "./stack.ts";

/** One profiled workload. */
export interface WorkerdProfile {
  label: string;
  requests: number;
  /** JS + GC CPU per request (ms). */
  cpuMsPerRequest: number;
  /** Samples V8 could not attribute per request (ms): native code and, in workerd, waits. */
  programMsPerRequest: number;
  byArea: Record<string, number>;
  top: Array<{ fn: string; pct: number }>;
  /** Percent of JS + GC time inside registry validation or tool building (0 in steady state). */
  registryWorkPct: number;
}

/** The newest dev bundle wrangler wrote for a config (`<config dir>/.wrangler/tmp/dev-*`). */
function devBundle(config: string): string | null {
  const tmp = join(dirname(resolve(ROOT, config)), ".wrangler", "tmp");
  if (!existsSync(tmp)) return null;
  const dirs = readdirSync(tmp)
    .filter((d) => d.startsWith("dev-"))
    .map((d) => join(tmp, d))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const d of dirs) {
    const js = readdirSync(d).find((f) => f.endsWith(".js"));
    if (js) return join(d, js);
  }
  return null;
}

/** Maps a bundle line to the module esbuild emitted there, from its `// path` comments. */
function moduleLocator(bundle: string | null): Locate {
  if (!bundle) return (f) => f.url;
  const starts: Array<{ line: number; path: string }> = [];
  readFileSync(bundle, "utf8")
    .split("\n")
    .forEach((text, line) => {
      const m = text.match(/^\/\/ (\S+\.(?:[cm]?[jt]s|json))$/);
      if (m?.[1]) starts.push({ line, path: m[1] });
    });
  const name = bundle.split("/").pop() ?? "";
  return (f: CallFrame) => {
    if (!f.url.endsWith(name)) return f.url;
    let lo = 0;
    let hi = starts.length - 1;
    let found = "";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid] as { line: number; path: string };
      if (s.line <= f.lineNumber) {
        found = s.path;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found || f.url;
  };
}

/** Profiles `requests` sequential requests of `shot` against a running Worker. */
export async function profileWorker(
  label: string,
  worker: RunningWorker,
  config: string,
  shot: Shot,
  requests: number,
): Promise<WorkerdProfile> {
  for (let i = 0; i < 5; i++) await shot();
  let failures = 0;
  const p: CpuProfile = await profileWorkerd(inspectorPort(worker.child.spawnargs), async () => {
    for (let i = 0; i < requests; i++) if ((await shot()) !== null) failures += 1;
  });
  if (failures > 0) throw new Error(`${label}: ${failures} of ${requests} profiled requests failed`);
  const locate = moduleLocator(devBundle(config));
  const t = sampledTime(p);
  return {
    label,
    requests,
    cpuMsPerRequest: t.jsAndGcUs / 1000 / requests,
    programMsPerRequest: t.programUs / 1000 / requests,
    byArea: selfByArea(p, locate),
    top: topFunctions(p, 12, locate),
    registryWorkPct: inclusivePct(p, REGISTRY_WORK),
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Profiles edge-mcp and the peer inside workerd, one workload at a time. */
export async function profileSides(
  stack: BenchStack,
  snapshot: string,
  call: ToolCall,
  requests: number,
  log: (line: string) => void,
): Promise<WorkerdProfile[]> {
  const gwConfig = join(snapshot, "wrangler.toml");
  const peerConfig = "bench/peer/wrangler.toml";
  const runs: Array<[string, BenchStack["gateway"], string, Shot]> = [
    [
      "edge-mcp tools/call",
      stack.gateway,
      gwConfig,
      mcpShot(stack.gatewayMcpUrls, "2026", "tools/call", call),
    ],
    ["peer tools/call", stack.peer, peerConfig, mcpShot(stack.peerMcpUrl, "2026", "tools/call", call)],
    [
      "edge-mcp (6 tools) tools/list",
      stack.gateway,
      gwConfig,
      mcpShot(stack.gatewaySixToolUrls, "2026", "tools/list"),
    ],
    [
      "edge-mcp (42 tools) tools/list",
      stack.gateway,
      gwConfig,
      mcpShot(stack.gatewayMcpUrls, "2026", "tools/list"),
    ],
    ["peer tools/list", stack.peer, peerConfig, mcpShot(stack.peerMcpUrl, "2026", "tools/list")],
  ];
  const out: WorkerdProfile[] = [];
  for (const [label, started, config, shot] of runs) {
    try {
      const p = await profileWorker(label, started.worker, config, shot, requests);
      log(`  ${label}: ${p.cpuMsPerRequest.toFixed(2)} ms sampled on JS stacks per request`);
      out.push(p);
    } catch (e) {
      log(`  ${label}: profile failed: ${message(e)}`);
    }
  }
  return out;
}
