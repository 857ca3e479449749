/** The build phase: bundle sizes from dry-run builds, and startup CPU from `wrangler check startup`. */
import { join } from "node:path";
import { type BuildTarget, dryRunSize, type StartupRun, startupRun } from "./build-size.ts";

/** Dry-run sizes of both Workers and their startup runs. */
export async function measureBuilds(
  snapshot: string,
  tmp: string,
  startupRuns: number,
  log: (line: string) => void,
) {
  // The production environment's build is what ships (minified, source maps uploaded beside it);
  // local dev builds are not minified.
  const gateway: BuildTarget = {
    label: "edge-mcp",
    config: join(snapshot, "wrangler.toml"),
    extraArgs: ["--env=production"],
  };
  const peer: BuildTarget = { label: "peer", config: "bench/peer/wrangler.toml", extraArgs: [] };
  log("build: wrangler deploy --dry-run (edge-mcp, peer)");
  const bundles = [
    await dryRunSize(gateway, join(tmp, "dist-gateway")),
    await dryRunSize(peer, join(tmp, "dist-peer")),
  ];
  for (const b of bundles)
    log(`  ${b.label}: ${b.uploadKiB.toFixed(1)} KiB, gzip ${b.gzipKiB.toFixed(1)} KiB`);

  return { bundles, startup: await runStartups(gateway, peer, tmp, startupRuns, log) };
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
      // On a saturated machine `wrangler check startup` can time out (10 s); a missing run only
      // leaves a gap in the startup figures, it does not stop the bench.
      try {
        startup[t.label]?.push(await startupRun(t, join(tmp, `startup-${t.label}-${i}.cpuprofile`)));
      } catch (e) {
        log(
          `  failed, skipped: ${(e instanceof Error ? e.message : String(e)).split("\n").find((l) => l.includes("ERROR")) ?? "error"}`,
        );
      }
    }
  }
  return startup;
}
