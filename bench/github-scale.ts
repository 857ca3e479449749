/**
 * `npm run bench:github`: a scale check of the OpenAPI importer and the engine on a large public spec,
 * GitHub's REST API (`@octokit/openapi`, ~1,000 operations), never shipped as an integration. Imports
 * the spec in memory, validates the result with the real `parseRegistry`, builds every tool with the
 * real `buildTools` and lists them page by page through the real MCP server. Then it writes the
 * records into a temporary snapshot of the gateway (never into the project), regenerates that
 * snapshot's registry index with the real `scripts/gen-registry.ts`, and measures the production build
 * with `wrangler deploy --dry-run` and its startup CPU with `wrangler check startup` (the Worker
 * validates the registry and builds every catalog in its global scope, worker/tools/catalog.ts),
 * beside the shipped registry measured the same way. Prints the figures as JSON; exits 1 unless every
 * tool lists exactly once and the startup median is under Cloudflare's 1 s limit.
 * BENCH_STARTUP_RUNS (default 3) sets the startup runs per registry; 0 skips the wrangler part.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importOpenApi, resolveSpecPath } from "../scripts/openapi/import.ts";
import { dispatchWith, gatewayHandler, listAllPages, listState } from "./inproc/handler.ts";
import { loadWorkerModules } from "./inproc/modules.ts";
import { type BuildTarget, dryRunSize, startupRun } from "./lib/build-size.ts";
import { snapshotSources } from "./lib/snapshot.ts";

const SPEC = "@octokit/openapi/generated/api.github.com.json";
/** Cloudflare's limit on a Worker's startup (parse and run its global scope), on every plan. */
const STARTUP_LIMIT_MS = 1000;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const log = (line: string) => console.error(line);
const t = () => performance.now();
const timed = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t0 = t();
  const value = await fn();
  return [value, Math.round(t() - t0)];
};

const [imported, importMs] = await timed(() =>
  importOpenApi(resolveSpecPath(SPEC), "github", {
    pagination: { response_key: undefined },
    integration: {},
    operations: {},
  }),
);
const skipped = imported.report.filter((r) => r.file === null);
const m = await loadWorkerModules();
const raw = [
  {
    integration: imported.integration,
    records: [...imported.records].map(([file, record]) => ({ file: `github/records/${file}`, record })),
  },
];
const [entry, parseMs] = await timed(() => m.registry.parseRegistry(raw).get("github"));
if (!entry) throw new Error("the GitHub registry did not parse");
const [tools, buildMs] = await timed(() => m.build.buildTools(entry.integration, entry.records));
const handler = gatewayHandler(m);
const state = listState("github", tools);
const [listing, listMs] = await timed(() =>
  listAllPages((page) => dispatchWith(handler, page.request, page.parsed, state)),
);

/** Bundle and startup runs of one registry; a startup run that times out on a busy machine is counted. */
async function measureWorker(label: string, target: BuildTarget, out: string) {
  log(`build: wrangler deploy --dry-run (${label})`);
  const bundle = await dryRunSize(target, join(out, "dist"));
  const active: number[] = [];
  const gc: number[] = [];
  let failed = 0;
  for (let i = 0; i < RUNS; i++) {
    log(`startup: wrangler check startup (${label}, run ${i + 1}/${RUNS})`);
    try {
      const run = await startupRun(target, join(out, `startup-${i}.cpuprofile`));
      active.push(run.activeMs);
      gc.push(run.gcMs);
    } catch (e) {
      failed++;
      log(
        `  failed: ${(e instanceof Error ? e.message : String(e)).split("\n").find((l) => l.includes("ERROR"))}`,
      );
    }
  }
  return {
    upload_kib: bundle.uploadKiB,
    gzip_kib: bundle.gzipKiB,
    startup_active_ms: active,
    startup_gc_ms: gc,
    // The lower median: with an even count of successful runs, the faster of the middle two.
    startup_median_ms: [...active].sort((a, b) => a - b)[Math.floor((active.length - 1) / 2)] ?? null,
    startup_runs_failed: failed,
  };
}

/** The shipped registry, then the shipped registry plus `github`, in a snapshot under a temporary folder. */
async function measureWorkers() {
  const tmp = mkdtempSync(join(tmpdir(), "edge-mcp-github-"));
  try {
    const { dir } = snapshotSources(join(tmp, "src"));
    // The production build (minified) is what ships, as in the main bench.
    const target: BuildTarget = {
      label: "edge-mcp",
      config: join(dir, "wrangler.toml"),
      extraArgs: ["--env=production"],
    };
    const shipped = await measureWorker("shipped registry", target, join(tmp, "shipped"));
    const folder = join(dir, "docs-registry", "github");
    mkdirSync(join(folder, "records"), { recursive: true });
    writeFileSync(join(folder, "integration.json"), `${JSON.stringify(imported.integration, null, 2)}\n`);
    for (const [file, record] of imported.records)
      writeFileSync(join(folder, "records", file), `${JSON.stringify(record, null, 2)}\n`);
    log("registry: scripts/gen-registry.ts in the snapshot (index and token table with github)");
    const gen = spawnSync(process.execPath, [join(dir, "scripts", "gen-registry.ts")], {
      cwd: dir,
      encoding: "utf8",
    });
    if (gen.status !== 0) throw new Error(`gen-registry failed:\n${gen.stdout}\n${gen.stderr}`);
    return { shipped, withGithub: await measureWorker("shipped + github", target, join(tmp, "github")) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const worker = RUNS > 0 ? await measureWorkers() : null;
const figures = {
  spec: SPEC,
  operations: imported.report.length,
  records: imported.records.size,
  skipped: skipped.length,
  skipped_reasons: [...new Set(skipped.map((s) => s.notes.at(-1)?.replace(/\(.*$/, "").trim()))].slice(0, 5),
  tools: tools.length,
  import_ms: importMs,
  parse_ms: parseMs,
  build_ms: buildMs,
  list_pages: listing.cursors.length,
  list_page_size: m.server.TOOLS_PAGE_SIZE,
  full_list_ms: listMs,
  listed_distinct: new Set(listing.names).size,
  registry_json_mib: Number((JSON.stringify(raw).length / 1024 / 1024).toFixed(2)),
  startup_limit_ms: STARTUP_LIMIT_MS,
  worker_shipped: worker?.shipped ?? null,
  worker_with_github: worker?.withGithub ?? null,
};
console.log(JSON.stringify(figures, null, 2));
const githubStartup = figures.worker_with_github?.startup_median_ms;
const ok =
  tools.length === imported.records.size &&
  figures.listed_distinct === tools.length &&
  figures.list_pages >= Math.ceil(tools.length / m.server.TOOLS_PAGE_SIZE) &&
  figures.operations > 900 &&
  // When measured, at least one startup run succeeded and the median is within the limit.
  (worker === null || (typeof githubStartup === "number" && githubStartup < STARTUP_LIMIT_MS));
if (!ok) {
  console.error("scale check failed");
  process.exit(1);
}
