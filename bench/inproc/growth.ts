/**
 * `tools/list` cost as the registry grows: synthetic integrations of 10, 100 and 1,000 endpoints,
 * validated with the real `parseRegistry`, built with the real `buildTools`, narrowed to a config's
 * tools with the real per-isolate `toolSet` and served the way `serveStreamableHttp` serves them:
 * through `cachedToolsList` (worker/mcp/list-cache.ts), which asks the real `buildServer` + SDK
 * handler for the first request of a page and serves later requests from its prepared bytes
 * (in-process, no network).
 * Build cost is paid once per isolate; the SDK's rendering of a page once per isolate, config and
 * page; the prepared answer per request, page by page. The growth budget times the last one (what a
 * Worker pays per request in steady state); the SDK's first rendering is reported beside it.
 */

import { growthExponent, spread } from "../lib/stats.ts";
import {
  dispatchWith,
  gatewayHandler,
  listAllPages,
  listState,
  type PageRequest,
  pageRequest,
} from "./handler.ts";
import type {
  GatewayToolLike,
  RawRegistry,
  RequestStateLike,
  ToolFilterLike,
  WorkerModules,
} from "./modules.ts";
import { calibrate, once, type PerOpOptions, pairedCpu, perOp, type TimedOp } from "./timing.ts";

/** CPU a timed batch should span (µs): far above the clock's granularity and a scheduler tick. */
const BATCH_CPU_US = 40_000;
/** Cap on operations per batch (the cheapest operations take a few µs). */
const MAX_PER_BATCH = 2000;
/** Fewest paired rounds behind a growth exponent. */
const PAIRED_ROUNDS_MIN = 30;
/** CPU of one batch in the paired rounds (µs): short, so that many batches fall in quiet moments. */
const PAIRED_BATCH_CPU_US = 10_000;

/** Registry sizes measured. */
export const GROWTH_SIZES = [10, 100, 1000] as const;

/** One registry size. */
export interface GrowthRow {
  endpoints: number;
  tools: number;
  /** `parseRegistry` (zod validation of every record), once per isolate. Fastest of 5, after a GC. */
  parseMs: number;
  /** `buildTools` (schema flattening, names, descriptions), once per isolate. Fastest of 5, after a GC. */
  buildMs: number;
  /** Server CPU of one `tools/list` request for the first page, tool-set lookup included (median of batches). */
  firstPageUs: number;
  /** Server CPU of every page of `tools/list`, one request per page, served from prepared bytes (steady state). */
  fullListUs: number;
  /** The same listing rendered by the SDK (what the first request of each page pays, once per isolate and config). */
  sdkFullListUs: number;
  pages: number;
  /** Distinct tool names seen over all pages. */
  distinctListed: number;
  /** Tools listed over all pages, repeats included (equal to distinctListed when none repeats). */
  listed: number;
  /** The largest page: its tool count and the bytes of its answer. */
  largestPageTools: number;
  largestPageBytes: number;
  /** Bytes of all pages' JSON. */
  fullListBytes: number;
}

/** The growth table and its verdicts. */
export interface GrowthResult {
  rows: GrowthRow[];
  pageSize: number;
  /**
   * cost ~ size^k for a full listing served from prepared bytes, between the two largest sizes, from
   * interleaved rounds of both (each size's cheapest batch).
   */
  listExponent: number;
  /** Min and max of the per-round exponents (each round: both sizes back to back). */
  listExponentRange: [number, number];
  /** The same for the SDK's first rendering of a full listing. */
  sdkListExponent: number;
  sdkListExponentRange: [number, number];
  /** Paired rounds behind each exponent. */
  exponentRounds: number;
  /** cost ~ size^k for build + parse, between the two largest sizes. */
  buildExponent: number;
  /** The 1,000-endpoint listing returned every tool exactly once over the expected number of pages. */
  paginationOk: boolean;
  paginationNote: string;
}

