/**
 * `npm run bench:github`: a scale check of the runtime import on a large public spec, GitHub's REST
 * API (`@octokit/openapi`, 1,223 operations, 12.4 MiB), in Node with the Worker's own modules. The
 * steps are those of `POST /integrations` and of an isolate's first use: the real importer
 * (`importDocument`), `validateContent` and the stored form (`snapshotOf`), then `readSnapshot`,
 * `catalog` (every tool built) and `searchIndex`; then every page of `tools/list` through the real MCP
 * server and one `search_tools` query. Integrations are data: nothing here touches the Worker's bundle
 * or startup (`npm run bench` measures those, and the same steps inside workerd, in its github
 * scenario). The first-use steps here run with the document and the import's results still in memory,
 * so their garbage collection costs more than in a fresh isolate (the github scenario runs them in fresh
 * processes). Prints the figures as JSON; exits 1 unless every tool lists exactly once and the search
 * finds the issue lister.
 */
import { readFileSync } from "node:fs";
import { dispatchWith, gatewayHandler, listAllPages, listState } from "./inproc/handler.ts";
import { type CatalogLike, loadWorkerModules, type SnapshotLike } from "./inproc/modules.ts";
import { GITHUB_SPEC } from "./lib/github-runtime.ts";

const t = () => performance.now();
const timed = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t0 = t();
  const value = await fn();
  return [value, Math.round(t() - t0)];
};

const m = await loadWorkerModules();
const text = readFileSync(GITHUB_SPEC, "utf8");
const [document, parseMs] = await timed(() => JSON.parse(text) as unknown);
const [imported, importMs] = await timed(() => m.importer.importDocument(document, "github"));
const raw = {
  integration: imported.integration,
  records: [...imported.records].map(([file, record]) => ({ file, record })),
};
const [content, validateMs] = await timed(() => m.snapshot.validateContent(raw));
const [stored, storeMs] = await timed(() => m.snapshot.snapshotOf(content));
const [snapshot, readMs] = await timed(() => m.snapshot.readSnapshot(stored.snapshot.hash, stored.text));
const [cat, catalogMs] = await timed(() => m.catalog.catalog(snapshot as SnapshotLike) as CatalogLike);
const [, indexMs] = await timed(() => m.searchIndex.searchIndex(cat));
const handler = gatewayHandler(m);
const state = listState("github", cat.tools, cat.byName);
const [listing, listMs] = await timed(() =>
  listAllPages((page) => dispatchWith(handler, page.request, page.parsed, state)),
);
const [hits, searchMs] = await timed(() =>
  m.searchIndex.searchTools(cat, "list issues in a repository", cat.byName, 10),
);
const skipped = imported.report.filter((r) => r.file === null);
const figures = {
  spec: "@octokit/openapi/generated/api.github.com.json",
  document_mib: Number((Buffer.byteLength(text) / 1024 / 1024).toFixed(2)),
  operations: imported.report.length,
  tools: cat.tools.length,
  skipped: skipped.length,
  skipped_reasons: [...new Set(skipped.map((s) => s.notes.at(-1)?.replace(/\(.*$/, "").trim()))].slice(0, 5),
  snapshot_mib: Number((Buffer.byteLength(stored.text) / 1024 / 1024).toFixed(2)),
  json_parse_ms: parseMs,
  import_ms: importMs,
  validate_ms: validateMs,
  snapshot_of_ms: storeMs,
  read_snapshot_ms: readMs,
  catalog_ms: catalogMs,
  search_index_ms: indexMs,
  first_use_ms: readMs + catalogMs + indexMs,
  list_pages: listing.cursors.length,
  list_page_size: m.server.TOOLS_PAGE_SIZE,
  full_list_ms: listMs,
  listed_distinct: new Set(listing.names).size,
  search_ms: searchMs,
  search_hits: hits.map((h) => h.name),
  largest_page_kib: Number((listing.largestPageBytes / 1024).toFixed(1)),
};
console.log(JSON.stringify(figures, null, 2));
const ok =
  figures.listed_distinct === cat.tools.length &&
  listing.names.length === cat.tools.length &&
  figures.list_pages >= Math.ceil(cat.tools.length / m.server.TOOLS_PAGE_SIZE) &&
  figures.operations > 900 &&
  figures.search_hits.includes("list_all_github_repo_issues");
if (!ok) {
  console.error("scale check failed");
  process.exit(1);
}
