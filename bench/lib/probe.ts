/**
 * Asks the binding probe Worker (bench/probe) what each binding operation the gateway makes costs
 * inside workerd, in a loop within one request: wall time per operation (KV get hit and miss, the
 * rate-limit binding, a D1 insert of one activity row, an upstream fetch from a Worker), and the probe
 * workerd's CPU per operation. A loop misses the per-request costs around a binding call, so this is
 * a lower bound; "net of emulation" comes from the per-request sides in the load cells (emulation.ts).
 */
import { cpuMs } from "./proc-cpu.ts";

/** The operations probed. */
export const PROBE_OPS = ["kvGetHit", "kvGetMiss", "rateLimit", "d1Insert", "upstreamFetch"] as const;
/** One probed operation. */
export type ProbeOp = (typeof PROBE_OPS)[number];

/** Per-operation wall times (ms) as measured inside workerd, and workerd CPU per operation (ms). */
export interface BindingLatency {
  wallMs: Record<ProbeOp, number[]>;
  /** workerd CPU time per operation (ms), empty when /proc is unavailable. */
  cpuMs: Partial<Record<ProbeOp, number>>;
}

/** Runs each operation alone: `requests` probe calls of `n` operations. */
export async function probeBindings(
  probeUrl: string,
  pids: readonly number[],
  upstream: string,
  bearer: string,
  requests: number,
  n: number,
): Promise<BindingLatency> {
  const out: BindingLatency = {
    wallMs: { kvGetHit: [], kvGetMiss: [], rateLimit: [], d1Insert: [], upstreamFetch: [] },
    cpuMs: {},
  };
  for (const op of PROBE_OPS) {
    const cpu0 = cpuMs(pids);
    for (let i = 0; i < requests; i++) {
      const q = new URLSearchParams({ n: String(n), upstream, bearer, only: op });
      const res = await fetch(`${probeUrl}/probe?${q}`);
      if (!res.ok) throw new Error(`probe answered ${res.status}`);
      out.wallMs[op].push(...((await res.json()) as Record<ProbeOp, number[]>)[op]);
    }
    if (pids.length > 0) out.cpuMs[op] = (cpuMs(pids) - cpu0) / (requests * n);
  }
  return out;
}