/** Runs a full GC when Node was started with `--expose-gc` (one-off costs are then not charged for old garbage). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

const param = (description: string, type = "string") => ({ type, description });

/** A synthetic integration: `endpoints / 5` resources, each with list, get, create, update and delete. */
export function syntheticRegistry(endpoints: number): RawRegistry {
  const resources: Record<string, { singular: string; title: string; tags: string[] }> = {};
  const records: Array<{ file: string; record: unknown }> = [];
  const fields = {
    name: param("Display name of the item."),
    description: param("Longer free-text description shown to users."),
    owner_id: param("Id of the owning user (from list_all_synth_users)."),
    priority: { type: "integer", description: "Priority from 1 (highest) to 5.", minimum: 1, maximum: 5 },
    archived: param("Whether the item is archived.", "boolean"),
    labels: { type: "array", description: "Label names to attach.", items: { type: "string" } },
  };
  const idParam = {
    type: "object",
    required: ["id"],
    properties: { id: param("Id of the item (from the list tool).") },
  };
  for (let r = 0; r < Math.ceil(endpoints / 5); r++) {
    const name = `r${String(r).padStart(4, "0")}_items`;
    resources[name] = {
      singular: `r${String(r).padStart(4, "0")}_item`,
      title: `items ${r}`,
      tags: [`group${r % 10}`],
    };
    const base = {
      resource: name,
      notes: ["Synthetic endpoint for the registry-growth benchmark."],
      tags: [],
    };
    const all = [
      {
        ...base,
        method: "list",
        http: { method: "GET", path: `/${name}` },
        description: `List the items of collection ${r}, oldest first.`,
        query: {
          type: "object",
          properties: {
            search: param("Text matched against names and descriptions."),
            owner_id: param("Only items of this owner."),
            archived: param("Include archived items.", "boolean"),
          },
        },
        response_key: "items",
        pagination: { style: "offset", limit: { default: 50, max: 200 } },
      },
      {
        ...base,
        method: "get",
        http: { method: "GET", path: `/${name}/{id}` },
        description: `Get one item of collection ${r} by id.`,
        path_params: idParam,
      },
      {
        ...base,
        method: "create",
        http: { method: "POST", path: `/${name}` },
        description: `Create an item in collection ${r}.`,
        body: {
          schema: { type: "object", required: ["name"], properties: fields },
          envelope: { shape: "object", key: "item" },
        },
      },
      {
        ...base,
        method: "update",
        http: { method: "PATCH", path: `/${name}/{id}` },
        description: `Update an item of collection ${r}; only the given fields change.`,
        path_params: idParam,
        body: { schema: { type: "object", properties: fields }, envelope: { shape: "object", key: "item" } },
      },
      {
        ...base,
        method: "delete",
        http: { method: "DELETE", path: `/${name}/{id}` },
        description: `Delete an item of collection ${r} permanently.`,
        path_params: idParam,
      },
    ];
    for (const rec of all) {
      if (records.length < endpoints) records.push({ file: `synth/${name}.${rec.method}.json`, record: rec });
    }
  }
  const integration = {
    name: "synth",
    title: "Synthetic",
    base_url: "https://api.synthetic.invalid/v1",
    base_url_var: "SYNTH_BASE_URL",
    auth: { type: "bearer", credential: "api_token", instructions: "Any token works: nothing is called." },
    rate_limit_headers: {
      limit: "x-ratelimit-limit",
      remaining: "x-ratelimit-remaining",
      reset: "x-ratelimit-reset",
      reset_kind: "epoch_seconds",
      retry_after: "retry-after",
    },
    error_message_path: "error.message",
    resources,
  };
  return [{ integration, records }];
}

