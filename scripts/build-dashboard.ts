#!/usr/bin/env node
// `npm run build:dashboard`: bundles the admin dashboard (dashboard/src, plain TypeScript + DOM) into
// dashboard/dist, the directory wrangler.toml's [assets] serves. dashboard/dist is git-ignored, so
// `npm start`, `npm test` and the e2e global setup run this before anything reads wrangler.toml.
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = new URL("../", import.meta.url).pathname;
const SRC = join(ROOT, "dashboard", "src");
const OUT = join(ROOT, "dashboard", "dist");
/** Copied as they are; index.html references them by these absolute paths (worker/dashboard.ts). */
const STATIC_FILES = ["index.html", "styles.css", "favicon.svg"];

/** Builds the dashboard and returns the files written with their sizes. */
export async function buildDashboard(): Promise<Array<{ file: string; bytes: number }>> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(SRC, "main.ts")],
    outfile: join(OUT, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    legalComments: "none",
    tsconfig: join(ROOT, "dashboard", "tsconfig.json"),
    logLevel: "warning",
  });
  for (const f of STATIC_FILES) copyFileSync(join(SRC, f), join(OUT, f));
  return ["app.js", ...STATIC_FILES].map((file) => ({ file, bytes: statSync(join(OUT, file)).size }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = Date.now();
  const files = await buildDashboard();
  const list = files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KiB`).join(", ");
  console.log(`dashboard built in ${Date.now() - t0} ms → dashboard/dist: ${list}`);
}
