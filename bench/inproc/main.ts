/**
 * The in-process harness (a child process of `npm run bench`, started with the resolution hooks and
 * the `workerd` export condition so the SDK picks its Workers shims): stage timing, CPU profiles of
 * steady-state requests for edge-mcp and the peer, and registry growth. Prints one JSON line.
 *
 * Env: BENCH_SOURCE_DIR (source snapshot), BENCH_SIM_URL (simulator origin), BENCH_CONTACT_BOOK,
 * BENCH_SIX_TOOL_CONFIG (JSON filter of the six-tool URL), BENCH_QUICK=1 for fewer iterations.
 */
import { mcpPost, type ToolCall } from "../lib/mcp-requests.ts";
import { measureRegistryGrowth } from "../registry-growth.ts";
import { measureCallPairs } from "./call-pairs.ts";
import { captureUpstream } from "./fakes.ts";
import { loadPeer, loadWorkerModules, type ToolFilterLike } from "./modules.ts";
import { type CpuProfile, inclusivePct, profile, selfByArea, topFunctions } from "./profile.ts";
import { INPROC_RESULT_PREFIX, type InProcessReport, type ProfileSummary } from "./report.ts";
import { type ResultSize, resultSize } from "./result-size.ts";
import { inProcessGateway, measureStages, withCannedFetch } from "./stages.ts";

function summarize(label: string, requests: number, p: CpuProfile): ProfileSummary {
  return {
    label,
    requests,
    byArea: selfByArea(p),
    top: topFunctions(p, 8),
    registryWorkPct: inclusivePct(p, ["parseRegistry", "buildTools", "buildTool"]),
    schemaCompilePct: inclusivePct(p, ["getValidator", "dereference"]),
    zodToJsonSchemaPct: inclusivePct(p, ["standardSchemaToJsonSchema", "toJSONSchema"]),
  };
}

async function main(): Promise<void> {
  const simUrl = process.env.BENCH_SIM_URL;
  const contactBook = process.env.BENCH_CONTACT_BOOK;
  if (!simUrl || !contactBook) throw new Error("BENCH_SIM_URL and BENCH_CONTACT_BOOK are required");
  const quick = process.env.BENCH_QUICK === "1";
  const opts = quick ? { warmup: 30, batches: 5, perBatch: 20 } : { warmup: 100, batches: 7, perBatch: 80 };
  const call: ToolCall = {
    name: "list_all_missive_contacts",
    arguments: { contact_book: contactBook, limit: 50 },
  };

  const m = await loadWorkerModules();
  const peer = await loadPeer();
  const canned = await captureUpstream(
    `${simUrl}/v1/contacts?contact_book=${contactBook}&limit=50`,
    "missive_pat-simulator",
  );
  const sixTools = JSON.parse(process.env.BENCH_SIX_TOOL_CONFIG ?? "{}") as ToolFilterLike;
  const stages = await measureStages(m, peer, canned, call, sixTools, opts);

  const gw = await inProcessGateway(m);
  const peerEnv = {
    MISSIVE_BASE_URL: "http://upstream.bench.invalid/v1",
    MISSIVE_TOKEN: "missive_pat-simulator",
  };
  const n = quick ? 100 : 800;
  const profiles: ProfileSummary[] = [];
  const resultSizes: ResultSize[] = [];
  const callPairs = await withCannedFetch(canned, () =>
    measureCallPairs(gw, "http://upstream.bench.invalid/v1/contacts?limit=50", call, quick ? 10 : 30),
  );
  await withCannedFetch(canned, async () => {
    for (const era of ["2026", "2025"] as const) {
      const post = mcpPost(era, "tools/call", call);
      const mk = (url: string) =>
        new Request(url, { method: "POST", headers: post.headers, body: post.body });
      resultSizes.push(resultSize("edge-mcp", era, new TextDecoder().decode(await gw.serve(mk(gw.url)))));
      const peerBody = await (await peer.default.fetch(mk("https://peer.bench.invalid/mcp"), peerEnv)).text();
      resultSizes.push(resultSize("peer", era, peerBody));
    }
    for (const method of ["tools/list", "tools/call"] as const) {
      const post = mcpPost("2026", method, call);
      const mk = (url: string) =>
        new Request(url, { method: "POST", headers: post.headers, body: post.body });
      const gwProfile = await profile(async () => {
        for (let i = 0; i < n; i++) await gw.serve(mk(gw.url));
      });
      profiles.push(summarize(`edge-mcp ${method}`, n, gwProfile));
      const peerProfile = await profile(async () => {
        for (let i = 0; i < n; i++)
          await (await peer.default.fetch(mk("https://peer.bench.invalid/mcp"), peerEnv)).arrayBuffer();
      });
      profiles.push(summarize(`peer ${method}`, n, peerProfile));
    }
  });

  const growth = await measureRegistryGrowth(m, opts);
  const report: InProcessReport = { stages, callPairs, profiles, growth, resultSizes };
  process.stdout.write(`${INPROC_RESULT_PREFIX}${JSON.stringify(report)}\n`);
}

await main();
