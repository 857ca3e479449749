/**
 * The in-process harness (a child process of `npm run bench`, started with the resolution hooks and
 * the `workerd` export condition so the SDK picks its Workers shims): the gateway's once-per-isolate
 * costs, CPU per request of both Workers, the gateway's overhead per tool call, the measured call's
 * result size, CPU profiles of steady-state requests and registry growth. Prints one JSON line.
 *
 * Env: BENCH_SOURCE_DIR (source snapshot), BENCH_SIM_URL (simulator origin), BENCH_CONTACT_BOOK,
 * BENCH_SIX_TOOL_CONFIG (JSON filter of the six-tool URL), BENCH_QUICK=1 for fewer iterations.
 */
import type { Era, McpMethod, ToolCall } from "../lib/mcp-requests.ts";
import { measureOverhead } from "./call-pairs.ts";
import {
  type CannedResponse,
  captureUpstream,
  type InProcessGateway,
  inProcessGateway,
  ORIGIN,
  requestFor,
  UPSTREAM,
  UPSTREAM_TOKEN,
  withCannedFetch,
} from "./gateway.ts";
import { measureRegistryGrowth } from "./growth.ts";
import {
  loadPeer,
  loadWorkerModules,
  type PeerModule,
  type SnapshotLike,
  type ToolFilterLike,
  type WorkerModules,
} from "./modules.ts";
import {
  type CpuProfile,
  inclusivePct,
  profile,
  REGISTRY_WORK,
  selfByArea,
  topFunctions,
} from "./profile.ts";
import {
  type ColdCosts,
  type E2eRow,
  INPROC_RESULT_PREFIX,
  type InProcessReport,
  type ProfileSummary,
} from "./report.ts";
import { type ResultSize, resultSize } from "./result-size.ts";
import { once, type PerOpOptions, perOp } from "./timing.ts";

const PEER_ENV = { MISSIVE_BASE_URL: UPSTREAM, MISSIVE_TOKEN: UPSTREAM_TOKEN };

function summarize(label: string, requests: number, p: CpuProfile): ProfileSummary {
  return {
    label,
    requests,
    byArea: selfByArea(p),
    top: topFunctions(p, 8),
    registryWorkPct: inclusivePct(p, REGISTRY_WORK),
    schemaCompilePct: inclusivePct(p, ["getValidator", "dereference"]),
    zodToJsonSchemaPct: inclusivePct(p, ["standardSchemaToJsonSchema", "toJSONSchema"]),
  };
}

/**
 * The catalog's cost on an isolate's first use of Missive (its stored snapshot read back, every tool
 * built) and later; must run before anything else touches the catalog module.
 */
async function coldCosts(m: WorkerModules): Promise<ColdCosts> {
  const content = m.registry.registry().get("missive");
  if (!content) throw new Error("no shipped integration missive");
  const { snapshot: stored, text } = await m.snapshot.snapshotOf(content);
  let snapshot: SnapshotLike | undefined;
  const snapshotAndCatalogMs = await once(async () => {
    snapshot = await m.snapshot.readSnapshot(stored.hash, text);
    m.catalog.catalog(snapshot);
  });
  const read = snapshot as SnapshotLike;
  const first = m.catalog.catalog(read);
  const warm = await perOp(
    () => null,
    () => m.catalog.catalog(read),
  );
  return {
    snapshotAndCatalogMs,
    warmCatalogUs: warm.us,
    catalogCached: first === m.catalog.catalog(read),
  };
}

/** CPU per request of each side, method and era, end to end in process (median of batches). */
async function endToEnd(
  sides: { "edge-mcp": InProcessGateway; "edge-mcp (6 tools)": InProcessGateway; peer: PeerModule },
  call: ToolCall,
  opts: PerOpOptions,
): Promise<E2eRow[]> {
  const rows: E2eRow[] = [];
  for (const era of ["2026", "2025"] as const satisfies readonly Era[]) {
    for (const method of ["tools/list", "tools/call"] as const satisfies readonly McpMethod[]) {
      const gateways =
        method === "tools/list" ? (["edge-mcp", "edge-mcp (6 tools)"] as const) : (["edge-mcp"] as const);
      for (const side of gateways) {
        const gw = sides[side];
        const cost = await perOp(() => requestFor(gw.url, era, method, call), gw.serve, opts);
        rows.push({ side, era, method, cost });
      }
      const cost = await perOp(
        () => requestFor(`${ORIGIN}/mcp`, era, method, call),
        async (r) => {
          await (await sides.peer.default.fetch(r, PEER_ENV)).arrayBuffer();
        },
        opts,
      );
      rows.push({ side: "peer", era, method, cost });
    }
  }
  return rows;
}

/** Bytes and tokens of the measured call's answer, and CPU profiles of both Workers. */
async function sizesAndProfiles(gw: InProcessGateway, peer: PeerModule, call: ToolCall, n: number) {
  const resultSizes: ResultSize[] = [];
  const profiles: ProfileSummary[] = [];
  const peerBody = async (r: Request) => (await peer.default.fetch(r, PEER_ENV)).text();
  for (const era of ["2026", "2025"] as const) {
    const gwBody = new TextDecoder().decode(await gw.serve(requestFor(gw.url, era, "tools/call", call)));
    resultSizes.push(resultSize("edge-mcp", era, gwBody));
    resultSizes.push(
      resultSize("peer", era, await peerBody(requestFor(`${ORIGIN}/mcp`, era, "tools/call", call))),
    );
  }
  for (const method of ["tools/list", "tools/call"] as const) {
    const gwProfile = await profile(async () => {
      for (let i = 0; i < n; i++) await gw.serve(requestFor(gw.url, "2026", method, call));
    });
    profiles.push(summarize(`edge-mcp ${method}`, n, gwProfile));
    const peerProfile = await profile(async () => {
      for (let i = 0; i < n; i++) await peerBody(requestFor(`${ORIGIN}/mcp`, "2026", method, call));
    });
    profiles.push(summarize(`peer ${method}`, n, peerProfile));
  }
  return { resultSizes, profiles };
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
  const canned: CannedResponse = await captureUpstream(
    `${simUrl}/v1/contacts?contact_book=${contactBook}&limit=50`,
  );
  const cold = await coldCosts(m);
  const gw = await inProcessGateway(m);
  const six = await inProcessGateway(
    m,
    JSON.parse(process.env.BENCH_SIX_TOOL_CONFIG ?? "{}") as ToolFilterLike,
  );
  const report = await withCannedFetch(canned, async () => ({
    cold,
    e2e: await endToEnd({ "edge-mcp": gw, "edge-mcp (6 tools)": six, peer }, call, opts),
    overhead: await measureOverhead(gw, call, quick ? 10 : 30),
    ...(await sizesAndProfiles(gw, peer, call, quick ? 100 : 800)),
    growth: await measureRegistryGrowth(m, opts),
  }));
  process.stdout.write(`${INPROC_RESULT_PREFIX}${JSON.stringify(report satisfies InProcessReport)}\n`);
}

await main();
