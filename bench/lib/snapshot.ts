/**
 * A frozen copy of the sources under test. Others edit the project while the bench runs, and
 * `wrangler dev` rebuilds and restarts a Worker on every change ("Your worker restarted
 * mid-request"); measuring a snapshot taken at start keeps every figure about one version.
 */
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/**
 * Source folders the gateway and the simulator are built from; `scripts` and `dashboard` because
 * the gateway's `[build]` step bundles the dashboard into dashboard/dist/files.ts.
 */
const SOURCES = ["worker", "durable-objects", "docs-registry", "simulator", "migrations", "scripts", "dashboard"];
const FILES = ["package.json", "wrangler.toml"];

/** Copies the gateway and simulator sources into `dir` and links `node_modules`. */
export function snapshotSources(dir: string): { dir: string } {
  mkdirSync(dir, { recursive: true });
  for (const sub of SOURCES) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  for (const file of FILES) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir };
}
