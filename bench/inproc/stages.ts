/**
 * Stage timing of one MCP request inside Node, with the worker's real modules and in-memory bindings:
 * token lookup, catalog and filter, SDK dispatch, account and credentials, the tool engine, and the
 * endpoint glue around them. The network is left out (the upstream answers with a canned payload),
 * so the figures are CPU cost per request. The peer is timed the same way, end to end.
 */
import { type Era, type McpMethod, mcpPost, type ToolCall } from "../lib/mcp-requests.ts";
import { type CannedResponse, cannedFetch, type FakeEnv, provisionInProcess } from "./fakes.ts";
import { dispatchWith, gatewayHandler } from "./handler.ts";
import type { PeerModule, TokenRecordLike, ToolFilterLike, WorkerModules } from "./modules.ts";
import { type OpCost, once, type PerOpOptions, perOp } from "./timing.ts";

const ORIGIN = "https://edge-mcp.bench.invalid";
const UPSTREAM = "http://upstream.bench.invalid/v1/contacts?contact_book=bench&limit=50";

/** One timed stage. */
export interface StageRow {
  stage: string;
  cost: OpCost;
  note: string;
}

/** What the first request of an isolate pays once, and what later requests pay instead. */
export interface ColdCosts {
  /** First `catalog()` call: registry validation (zod) + building every tool. */
  registryAndCatalogMs: number;
  /** Any later `catalog()` call. */
  warmCatalogUs: number;
  /** `catalog()` returns the same object every time (built once per isolate). */
  catalogCached: boolean;
  /** First tool call of a tool: compiles its argument validator. */
  firstToolCallMs: number;
  /** Later calls of the same tool (tool engine only, canned upstream). */
  warmToolEngineUs: number;
}

/** In-process end-to-end cost of one request. */
export interface E2eRow {
  side: "edge-mcp" | "edge-mcp (6 tools)" | "peer" | "direct upstream";
  era: Era;
  method: McpMethod;
  cost: OpCost;
}

/** Everything the in-process stage harness measures. */
export interface StageResults {
  cold: ColdCosts;
  list: StageRow[];
  call: StageRow[];
  e2e: E2eRow[];
}

/** A prepared in-process gateway: fake bindings, a URL token and the SDK handler as endpoint.ts builds it. */
export interface InProcessGateway {
  env: FakeEnv;
  token: string;
  record: TokenRecordLike;
  url: string;
  /**
   * Serves one request like `mcpRoute` does for a POST: authorize, then Streamable HTTP, with an
   * `ExecutionContext` so its tool call is recorded (activity row to the counting D1), and drains
   * the body and the `waitUntil` work. `record: false` serves it without a context: no record.
   */
  serve: (request: Request, options?: { record?: boolean }) => Promise<ArrayBuffer>;
}

/** Sets up the gateway in process, for a URL with the given filter (default: every tool). */
export async function inProcessGateway(
  m: WorkerModules,
  config: ToolFilterLike = {},
): Promise<InProcessGateway> {
  const { env, token, record } = await provisionInProcess(m, config);
  const url = `${ORIGIN}/mcp/${token}`;
  const pending: Array<Promise<unknown>> = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {} };
  const serve = async (request: Request, { record = true } = {}) => {
    const auth = await m.authorize.authorizeMcp(request, env, token);
    const response =
      auth instanceof Response
        ? auth
        : await m.endpoint.serveStreamableHttp(request, env, auth, record ? ctx : undefined);
    const body = await response.arrayBuffer();
    await Promise.all(pending.splice(0));
    return body;
  };
  return { env, token, record, url, serve };
}

/** Builds a fresh request (outside the timed region). */
export function requestFor(url: string, era: Era, method: McpMethod, call?: ToolCall): Request {
  const post = mcpPost(era, method, call);
  return new Request(url, { method: "POST", headers: post.headers, body: post.body });
}

/** Runs `fn` with the global `fetch` answering the canned upstream response. */
export async function withCannedFetch<T>(canned: CannedResponse, fn: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  globalThis.fetch = cannedFetch(canned);
  try {
    return await fn();
  } finally {
    globalThis.fetch = real;
  }
}

/** Measures cold costs; must run before anything else touches the catalog. */
async function coldCosts(m: WorkerModules, gw: InProcessGateway, canned: CannedResponse, call: ToolCall) {
  const registryAndCatalogMs = await once(() => m.catalog.catalog("missive"));
  const first = m.catalog.catalog("missive");
  const warm = await perOp(
    () => null,
    () => m.catalog.catalog("missive"),
  );
  const state = m.endpoint.requestState(gw.env, gw.record, cannedFetch(canned));
  const ctx = await state.callContext();
  const tool = state.byName.get(call.name);
  if (!tool) throw new Error(`${call.name} is not in the catalog`);
  const firstToolCallMs = await once(() => m.call.executeToolCall(tool, call.arguments, ctx));
  const engine = await perOp(
    () => null,
    () => m.call.executeToolCall(tool, call.arguments, ctx),
  );
  return {
    registryAndCatalogMs,
    warmCatalogUs: warm.us,
    catalogCached: first === m.catalog.catalog("missive"),
    firstToolCallMs,
    warmToolEngineUs: engine.us,
  };
}

