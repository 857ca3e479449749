/**
 * Scale check of the OpenAPI importer and the engine on a large public spec, GitHub's REST API
 * (`@octokit/openapi`, ~1,000 operations); never shipped as an integration. Run with
 * `npm run bench:github` (Node 22 with `--experimental-transform-types` and the bench's resolution
 * hooks): imports the spec in memory, validates the result with the real `parseRegistry`, builds
 * every tool with the real `buildTools`, lists them page by page through the real MCP server, then
 * puts the registry into a temporary snapshot of the gateway and measures its bundle and its startup
 * CPU with `wrangler check startup` against Cloudflare's 1 s limit (bench/github/startup.ts), and
 * prints the figures (docs/PERFORMANCE.md, "Scale check"). Exits 1 when a check fails.
 * Self-contained: it does not touch the main bench (`npm run bench`). BENCH_STARTUP_RUNS (default 3)
 * sets the startup runs per registry; 0 skips the wrangler part.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importOpenApi, resolveSpecPath } from "../scripts/openapi/import.ts";
import { measureGithubWorker, type RegistryBuild, STARTUP_LIMIT_MS } from "./github/startup.ts";
import { dispatchWith, gatewayHandler } from "./inproc/handler.ts";
import { loadWorkerModules } from "./inproc/modules.ts";
import { mcpPost } from "./lib/mcp-requests.ts";

const SPEC = "@octokit/openapi/generated/api.github.com.json";
const t = () => performance.now();

const t0 = t();
const imported = await importOpenApi(resolveSpecPath(SPEC), "github", {
  pagination: { response_key: undefined },
  integration: {},
  operations: {},
});
const importMs = t() - t0;
const skipped = imported.report.filter((r) => r.file === null);
const operations = imported.report.length;

const m = await loadWorkerModules();
const raw = [
  {
    integration: imported.integration,
    records: [...imported.records].map(([file, record]) => ({ file: `github/records/${file}`, record })),
  },
];
const t1 = t();
const entry = m.registry.parseRegistry(raw).get("github");
const parseMs = t() - t1;
if (!entry) throw new Error("the GitHub registry did not parse");
const t2 = t();
const tools = m.build.buildTools(entry.integration, entry.records);
const buildMs = t() - t2;

const handler = gatewayHandler(m);
const state = {
  serverName: "GitHub via edge-mcp",
  integration: "github",
  exposure: "all",
  tools,
  byName: new Map(tools.map((x) => [x.name, x])),
  callContext: async () => {
    throw new Error("not called");
  },
  admit: async () => null,
};
const names: string[] = [];
let pages = 0;
let cursor: string | undefined;
const t3 = t();
do {
  const post = mcpPost("2026", "tools/list");
  const parsed = JSON.parse(post.body) as { params: Record<string, unknown> };
  if (cursor) parsed.params.cursor = cursor;
  const request = new Request("https://bench.invalid/mcp/x", {
    method: "POST",
    headers: post.headers,
    body: JSON.stringify(parsed),
  });
  const text = new TextDecoder().decode(await dispatchWith(handler, request, parsed, state));
  const result = (JSON.parse(text) as { result: { tools: Array<{ name: string }>; nextCursor?: string } })
    .result;
  names.push(...result.tools.map((x) => x.name));
  cursor = result.nextCursor;
  pages++;
} while (cursor);
const listMs = t() - t3;
const registryBytes = JSON.stringify(raw).length;

const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const log = (line: string) => console.error(line);
let worker: { shipped: RegistryBuild; withGithub: RegistryBuild } | null = null;
if (runs > 0) {
  const tmp = mkdtempSync(join(tmpdir(), "edge-mcp-github-"));
  try {
    worker = await measureGithubWorker(imported, tmp, runs, log);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.floor((s.length - 1) / 2)] ?? null);
};
const workerFigures = (b: RegistryBuild) => ({
  upload_kib: b.bundle.uploadKiB,
  gzip_kib: b.bundle.gzipKiB,
  startup_active_ms: b.startup.map((r) => r.activeMs),
  startup_gc_ms: b.startup.map((r) => r.gcMs),
  startup_median_ms: median(b.startup.map((r) => r.activeMs)),
  startup_runs_failed: b.failed,
});

const figures = {
  spec: SPEC,
  operations,
  records: imported.records.size,
  skipped: skipped.length,
  skipped_reasons: [...new Set(skipped.map((s) => s.notes.at(-1)?.replace(/\(.*$/, "").trim()))].slice(0, 5),
  tools: tools.length,
  import_ms: Math.round(importMs),
  parse_ms: Math.round(parseMs),
  build_ms: Math.round(buildMs),
  list_pages: pages,
  list_page_size: m.server.TOOLS_PAGE_SIZE,
  full_list_ms: Math.round(listMs),
  listed_distinct: new Set(names).size,
  registry_json_mib: Number((registryBytes / 1024 / 1024).toFixed(2)),
  startup_limit_ms: STARTUP_LIMIT_MS,
  worker_shipped: worker ? workerFigures(worker.shipped) : null,
  worker_with_github: worker ? workerFigures(worker.withGithub) : null,
};
console.log(JSON.stringify(figures, null, 2));
const githubStartup = figures.worker_with_github?.startup_median_ms;
const ok =
  tools.length === imported.records.size &&
  new Set(names).size === tools.length &&
  pages >= Math.ceil(tools.length / m.server.TOOLS_PAGE_SIZE) &&
  operations > 900 &&
  // When measured, at least one startup run succeeded and the median is within the limit.
  (worker === null || (typeof githubStartup === "number" && githubStartup < STARTUP_LIMIT_MS));
if (!ok) {
  console.error("scale check failed");
  process.exit(1);
}
