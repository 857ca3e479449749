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

import { dispatchWith, gatewayHandler } from "./inproc/handler.ts";
import type {
  GatewayToolLike,
  RawRegistry,
  RequestStateLike,
  ToolFilterLike,
  WorkerModules,
} from "./inproc/modules.ts";
import { calibrate, once, type PerOpOptions, pairedCpu, perOp, type TimedOp } from "./inproc/timing.ts";
import { mcpPost } from "./lib/mcp-requests.ts";
import { growthExponent, spread } from "./lib/stats.ts";

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
  /** The per-request tool-set lookup (filter + name map, built once per config). */
  filterAndMapUs: number;
  /** First page with a tag filter that keeps a tenth of the tools. */
  filteredFirstPageUs: number;
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
  // What requestState() does per request for a URL with this filter (it reads the shipped registry,
  // so the synthetic catalog is passed through the same steps here).
  const stateFor = (filter: ToolFilterLike): RequestStateLike => {
    const set = m.toolSet.toolSet(tools, filter);
    return {
      serverName: "Synthetic via edge-mcp",
      tools: set.tools,
      byName: set.byName,
      callContext: async () => {
        throw new Error("not called");
      },
      // Our per-URL limit admits every page here; its binding call is probed alone (bench/probe).
      admit: async () => null,
    };
  };
  // A page request as a client sends it; built outside the timed region (a Worker receives it ready).
  const pageRequest = (cursor?: string): PageRequest => {
    const post = mcpPost("2026", "tools/list");
    const parsed = JSON.parse(post.body) as { params: Record<string, unknown> };
    if (cursor) parsed.params.cursor = cursor;
    const request = new Request("https://bench.invalid/mcp/x", {
      method: "POST",
      headers: post.headers,
      body: JSON.stringify(parsed),
    });
    return { request, parsed };
  };
  // The SDK's rendering of one page: dispatch, and drain the body as bytes.
  const render = (page: ReturnType<typeof pageRequest>, filter: ToolFilterLike) =>
    dispatchWith(handler, page.request, page.parsed, stateFor(filter));
  // What serveStreamableHttp does for a tools/list: the prepared answer of this integration, config
  // and page (rendered by the SDK on its first request), drained as bytes.
  const record = (filter: ToolFilterLike) => ({ integration: `synth-${endpoints}`, config: filter });
  const serve = async (page: ReturnType<typeof pageRequest>, filter: ToolFilterLike) => {
    const parsed = page.parsed as unknown as { id: string | number; params?: unknown };
    const response = await m.listCache.cachedToolsList(page.request, record(filter), parsed, (body) =>
      handler.fetch(page.request, {
        parsedBody: body,
        authInfo: {
          token: "url-token",
          clientId: "mcp_bench",
          scopes: [],
          extra: { state: stateFor(filter) },
        },
      }),
    );
    return response.arrayBuffer();
  };
  // One untimed pass follows nextCursor to learn every page's cursor and check the listing.
  const names: string[] = [];
  let largestPageTools = 0;
  let largestPageBytes = 0;
  const cursors: Array<string | undefined> = [];
  let bytes = 0;
  let cursor: string | undefined;
  do {
    cursors.push(cursor);
    const body = await serve(pageRequest(cursor), {});
    bytes += body.byteLength;
    largestPageBytes = Math.max(largestPageBytes, body.byteLength);
    const result = (
      JSON.parse(new TextDecoder().decode(body)) as {
        result: { tools: Array<{ name: string }>; nextCursor?: string };
      }
    ).result;
    for (const t of result.tools) names.push(t.name);
    largestPageTools = Math.max(largestPageTools, result.tools.length);
    cursor = result.nextCursor;
  } while (cursor);
  // Enough operations per batch for a stable figure at every size: a calibration pass sizes each
  // batch to about BATCH_CPU_US of CPU (a prepared page costs far less than the SDK's rendering).
  const cpu = async <I>(prepare: () => I, op: (input: I) => unknown) => {
    const perBatch = await calibrate({ prepare, op }, BATCH_CPU_US, MAX_PER_BATCH);
    return (await perOp(prepare, op, { ...opts, perBatch })).us;
  };
  const allPages = () => cursors.map((c) => pageRequest(c));
  const fullList: TimedOp<PageRequest[]> = {
    prepare: allPages,
    op: async (pages) => {
      for (const page of pages) await serve(page, {});
    },
  };
  const sdkFullList: TimedOp<PageRequest[]> = {
    prepare: allPages,
    op: async (pages) => {
      for (const page of pages) await render(page, {});
    },
  };
  const row: GrowthRow = {
    endpoints,
    tools: tools.length,
    parseMs: Math.min(...parses),
    buildMs: Math.min(...builds),
    firstPageUs: await cpu(pageRequest, (page) => serve(page, {})),
    fullListUs: await cpu(fullList.prepare, fullList.op),
    sdkFullListUs: await cpu(sdkFullList.prepare, sdkFullList.op),
    pages: cursors.length,
    distinctListed: new Set(names).size,
    listed: names.length,
    largestPageTools,
    largestPageBytes,
    fullListBytes: bytes,
    filterAndMapUs: await cpu(
      () => null,
      () => stateFor({}),
    ),
    filteredFirstPageUs: await cpu(pageRequest, (page) => serve(page, { tags: ["group0"] })),
  };
  return { row, fullList, sdkFullList };
}

/** A page request as a client sends it. */
interface PageRequest {
  request: Request;
  parsed: { params: Record<string, unknown> };
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
