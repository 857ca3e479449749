/**
 * A tool's `tools/list` entry: the one shape both the MCP server sends and the footprint
 * measurement (scripts/gen-registry.ts → docs-registry/tool-tokens.ts) counts.
 */
import type { JsonSchema } from "../../docs-registry/index";
import type { ToolAnnotations } from "./annotations";

/** The hints `tools/list` sends: only those that differ from MCP's defaults (see {@link wireHints}). */
export type WireHints = Partial<Omit<ToolAnnotations, "title">>;

/** What `tools/list` shows of a tool. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { type: "object" };
  annotations: WireHints;
}

/**
 * The hints as sent. MCP defines defaults for absent hints — readOnlyHint false, idempotentHint
 * false, openWorldHint true, and destructive/idempotent are meaningful only when a tool is not
 * read-only — so sending those values repeats the protocol at ~10 tokens a tool. Every default is
 * also the cautious reading. `destructiveHint` is always sent when it matters (its default, true,
 * is what this gateway exists to state correctly, so no client is left to infer it), and
 * `annotations.title` is left out because the tool's own `title` takes precedence since 2025-06-18.
 */
export function wireHints(a: ToolAnnotations): WireHints {
  if (a.readOnlyHint)
    return a.openWorldHint ? { readOnlyHint: true } : { readOnlyHint: true, openWorldHint: false };
  const out: WireHints = { destructiveHint: a.destructiveHint };
  if (a.idempotentHint) out.idempotentHint = true;
  if (!a.openWorldHint) out.openWorldHint = false;
  return out;
}

/** MCP's reading of sent hints: the full annotations a client derives from {@link wireHints}. */
export function readHints(w: WireHints): Omit<ToolAnnotations, "title"> {
  const readOnlyHint = w.readOnlyHint ?? false;
  return {
    readOnlyHint,
    destructiveHint: readOnlyHint ? false : (w.destructiveHint ?? true),
    idempotentHint: readOnlyHint ? true : (w.idempotentHint ?? false),
    openWorldHint: w.openWorldHint ?? true,
  };
}

/**
 * The `tools/list` entry of a gateway tool or a discovery meta tool. The root
 * `additionalProperties: false` stays on the server (unknown arguments are refused with a message
 * naming them) but is not sent: it tells a model nothing it acts on, at ~5 tokens a tool. Built once
 * per tool per isolate.
 */
export function toolDefinition(
  t: Omit<ToolDefinition, "annotations"> & { annotations: ToolAnnotations },
): ToolDefinition {
  let d = definitions.get(t);
  if (!d) {
    const { additionalProperties: _closed, ...inputSchema } = t.inputSchema;
    d = {
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: inputSchema as ToolDefinition["inputSchema"],
      annotations: wireHints(t.annotations),
    };
    definitions.set(t, d);
  }
  return d;
}

const definitions = new WeakMap<object, ToolDefinition>();
