/**
 * A frozen copy of the sources under test. Others edit the project while the bench runs, and
 * `wrangler dev` rebuilds and restarts a Worker on every change ("Your worker restarted
 * mid-request"); measuring a snapshot taken at start keeps every figure about one version.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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

/** One textual change to a snapshot file: `from` must occur exactly once in `file`. */
export interface SourcePatch {
  file: string;
  from: string;
  to: string;
}

/**
 * A snapshot with `patches` applied: a variant of the gateway to measure next to the unchanged one.
 * Throws when a patch no longer applies (its `from` is gone or ambiguous), so a stale variant is
 * never measured as if it were the intended one.
 */
export function patchedSnapshot(dir: string, patches: readonly SourcePatch[]): void {
  snapshotSources(dir);
  for (const p of patches) {
    const path = join(dir, p.file);
    writeFileSync(path, applyPatch(readFileSync(path, "utf8"), p));
  }
}

/** `text` with the patch applied; throws unless its `from` occurs exactly once. */
export function applyPatch(text: string, patch: SourcePatch): string {
  const parts = text.split(patch.from);
  if (parts.length !== 2) {
    const found = parts.length === 1 ? "not found" : `found ${parts.length - 1} times`;
    throw new Error(`patch no longer applies to ${patch.file} (${found}): ${patch.from}`);
  }
  return parts.join(patch.to);
}

/**
 * The gateway's two binding calls taken out of `npm run bench:emulation-check`'s control copy (the limiter admits at once; the activity row is
 * built but not inserted); each must match exactly once, or the check stops.
 */
export const CONTROL_PATCHES: readonly SourcePatch[] = [
  {
    file: "worker/mcp/limit.ts",
    from: "admitted = (await binding().limit({ key })).success;",
    to: "admitted = true;",
  },
  {
    file: "worker/activity/record.ts",
    from: "site.waitUntil(writeRow(site.env, row).catch((err) => writeFailed(row.request_id, row.trace_id, err)));",
    to: "void row;",
  },
];
