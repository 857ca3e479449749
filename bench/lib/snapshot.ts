/**
 * A frozen copy of the sources under test. Others edit the project while the bench runs, and
 * `wrangler dev` rebuilds and restarts a Worker on every change ("Your worker restarted
 * mid-request"); measuring a snapshot taken at start keeps every figure about one version.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/** Source folders the gateway and the simulator are built from. */
const SOURCES = ["worker", "durable-objects", "docs-registry", "simulator"];
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

/** Copies the gateway part of a snapshot (sources, config, dashboard assets) and links `node_modules`. */
export function copyGateway(snapshot: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const sub of ["worker", "durable-objects", "docs-registry", "dashboard"]) {
    cpSync(join(snapshot, sub), join(dir, sub), { recursive: true });
  }
  for (const file of FILES) cpSync(join(snapshot, file), join(dir, file));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
}

/**
 * A copy of a snapshot with one change: `import { z } from "zod"` becomes `import * as z from "zod"`.
 * The named `z` binding re-exports zod's whole namespace object, which defeats tree shaking (every
 * locale and the JSON Schema converters get bundled); the namespace import does not. Used to size
 * the proposed fix without touching worker/. Returns how many files changed.
 */
export function proposedZodImportCopy(snapshot: string, dir: string): number {
  copyGateway(snapshot, dir);
  let rewritten = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const src = readFileSync(p, "utf8");
        const next = src.replace(/import \{ z \} from "zod";/g, 'import * as z from "zod";');
        if (next !== src) {
          writeFileSync(p, next);
          rewritten += 1;
        }
      }
    }
  };
  for (const sub of ["worker", "durable-objects", "docs-registry"]) walk(join(dir, sub));
  return rewritten;
}