/** Measures one registry size. */
async function measureSize(m: WorkerModules, endpoints: number, opts: PerOpOptions): Promise<MeasuredSize> {
  const raw = syntheticRegistry(endpoints);
  const parses: number[] = [];
  const builds: number[] = [];
  let tools: GatewayToolLike[] = [];
  for (let i = 0; i < 5; i++) {
    collectGarbage();
    let entry: ReturnType<typeof m.registry.parseRegistry> | undefined;
    parses.push(
      await once(() => {
        entry = m.registry.parseRegistry(raw);
      }),
    );
    const synth = entry?.get("synth");
    if (!synth) throw new Error("synthetic registry did not parse");
    collectGarbage();
    builds.push(
      await once(() => {
        tools = m.build.buildTools(synth.integration, synth.records);
      }),
    );
  }
  const handler = gatewayHandler(m);
  // What requestState() does per request for a URL with this filter (it takes the published snapshot's
  // catalog, so the synthetic tools are passed through the same steps here).
  const stateFor = (filter: ToolFilterLike): RequestStateLike => {
    const set = m.toolSet.toolSet(tools, filter);
    return listState("synth", set.tools, set.byName);
  };
  // The SDK's rendering of one page: dispatch, and drain the body as bytes.
  const render = (page: PageRequest) => dispatchWith(handler, page.request, page.parsed, stateFor({}));
  // What serveStreamableHttp does for a tools/list: the prepared answer of this integration, config
  // and page (rendered by the SDK on its first request), drained as bytes.
  const record = { integration: `synth-${endpoints}`, config: {} };
  const serve = async (page: PageRequest) => {
    const response = await m.listCache.cachedToolsList(
      page.request,
      record,
      record.integration,
      page.parsed,
      (body) =>
        handler.fetch(page.request, {
          parsedBody: body,
          authInfo: { token: "url-token", clientId: "mcp_bench", scopes: [], extra: { state: stateFor({}) } },
        }),
    );
    return response.arrayBuffer();
  };
  // One untimed pass follows nextCursor to learn every page's cursor and check the listing.
  const listing = await listAllPages(serve);
  // Enough operations per batch for a stable figure at every size: a calibration pass sizes each
  // batch to about BATCH_CPU_US of CPU (a prepared page costs far less than the SDK's rendering).
  const cpu = async <I>(prepare: () => I, op: (input: I) => unknown) => {
    const perBatch = await calibrate({ prepare, op }, BATCH_CPU_US, MAX_PER_BATCH);
    return (await perOp(prepare, op, { ...opts, perBatch })).us;
  };
  const everyPage = (serveOne: (page: PageRequest) => Promise<ArrayBuffer>): TimedOp<PageRequest[]> => ({
    prepare: () => listing.cursors.map((c) => pageRequest(c)),
    op: async (pages) => {
      for (const page of pages) await serveOne(page);
    },
  });
  const fullList = everyPage(serve);
  const sdkFullList = everyPage(render);
  const row: GrowthRow = {
    endpoints,
    tools: tools.length,
    parseMs: Math.min(...parses),
    buildMs: Math.min(...builds),
    firstPageUs: await cpu(pageRequest, serve),
    fullListUs: await cpu(fullList.prepare, fullList.op),
    sdkFullListUs: await cpu(sdkFullList.prepare, sdkFullList.op),
    pages: listing.cursors.length,
    distinctListed: new Set(listing.names).size,
    listed: listing.names.length,
    largestPageTools: listing.largestPageTools,
    largestPageBytes: listing.largestPageBytes,
    fullListBytes: listing.bytes,
  };
  return { row, fullList, sdkFullList };
}

/** One size's measured row, and its full listing (prepared and SDK-rendered) for paired timing. */
interface MeasuredSize {
  row: GrowthRow;
  fullList: TimedOp<PageRequest[]>;
  sdkFullList: TimedOp<PageRequest[]>;
}

/**
 * Growth exponent from interleaved rounds of the two sizes. On this shared machine the CPU time of
 * the same work varies up to 3× with the load of the moment (cache and core contention, steal), and
 * that noise only ever adds: the exponent compares each size's cheapest batch (the least disturbed
 * one), and the range shows the per-round exponents.
 */
