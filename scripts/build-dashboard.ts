#!/usr/bin/env node
// `npm run build:dashboard`: bundles the admin dashboard (dashboard/src, plain TypeScript + DOM) and
// writes its page, script, stylesheet and icon into dashboard/dist/assets, the directory of the
// Worker's static assets (wrangler.toml `[assets]`, binding ASSETS). They are not in the Worker
// bundle: worker/dashboard.ts serves them through `env.ASSETS.fetch`, and `run_worker_first = true`
// keeps the Worker in front of every path. dashboard/dist is git-ignored; `npm start`, `npm test`,
// the vitest config and wrangler's [build] step run this before anything serves the Worker.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;
const SRC = join(ROOT, "dashboard", "src");
const DIST = join(ROOT, "dashboard", "dist");
/** The static-assets directory (wrangler.toml `[assets] directory`): exactly the files below. */
export const ASSETS_DIR = join(DIST, "assets");

/**
 * What the dashboard serves, as files of the assets directory (index.html answers `/`); index.html
 * references the others by absolute paths. worker/dashboard.ts lists the same paths.
 */
const FILES: Array<{ file: string; source: string | null }> = [
  { file: "index.html", source: "index.html" },
  { file: "app.js", source: null },
  { file: "styles.css", source: "styles.css" },
  { file: "favicon.svg", source: "favicon.svg" },
];

/** Builds the dashboard into the assets directory and returns the files written, with their sizes. */
export async function buildDashboard(): Promise<Array<{ file: string; bytes: number }>> {
  mkdirSync(ASSETS_DIR, { recursive: true });
  const bundled = await build({
    entryPoints: [join(SRC, "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    legalComments: "none",
    tsconfig: join(ROOT, "dashboard", "tsconfig.json"),
    logLevel: "warning",
  });
  const script = bundled.outputFiles[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no dashboard script");
  const written = FILES.map(({ file, source }) => {
    const body = source === null ? script : readFileSync(join(SRC, source), "utf8");
    // Written beside the directory and renamed into it: `wrangler dev` watches the assets directory
    // and never sees half a file (nor a temporary one it would serve).
    const pending = join(DIST, `${file}.${process.pid}.tmp`);
    writeFileSync(pending, body);
    renameSync(pending, join(ASSETS_DIR, file));
    return { file, bytes: Buffer.byteLength(body) };
  });
  // Anything else there would be uploaded with the Worker: the directory holds these files only.
  const expected = new Set(FILES.map((f) => f.file));
  for (const stale of readdirSync(ASSETS_DIR)) {
    if (!expected.has(stale)) rmSync(join(ASSETS_DIR, stale), { recursive: true, force: true });
  }
  // The generated module of builds before static assets (the files then travelled in the bundle).
  rmSync(join(DIST, "files.ts"), { force: true });
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = Date.now();
  const files = await buildDashboard();
  const list = files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KiB`).join(", ");
  console.log(`dashboard built in ${Date.now() - t0} ms → dashboard/dist/assets: ${list}`);
}
