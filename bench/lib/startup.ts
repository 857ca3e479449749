/**
 * Startup CPU of the gateway against a baseline measured in the same run: the gateway at
 * {@link BASELINE_COMMIT}, the last commit before integrations became data (its bundle carried the
 * shipped registry and validated it in the global scope). Each is built from its own folder with
 * `wrangler check startup` (the production build), the runs interleaved so the machine's load falls
 * on both alike. Today's Worker reads nothing published at startup (a Worker's global scope cannot do
 * I/O; integrations are loaded per isolate on first use), so its figure is the same whatever is
 * published.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/dev-stack.ts";
import { type BuildTarget, startupRun } from "./build-size.ts";
import { median } from "./stats.ts";

/** The last commit whose Worker bundled the registry (docs-registry/generated.ts) and built catalogs at startup. */
export const BASELINE_COMMIT = "e6da25d";

/** One side's startup runs (ms of CPU, `Active` as wrangler prints it, GC included). */
export interface StartupSide {
  label: string;
  activeMs: number[];
  gcMs: number[];
  failed: number;
}

/** Today's gateway against the baseline. */
export interface StartupComparison {
  baselineCommit: string;
  current: StartupSide;
  baseline: StartupSide;
  /** median(current) / median(baseline); null when a side has no successful run. */
  ratio: number | null;
  /** current / baseline per interleaved pair (both runs succeeded). */
  pairRatios: number[];
}

/** Compares two sides' runs: ratio of medians, and per-pair ratios. */
export function compareStartup(current: StartupSide, baseline: StartupSide, pairs: Array<[number, number]>) {
  const ratio =
    current.activeMs.length > 0 && baseline.activeMs.length > 0
      ? median(current.activeMs) / median(baseline.activeMs)
      : null;
  return { ratio, pairRatios: pairs.map(([c, b]) => c / b) };
}

/** The baseline's sources in `dir` (`git archive`), with this checkout's node_modules and its dashboard built. */
export function prepareBaseline(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", BASELINE_COMMIT], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive });
  if (untar.status !== 0) throw new Error(`extracting ${BASELINE_COMMIT} failed: ${untar.stderr}`);
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const built = spawnSync(process.execPath, [join(dir, "scripts", "build-dashboard.ts")], {
    cwd: dir,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the baseline's dashboard failed:\n${built.stderr}`);
}

/**
 * `runs` interleaved startup runs of the gateway in `snapshot` and of the baseline (prepared under
 * `tmp`), each a production build in its own folder (wrangler runs the `[build]` step there).
 */
export async function measureStartup(
  snapshot: string,
  tmp: string,
  runs: number,
  log: (line: string) => void,
): Promise<StartupComparison> {
  const baselineDir = join(tmp, "baseline");
  log(`startup: baseline = the gateway at ${BASELINE_COMMIT} (git archive)`);
  prepareBaseline(baselineDir);
  const target = (label: string, dir: string): BuildTarget => ({
    label,
    config: join(dir, "wrangler.toml"),
    extraArgs: ["--env=production"],
    cwd: dir,
  });
  const sides = [target("edge-mcp", snapshot), target(`edge-mcp at ${BASELINE_COMMIT}`, baselineDir)];
  const out: StartupSide[] = sides.map((t) => ({ label: t.label, activeMs: [], gcMs: [], failed: 0 }));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < runs; i++) {
    const got: Array<number | null> = [];
    // Alternate which side goes first, so neither always follows the other's build.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const t = sides[k] as BuildTarget;
      const side = out[k] as StartupSide;
      log(`startup: wrangler check startup (${t.label}, run ${i + 1}/${runs})`);
      try {
        const run = await startupRun(t, join(tmp, `startup-${k}-${i}.cpuprofile`));
        side.activeMs.push(run.activeMs);
        side.gcMs.push(run.gcMs);
        got[k] = run.activeMs;
      } catch (e) {
        side.failed++;
        got[k] = null;
        log(`  failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
      }
    }
    if (typeof got[0] === "number" && typeof got[1] === "number") pairs.push([got[0], got[1]]);
  }
  const [current, baseline] = out as [StartupSide, StartupSide];
  return { baselineCommit: BASELINE_COMMIT, current, baseline, ...compareStartup(current, baseline, pairs) };
}
