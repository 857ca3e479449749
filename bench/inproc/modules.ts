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

/** Raw registry data as `parseRegistry` takes it. */
export type RawRegistry = ReadonlyArray<RegistryEntryLike>;

/** The worker modules the harness drives. */
export interface WorkerModules {
  registry: {
    parseRegistry(raw: RawRegistry): Map<string, RegistryEntryLike>;
  };
  build: {
    buildTools(integration: unknown, records: ReadonlyArray<{ record: unknown }>): GatewayToolLike[];
  };
  catalog: {
    catalog(integration: string): { tools: readonly GatewayToolLike[] } | undefined;
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
  endpoint: {
    serveStreamableHttp(
      request: Request,
      env: unknown,
      auth: { record: TokenRecordLike },
      ctx?: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void },
    ): Promise<Response>;
    MAX_MCP_BODY_BYTES: number;
  };
  listCache: {
    cachedToolsList(
      request: Request,
      record: Pick<TokenRecordLike, "integration" | "config">,
      parsed: { id: string | number; params?: unknown },
      dispatch: (parsedBody: unknown) => Promise<Response>,
    ): Promise<Response>;
  };
  crypto: {
    sha256Hex(value: string): Promise<string>;
    seal(secret: string, value: unknown, aad: string): Promise<unknown>;
  };
  records: {
    keys: { token(hash: string): string; account(id: string): string };
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
    build: await load("worker/tools/build.ts"),
    catalog: await load("worker/tools/catalog.ts"),
    toolSet: await load("worker/tools/tool-set.ts"),
    server: await load("worker/mcp/server.ts"),
    authorize: await load("worker/mcp/authorize.ts"),
    endpoint: await load("worker/mcp/endpoint.ts"),
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
