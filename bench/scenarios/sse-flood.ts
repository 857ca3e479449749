/**
 * Memory under a legacy HTTP+SSE client that never reads its stream (issue 12): the flood of
 * bench/lib/sse-flood.ts (after its reading control) against the bench's own gateway. Runs last: it
 * spends two URLs' budgets.
 */
import { workerdPids } from "../lib/proc-cpu.ts";
import type { Scenario } from "../lib/scenario.ts";
import { measureSseFloodAfterControl, SSE_FLOOD_BOUND_MIB, sseFloodSection } from "../lib/sse-flood.ts";

/** POSTs of 10 `tools/list` each, and the settle time after the socket closed (full runs only). */
const POSTS = 80;
const SETTLE_MS = 30_000;

export const sseFlood: Scenario = {
  name: "legacy SSE flood (memory)",
  inQuick: false,
  async run({ stack, log }) {
    // The first two URLs of the pool (the legacy round trip scenario uses the last one).
    const [control, target] = stack.gatewayMcpUrls as [string, string];
    const pair = await measureSseFloodAfterControl(
      control,
      target,
      () => workerdPids(stack.gateway.worker.child.pid),
      {
        posts: POSTS,
        settleMs: SETTLE_MS,
      },
    );
    const { flood } = pair;
    log(`  ${flood.status}: ${flood.note}; growth after a reading control ${flood.growthMiB} MiB`);
    return {
      markdown: sseFloodSection(pair),
      budgets: [
        {
          budget: "legacy SSE flood: workerd growth after the client left, beyond a reading control",
          target: `≤ ${SSE_FLOOD_BOUND_MIB} MiB, session refused`,
          measured: `${flood.growthMiB} MiB, ${flood.refusedStatus ?? "never refused"}`,
          pass: pair.pass,
        },
      ],
      data: pair,
    };
  },
};
