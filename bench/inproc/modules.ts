/**
 * Typed access to the worker's own modules for the in-process harness. Worker code is written for a
 * bundler, so it is loaded at run time (through `hooks.ts`), not imported statically: the node
 * typecheck never follows it. The interfaces below name only what the harness uses.
 */
import { pathToFileURL } from "node:url";
import type { Server } from "@modelcontextprotocol/server";

/** A built tool, as far as the harness looks at it. */
export interface GatewayToolLike {
  name: string;
  method: string;
  tags: readonly string[];
  inputSchema: Record<string, unknown>;
}

/** The filter part of a server config. */
export interface ToolFilterLike {
  methods?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
}

/** The routing record a URL token resolves to. */
export interface TokenRecordLike {
  server_id: string;
  integrated_account_id: string;
  integration: string;
  config: ToolFilterLike & { auth?: string };
  expires_at: string | null;
}

/** The per-request state the SDK server is built from. */
export interface RequestStateLike {
  serverName: string;
  integration?: string;
  exposure?: "all" | "discovery";
  /** The listed schemas' form (worker/tools/schema-profiles.ts); the default one for the bench. */
  schemaProfile?: "portable" | "openai_strict" | "full";
  tools: readonly GatewayToolLike[];
  byName: ReadonlyMap<string, GatewayToolLike>;
  callContext: () => Promise<unknown>;
  /** Our per-URL limit's admission of one unit of work (null = admitted). */
  admit: () => Promise<unknown>;
}

/** One integration of the registry. */
export interface RegistryEntryLike {
  integration: unknown;
  records: ReadonlyArray<{ file: string; record: unknown }>;
}

/** An integration version's content under its SHA-256 (worker/integrations/snapshot.ts). */
export interface SnapshotLike extends RegistryEntryLike {
  readonly hash: string;
}

/** A snapshot's built tools (worker/tools/catalog.ts). */
export interface CatalogLike {
  tools: readonly GatewayToolLike[];
  byName: ReadonlyMap<string, GatewayToolLike>;
}

/** Raw registry data as `parseRegistry` takes it. */
export type RawRegistry = ReadonlyArray<RegistryEntryLike>;

/** The worker modules the harness drives. */
export interface WorkerModules {
  /** docs-registry/index.ts: the seed's validation (the Worker never imports it). */
  registry: {
    parseRegistry(raw: RawRegistry): Map<string, RegistryEntryLike>;
    registry(): Map<string, RegistryEntryLike>;
  };
  snapshot: {
    /** Every record checked against the format, as `POST /integrations` does before storing. */
    validateContent(raw: unknown): RegistryEntryLike;
    /** The stored form and its hash, as `POST /integrations` stores a version. */
    snapshotOf(content: RegistryEntryLike): Promise<{ snapshot: SnapshotLike; text: string }>;
    /** What an isolate does with a snapshot's text read from KV. */
    readSnapshot(hash: string, text: string): Promise<SnapshotLike>;
  };
  searchIndex: {
    searchIndex(c: CatalogLike): unknown;
    /** The index as `POST /integrations` stores it beside the snapshot. */
    serializeSearchIndex(c: CatalogLike): string;
    /** What an isolate's first `search_tools` does: load the stored index. */
    prepareSearchIndex(c: CatalogLike, load: () => Promise<string | null>): Promise<void>;
    searchTools(
      c: CatalogLike,
      query: string,
      allowed: ReadonlyMap<string, GatewayToolLike>,
      limit: number,
    ): Array<{ name: string }>;
  };
  importer: {
    importDocument(
      document: unknown,
      name: string,
      overrides?: unknown,
    ): {
      integration: unknown;
      records: ReadonlyMap<string, unknown>;
      report: ReadonlyArray<{ file: string | null; notes: string[] }>;
    };
  };
  build: {
    buildTools(integration: unknown, records: ReadonlyArray<{ record: unknown }>): GatewayToolLike[];
  };
  catalog: {
    catalog(snapshot: SnapshotLike): CatalogLike;
  };
  toolSet: {
    toolSet(
      all: readonly GatewayToolLike[],
      filter: ToolFilterLike,
    ): { tools: readonly GatewayToolLike[]; byName: ReadonlyMap<string, GatewayToolLike> };
  };
  server: {
    buildServer(state: RequestStateLike): Server;
    TOOLS_PAGE_SIZE: number;
    TOOLS_PAGE_MAX_CHARS: number;
  };
  authorize: {
    authorizeMcp(
      request: Request,
      env: unknown,
      token: string,
    ): Promise<{ record: TokenRecordLike } | Response>;
  };
  /** worker/mcp/streamable-http.ts: a POST on an MCP URL after authorization. */
  streamableHttp: {
    serveStreamableHttp(
      request: Request,
      env: unknown,
      auth: { record: TokenRecordLike },
      ctx?: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void },
    ): Promise<Response>;
  };
  /** worker/mcp/dispatch.ts: the SDK dispatch both transports share. */
  dispatch: {
    MAX_MCP_BODY_BYTES: number;
  };
  listCache: {
    cachedToolsList(
      request: Request,
      record: Pick<TokenRecordLike, "integration" | "config">,
      snapshotHash: string,
      parsed: { id: string | number; params?: unknown },
      dispatch: (parsedBody: unknown) => Promise<Response>,
    ): Promise<Response>;
  };
  crypto: {
    sha256Hex(value: string): Promise<string>;
    seal(secret: string, value: unknown, aad: string): Promise<unknown>;
  };
  records: {
    keys: {
      token(hash: string): string;
      account(id: string): string;
      integrationSnapshot(hash: string): string;
    };
  };
}

const PROJECT = new URL("../../", import.meta.url);

async function loadFrom<T>(path: string, base: URL = PROJECT): Promise<T> {
  return (await import(new URL(path, base).href)) as T;
}

/**
 * Loads the worker modules (requires the hooks of `register.ts`) from the source snapshot named by
 * `BENCH_SOURCE_DIR`, else from the project.
 */
export async function loadWorkerModules(): Promise<WorkerModules> {
  const dir = process.env.BENCH_SOURCE_DIR;
  const base = dir ? pathToFileURL(`${dir.replace(/\/+$/, "")}/`) : PROJECT;
  const load = <T>(path: string) => loadFrom<T>(path, base);
  return {
    registry: await load("docs-registry/index.ts"),
    snapshot: await load("worker/integrations/snapshot.ts"),
    searchIndex: await load("worker/tools/search-index.ts"),
    importer: await load("worker/integrations/import/index.ts"),
    build: await load("worker/tools/build.ts"),
    catalog: await load("worker/tools/catalog.ts"),
    toolSet: await load("worker/tools/tool-set.ts"),
    server: await load("worker/mcp/server.ts"),
    authorize: await load("worker/mcp/authorize.ts"),
    streamableHttp: await load("worker/mcp/streamable-http.ts"),
    dispatch: await load("worker/mcp/dispatch.ts"),
    listCache: await load("worker/mcp/list-cache.ts"),
    crypto: await load("worker/security/crypto.ts"),
    records: await load("worker/stores/records.ts"),
  };
}

/** The peer Worker's entry, loaded the same way. */
export interface PeerModule {
  default: {
    fetch(
      request: Request,
      env: { MISSIVE_BASE_URL: string; MISSIVE_TOKEN: string },
    ): Promise<Response> | Response;
  };
}

/** Loads the reference peer's entry module. */
export function loadPeer(): Promise<PeerModule> {
  return loadFrom("bench/peer/worker.ts");
}