async function pairedExponent<I>(
  sizeA: number,
  a: TimedOp<I>,
  sizeB: number,
  b: TimedOp<I>,
  rounds: number,
): Promise<{ exponent: number; range: [number, number] }> {
  const [perA, perB] = [
    await calibrate(a, PAIRED_BATCH_CPU_US, MAX_PER_BATCH),
    await calibrate(b, PAIRED_BATCH_CPU_US, MAX_PER_BATCH),
  ];
  const t = await pairedCpu({ ...a, perBatch: perA }, { ...b, perBatch: perB }, rounds);
  const k = (costA: number, costB: number) => growthExponent(sizeA, costA, sizeB, costB);
  const perRound = spread(t.a.map((aUs, i) => k(aUs, t.b[i] as number)));
  return { exponent: k(Math.min(...t.a), Math.min(...t.b)), range: [perRound.min, perRound.max] };
}

/** Measures every size and derives the growth verdicts. */
export async function measureRegistryGrowth(
  m: WorkerModules,
  opts: PerOpOptions = {},
): Promise<GrowthResult> {
  // Warm the JIT on a small registry so the first size is not charged for it.
  m.registry.parseRegistry(syntheticRegistry(10));
  const sizes: MeasuredSize[] = [];
  for (const size of GROWTH_SIZES) sizes.push(await measureSize(m, size, opts));
  const rows = sizes.map((s) => s.row);
  const [, midSize, bigSize] = sizes as [MeasuredSize, MeasuredSize, MeasuredSize];
  const [mid, big] = [midSize.row, bigSize.row];
  // The exponents come from interleaved rounds (a 100-endpoint listing next to a 1,000-endpoint one),
  // not from two figures measured minutes apart: on a shared machine those drift by more than 2×.
  const rounds = Math.max(PAIRED_ROUNDS_MIN, (opts.batches ?? 7) * 6);
  const listExponent = await pairedExponent(
    mid.endpoints,
    midSize.fullList,
    big.endpoints,
    bigSize.fullList,
    rounds,
  );
  const sdkListExponent = await pairedExponent(
    mid.endpoints,
    midSize.sdkFullList,
    big.endpoints,
    bigSize.sdkFullList,
    rounds,
  );
  const pageSize = m.server.TOOLS_PAGE_SIZE;
  const expectedPages = Math.ceil(big.tools / pageSize);
  // Pages end at TOOLS_PAGE_SIZE tools or TOOLS_PAGE_MAX_CHARS of definitions, whichever comes first;
  // the answer's envelope adds a few hundred bytes.
  const maxPageBytes = m.server.TOOLS_PAGE_MAX_CHARS + 1024;
  const paginationOk =
    big.distinctListed === big.endpoints &&
    big.listed === big.endpoints &&
    big.pages >= expectedPages &&
    big.largestPageTools <= pageSize &&
    big.largestPageBytes <= maxPageBytes;
  return {
    rows,
    pageSize,
    listExponent: listExponent.exponent,
    listExponentRange: listExponent.range,
    sdkListExponent: sdkListExponent.exponent,
    sdkListExponentRange: sdkListExponent.range,
    exponentRounds: rounds,
    buildExponent: growthExponent(
      mid.endpoints,
      mid.parseMs + mid.buildMs,
      big.endpoints,
      big.parseMs + big.buildMs,
    ),
    paginationOk,
    paginationNote: `${big.listed} tools listed (${big.distinctListed} distinct; expected ${big.endpoints}) over ${big.pages} pages, the largest ${big.largestPageTools} tools / ${(big.largestPageBytes / 1024).toFixed(0)} KiB (≤ ${pageSize} tools and ≤ ${(maxPageBytes / 1024).toFixed(0)} KiB)`,
  };
}