/** Times every stage of `tools/list` and `tools/call` (2026-07-28), and both sides end to end. */
export async function measureStages(
  m: WorkerModules,
  peer: PeerModule,
  canned: CannedResponse,
  call: ToolCall,
  sixToolConfig: ToolFilterLike,
  opts: PerOpOptions = {},
): Promise<StageResults> {
  const gw = await inProcessGateway(m);
  const six = await inProcessGateway(m, sixToolConfig);
  const cold = await coldCosts(m, gw, canned, call);

  const handler = gatewayHandler(m);
  const state = m.endpoint.requestState(gw.env, gw.record, cannedFetch(canned));
  const dispatch = (method: McpMethod) => {
    const parsedBody: unknown = JSON.parse(mcpPost("2026", method, call).body);
    return (request: Request) => dispatchWith(handler, request, parsedBody, state);
  };
  const e2e = (request: Request) => gw.serve(request);
  const req =
    (method: McpMethod, era: Era = "2026") =>
    () =>
      requestFor(gw.url, era, method, call);

  const token = await perOp(req("tools/list"), (r) => m.authorize.authorizeMcp(r, gw.env, gw.token), opts);
  const catalog = await perOp(
    () => null,
    () => m.catalog.catalog("missive"),
    opts,
  );
  const tools = m.catalog.catalog("missive")?.tools ?? [];
  const filter = await perOp(
    () => null,
    () => m.toolSet.toolSet(tools, gw.record.config),
    opts,
  );
  const reqState = await perOp(
    () => null,
    () => m.endpoint.requestState(gw.env, gw.record),
    opts,
  );
  const sdkList = await perOp(req("tools/list"), dispatch("tools/list"), opts);
  const e2eList = await perOp(req("tools/list"), e2e, opts);
  const ctxCost = await perOp(
    () => null,
    () => state.callContext(),
    opts,
  );
  const tool = state.byName.get(call.name) as NonNullable<ReturnType<typeof state.byName.get>>;
  const ctx = await state.callContext();
  const engine = await perOp(
    () => null,
    () => m.call.executeToolCall(tool, call.arguments, ctx),
    opts,
  );
  const sdkCall = await perOp(req("tools/call"), dispatch("tools/call"), opts);
  const e2eCall = await withCannedFetch(canned, () => perOp(req("tools/call"), e2e, opts));

  // A difference of separately timed rows; NaN (rendered "–") when it is below their noise.
  const minus = (a: OpCost, ...bs: OpCost[]): OpCost => {
    const rest = a.us - bs.reduce((sum, b) => sum + b.us, 0);
    const v = rest > 0 ? rest : Number.NaN;
    return { us: v, minUs: v, maxUs: v, wallUs: Number.NaN };
  };
  const list: StageRow[] = [
    { stage: "token lookup", cost: token, note: "Origin check, SHA-256 of the URL token, KV get, zod parse" },
    {
      stage: "catalog + filter + state",
      cost: reqState,
      note: "requestState(): cached catalog and tool set",
    },
    { stage: "  of which catalog lookup", cost: catalog, note: "per-isolate cache hit" },
    {
      stage: "  of which tool set",
      cost: filter,
      note: "the config's tools and name map, built once per config",
    },
    { stage: "SDK dispatch", cost: sdkList, note: "createMcpHandler → Server → tools/list page → JSON" },
    {
      stage: "endpoint glue",
      cost: minus(e2eList, token, reqState, sdkList),
      note: "body read + parse, headers (total minus the rows above; – when within noise)",
    },
    { stage: "total (in-process)", cost: e2eList, note: "authorize + serveStreamableHttp + body" },
  ];
  const callRows: StageRow[] = [
    { stage: "token lookup", cost: token, note: "as for tools/list" },
    { stage: "catalog + filter + state", cost: reqState, note: "as for tools/list" },
    {
      stage: "SDK dispatch (SDK only)",
      cost: minus(sdkCall, ctxCost, engine),
      note: "envelope, routing, result",
    },
    { stage: "account + credentials", cost: ctxCost, note: "KV get + zod parse + AES-GCM decrypt" },
    {
      stage: "tool engine",
      cost: engine,
      note: "validate args (cfworker), split, upstream client, normalize result",
    },
    {
      stage: "endpoint glue",
      cost: minus(e2eCall, token, reqState, sdkCall),
      note: "body read + parse, headers (total minus the rows above; – when within noise)",
    },
    { stage: "total (in-process)", cost: e2eCall, note: "upstream answered in memory (canned)" },
  ];

  const e2eRows: E2eRow[] = [];
  const peerEnv = {
    MISSIVE_BASE_URL: "http://upstream.bench.invalid/v1",
    MISSIVE_TOKEN: "missive_pat-simulator",
  };
  await withCannedFetch(canned, async () => {
    // The same upstream call made directly, as a Worker would: fetch and read the body.
    const direct = await perOp(
      () => null,
      async () => {
        await (await fetch(UPSTREAM, { headers: { authorization: "Bearer missive_pat-simulator" } })).text();
      },
      opts,
    );
    for (const era of ["2026", "2025"] as const)
      e2eRows.push({ side: "direct upstream", era, method: "tools/call", cost: direct });
    for (const era of ["2026", "2025"] as const) {
      for (const method of ["tools/list", "tools/call"] as const) {
        e2eRows.push({ side: "edge-mcp", era, method, cost: await perOp(req(method, era), e2e, opts) });
        if (method === "tools/list") {
          const cost = await perOp(
            () => requestFor(six.url, era, method, call),
            (r) => six.serve(r),
            opts,
          );
          e2eRows.push({ side: "edge-mcp (6 tools)", era, method, cost });
        }
        const peerCall = { name: call.name, arguments: call.arguments };
        e2eRows.push({
          side: "peer",
          era,
          method,
          cost: await perOp(
            () => requestFor(`${ORIGIN}/mcp`, era, method, peerCall),
            async (r) => {
              await (await peer.default.fetch(r, peerEnv)).arrayBuffer();
            },
            opts,
          ),
        });
      }
    }
  });
  return { cold, list, call: callRows, e2e: e2eRows };
}
