/**
 * A frozen copy of the sources under test. Others edit the project while the bench runs, and
 * `wrangler dev` rebuilds and restarts a Worker on every change ("Your worker restarted
 * mid-request"); measuring a snapshot taken at start keeps every figure about one version.
 */
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/** Source folders the gateway and the simulator are built from. */
const SOURCES = ["worker", "durable-objects", "docs-registry", "simulator", "migrations"];
const FILES = ["package.json", "wrangler.toml"];

/**
 * Copies the gateway and simulator sources into `dir`, links `node_modules`, and provides
 * `dashboard/dist` (the built dashboard when there is one, else an empty folder: the gateway's
 * `[assets]` directory must exist, and static assets are on no measured path).
 */
export function snapshotSources(dir: string): { dir: string; dashboardBuilt: boolean } {
  mkdirSync(dir, { recursive: true });
  for (const sub of SOURCES) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  for (const file of FILES) cpSync(join(ROOT, file), join(dir, file));
  const dist = join(ROOT, "dashboard", "dist");
  const dashboardBuilt = existsSync(dist);
  if (dashboardBuilt) cpSync(dist, join(dir, "dashboard", "dist"), { recursive: true });
  else mkdirSync(join(dir, "dashboard", "dist"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, dashboardBuilt };
}
