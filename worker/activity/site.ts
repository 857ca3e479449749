/**
 * Builds the {@link CallSite} of an MCP request: who and what carried its tool calls. The protocol
 * era, version and client come from the message itself on 2026-07-28 (per-request `_meta`); on the
 * 2025 era they come from the legacy session's `initialize` when there is one (HTTP+SSE), else from
 * the `MCP-Protocol-Version` header, and the client is then known only by its User-Agent (stateless
 * Streamable HTTP keeps no session to remember `clientInfo` in).
 */
import { requestTrace } from "../http/trace";
import type { TokenRecord } from "../stores/records";
import type { Caller, CallSite, Transport } from "./record";

/** What a legacy HTTP+SSE session remembers from its `initialize`. */
export interface SessionFacts {
  protocol_version: string | null;
  client_name?: string | null;
  client_version?: string | null;
}

/** Everything about a request that is known before its body is read. */
export interface SiteInput {
  request: Request;
  env: Env;
  waitUntil: (promise: Promise<unknown>) => void;
  requestId: string;
  record: TokenRecord;
  caller: Caller | null;
  transport: Transport;
  session?: SessionFacts;
}

/** The `params._meta` key a 2026-07-28 message claims its protocol version under. */
export const META_VERSION = "io.modelcontextprotocol/protocolVersion";
const META_CLIENT = "io.modelcontextprotocol/clientInfo";

/** The call site of a request whose (first) JSON-RPC message is `parsed`. */
export function callSite(input: SiteInput, parsed: unknown): CallSite {
  const message = Array.isArray(parsed) ? parsed[0] : parsed;
  const meta = field(field(message, "params"), "_meta");
  const modernVersion = text(field(meta, META_VERSION));
  const client = modernVersion ? field(meta, META_CLIENT) : null;
  const headerVersion = input.request.headers.get("mcp-protocol-version");
  return {
    trace_id: requestTrace(input.request, parsed)?.traceId ?? null,
    env: input.env,
    waitUntil: input.waitUntil,
    request_id: input.requestId,
    account_id: input.record.integrated_account_id,
    server_id: input.record.server_id,
    transport: input.transport,
    protocol_era: modernVersion ? "2026" : "2025",
    protocol_version: modernVersion ?? input.session?.protocol_version ?? text(headerVersion),
    client_name: text(field(client, "name")) ?? input.session?.client_name ?? null,
    client_version: text(field(client, "version")) ?? input.session?.client_version ?? null,
    user_agent: text(input.request.headers.get("user-agent")),
    caller: input.caller,
    log_arguments: input.record.config.log_arguments === true,
  };
}

/** The `clientInfo` of an `initialize` request, for a legacy session to remember. */
export function initializeClient(parsed: unknown): { name: string; version: string | null } | null {
  const message = Array.isArray(parsed) ? parsed[0] : parsed;
  if (field(message, "method") !== "initialize") return null;
  const info = field(field(message, "params"), "clientInfo");
  const name = text(field(info, "name"));
  return name ? { name, version: text(field(info, "version")) } : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** A short, printable string from a client-supplied value (bounded: it is stored). */
function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // Control characters have no place in a name and would garble the dashboard and logs.
  const trimmed = Array.from(value)
    .filter((c) => c >= " " && c !== "\u007f")
    .join("")
    .trim();
  return trimmed ? trimmed.slice(0, 200) : null;
}
