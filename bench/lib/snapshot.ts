/**
 * A frozen copy of the sources under test. Others edit the project while the bench runs, and
 * `wrangler dev` rebuilds and restarts a Worker on every change ("Your worker restarted
 * mid-request"); measuring a snapshot taken at start keeps every figure about one version.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/**
 * Source folders the gateway and the simulator are built from; `scripts` and `dashboard` because
 * the gateway's `[build]` step bundles the dashboard into dashboard/dist/files.ts.
 */
const SOURCES = [
  "worker",
  "durable-objects",
  "docs-registry",
  "simulator",
  "migrations",
  "scripts",
  "dashboard",
];
const FILES = ["package.json", "wrangler.toml"];

/**
 * Copies the gateway and simulator sources into `dir`, links `node_modules`, and builds the
 * dashboard module there (wrangler runs the `[build]` command in its own working directory, the
 * project, not the snapshot).
 */
export function snapshotSources(dir: string): { dir: string } {
  mkdirSync(dir, { recursive: true });
  for (const sub of SOURCES) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  for (const file of FILES) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const built = spawnSync(process.execPath, [join(dir, "scripts", "build-dashboard.ts")], {
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the dashboard in the snapshot failed:\n${built.stderr}`);
  return { dir };
}
