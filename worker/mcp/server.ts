/**
 * The per-request MCP server: a low-level SDK `Server` whose tool set is the integration's catalog
 * filtered by this URL's config. Built by the handler's factory for every request (stateless), so
 * nothing leaks between URLs; the catalog, validators and search index it uses are per-isolate.
 */
import { ProtocolError, ProtocolErrorCode, Server, type Tool } from "@modelcontextprotocol/server";
import pkg from "../../package.json";
import type { CallSite } from "../activity/record";
import type { GatewayTool } from "../tools/build";
import type { Catalog } from "../tools/catalog";
import { toolsPage } from "../tools/definition";
import type { RateLimitState } from "../tools/rate-limit";
import type { ToolResult } from "../tools/result";
import type { SchemaProfile } from "../tools/schema-profiles";
import type { CallContext } from "./call";
import { callCodeTool, isCodeTool } from "./code-calls";
import { type CodeRuntime, codeTools } from "./code-mode";
import { META_TOOLS } from "./discovery";
import { callMetaTool, isMetaTool } from "./discovery-calls";
import { type AdmitWork, GATEWAY_RATE_LIMITED_CODE, type GatewayRateLimited, refusalMessage } from "./limit";
import { runToolCall } from "./tool-call";

/** Tools per `tools/list` page (and a bound on their bytes): a registry of thousands of endpoints is served in pages. */
export { TOOLS_PAGE_MAX_CHARS, TOOLS_PAGE_SIZE } from "../tools/definition";
/**
 * How long a 2026-07-28 client may cache `tools/list`. The list changes when an admin edits the URL
 * or publishes a version of its integration: with the gateway's own revalidation
 * (worker/integrations/registry.ts, 30 s) a publish reaches every client within 60 s.
 */
export const TOOLS_LIST_TTL_MS = 30_000;

/** What every server says about the tools, before the integration's own shared explanations. */
export const BASE_INSTRUCTIONS =
  "Tools map one-to-one to documented API endpoints. List tools return {result, next_cursor}: to page, call again with the same arguments and next_cursor passed back unchanged; null means the list is complete (unless the result says incomplete: true). Errors come back as tool results with isError and a message saying what to fix.";

const DISCOVERY_INSTRUCTIONS =
  "This server lists three tools instead of all of its own: search_tools finds a tool for a task, get_tool_schema shows its arguments, call_tool runs it.";

const CODE_INSTRUCTIONS =
  "This server lists two tools instead of all of its own: search_functions finds functions for a task with their TypeScript signatures, run_program runs a short JavaScript program calling them (await tools.<name>(args)) and returns only what the program returns. Prefer one program for a whole workflow.";

/** Everything one MCP request needs, plus what its tool call reports back to the HTTP layer. */
export interface McpRequestState {
  serverName: string;
  /** The integration version's catalog (its search index is shared by every URL of it). */
  catalog: Catalog;
  /** Loads the catalog's stored search index before the first `search_tools` of an isolate. */
  prepareSearch?: () => Promise<void>;
  /** The integration's shared explanations for the model, said once here instead of per tool. */
  instructions?: string | undefined;
  /** `discovery` lists the three meta tools instead of `tools`; `code` lists code mode's two. */
  exposure: "all" | "discovery" | "code";
  /** Code mode's loader, run budget and limits (set when the exposure is `code`). */
  code?: CodeRuntime;
  /** The form of the listed schemas (worker/tools/schema-profiles.ts); calls are mapped back from it. */
  schemaProfile: SchemaProfile;
  tools: readonly GatewayTool[];
  byName: ReadonlyMap<string, GatewayTool>;
  /** Resolved lazily: only `tools/call` needs the account's decrypted credentials. */
  callContext: () => Promise<CallContext | ToolResult>;
  /** Aborted when the client disconnects (reads in flight are abandoned; a program makes no more calls). */
  clientSignal?: AbortSignal;
  /** Takes one unit of the URL's budget (our own per-URL limit); see worker/mcp/limit.ts. */
  admit: AdmitWork;
  /**
   * Set by `tools/call` with the upstream's normalized rate-limit state, or our own limit's when it
   * refused the call.
   */
  rateLimit?: RateLimitState | null;
  toolCalled?: boolean;
  /** Set when our own limit refused some work of this request. */
  refused?: GatewayRateLimited;
  /** Where tool calls are recorded (worker/activity/record.ts); absent, nothing is recorded. */
  site?: CallSite;
  /** True when `name` is a tool of the integration (so a call outside the filters is a filter refusal). */
  inCatalog?: (name: string) => boolean;
}

/** Builds the SDK server for one request. */
export function buildServer(state: McpRequestState): Server {
  const server = new Server(
    { name: "edge-mcp", title: state.serverName, version: pkg.version },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: [
        BASE_INSTRUCTIONS,
        state.exposure === "discovery"
          ? DISCOVERY_INSTRUCTIONS
          : state.exposure === "code"
            ? CODE_INSTRUCTIONS
            : undefined,
        state.instructions,
      ]
        .filter(Boolean)
        .join("\n\n"),
      cacheHints: { "tools/list": { ttlMs: TOOLS_LIST_TTL_MS, cacheScope: "private" } },
    },
  );

  server.setRequestHandler("tools/list", async (request) => {
    const refused = await state.admit();
    if (refused) {
      state.refused = refused;
      throw new ProtocolError(GATEWAY_RATE_LIMITED_CODE, refusalMessage(refused), refused);
    }
    const listed =
      state.exposure === "discovery"
        ? META_TOOLS
        : state.exposure === "code" && state.code
          ? codeTools(state.code.limits)
          : state.tools;
    const offset = decodeListCursor(request.params?.cursor);
    // Our JsonSchema type is structurally JSON; the SDK's JSON-value type cannot see that.
    const { tools, end } = toolsPage(listed, offset, state.schemaProfile);
    const page = tools as Tool[];
    const next = end < listed.length ? btoa(`tools:${end}`) : undefined;
    return next ? { tools: page, nextCursor: next } : { tools: page };
  });

  server.setRequestHandler("tools/call", async (request) => {
    const { name, arguments: args } = request.params;
    if (state.exposure === "discovery" && isMetaTool(name)) return await callMetaTool(state, name, args);
    if (state.exposure === "code" && state.code && isCodeTool(name))
      return await callCodeTool(state, state.code, name, args);
    return await runToolCall(state, name, args);
  });

  return server;
}

function decodeListCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let offset = Number.NaN;
  try {
    const m = atob(cursor).match(/^tools:(\d+)$/);
    if (m?.[1]) offset = Number(m[1]);
  } catch {
    // fall through to the error below
  }
  if (!Number.isInteger(offset)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid cursor");
  return offset;
}
