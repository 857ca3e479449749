/** The build phase: bundle sizes from dry-run builds, and startup CPU from `wrangler check startup`. */
import { join } from "node:path";
import { type BuildTarget, dryRunSize, type StartupRun, startupRun } from "./build-size.ts";
import type { BenchResult } from "./result.ts";
import { proposedZodImportCopy } from "./snapshot.ts";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Dry-run sizes of both Workers, the proposed-fix size when relevant, and startup runs. */
export async function measureBuilds(
  snapshot: string,
  tmp: string,
  startupRuns: number,
  log: (line: string) => void,
) {
  const gateway: BuildTarget = {
    label: "edge-mcp",
    config: join(snapshot, "wrangler.toml"),
    extraArgs: ["--env="],
  };
  const peer: BuildTarget = { label: "peer", config: "bench/peer/wrangler.toml", extraArgs: [] };
  log("build: wrangler deploy --dry-run (edge-mcp, peer)");
  const bundles = [
    await dryRunSize(gateway, join(tmp, "dist-gateway")),
    await dryRunSize(peer, join(tmp, "dist-peer")),
  ];
  for (const b of bundles)
    log(`  ${b.label}: ${b.uploadKiB.toFixed(1)} KiB, gzip ${b.gzipKiB.toFixed(1)} KiB`);

  const proposed = await proposedBundle(snapshot, tmp, log);
  return { bundles, startup: await runStartups(gateway, peer, tmp, startupRuns, log), proposed };
}

/** Sizes the gateway with the proposed zod import fix, when worker/ still needs it. */
async function proposedBundle(
  snapshot: string,
  tmp: string,
  log: (line: string) => void,
): Promise<BenchResult["proposed"]> {
  try {
    const dir = join(tmp, "proposed");
    const files = proposedZodImportCopy(snapshot, dir);
    if (files === 0) {
      return {
        note: "worker/ already imports zod as a namespace (tree-shakable): no bundle fix left to propose.",
        bundle: null,
      };
    }
    const bundle = await dryRunSize(
      { label: "edge-mcp", config: join(dir, "wrangler.toml"), extraArgs: ["--env="] },
      join(dir, "dist"),
    );
    log(`  edge-mcp with the proposed zod import: gzip ${bundle.gzipKiB.toFixed(1)} KiB`);
    return {
      note:
        `Proposed: \`import * as z from "zod"\` instead of \`import { z } from "zod"\` in worker/ (${files} files, ` +
        "measured on a scratch copy). The named `z` re-exports zod's namespace object, so esbuild keeps all of " +
        "zod (every locale, the JSON Schema converters); the namespace import lets it tree-shake.",
      bundle,
    };
  } catch (e) {
    return { note: `Proposed variant not measured: ${message(e)}`, bundle: null };
  }
}

async function runStartups(
  gateway: BuildTarget,
  peer: BuildTarget,
  tmp: string,
  runs: number,
  log: (line: string) => void,
) {
  const startup: Record<string, StartupRun[]> = { "edge-mcp": [], peer: [] };
  for (let i = 0; i < runs; i++) {
    for (const t of i % 2 === 0 ? [gateway, peer] : [peer, gateway]) {
      log(`startup: wrangler check startup (${t.label}, run ${i + 1}/${runs})`);
      startup[t.label]?.push(await startupRun(t, join(tmp, `startup-${t.label}-${i}.cpuprofile`)));
    }
  }
  return startup;
}
