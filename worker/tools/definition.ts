/**
 * A tool's `tools/list` entry: the one shape both the MCP server sends and the footprint
 * measurement (scripts/gen-registry.ts → docs-registry/tool-tokens.ts) counts.
 */
import type { JsonSchema } from "../integrations/schema";
import type { ToolAnnotations } from "./annotations";
import { DEFAULT_SCHEMA_PROFILE, profileMemo, type SchemaProfile, wireSchema } from "./schema-profiles";

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

/** What {@link toolDefinition} reads of a gateway tool or a discovery meta tool. */
export type Listed = Omit<ToolDefinition, "annotations"> & {
  annotations: ToolAnnotations;
  /** The name `tools/list` shows when it differs from `name` (worker/tools/listed-name.ts). */
  listedName?: string;
};

/**
 * The `tools/list` entry of a gateway tool or a discovery meta tool under a schema profile
 * (worker/tools/schema-profiles.ts): its listed name, and its `inputSchema` in the profile's wire
 * form. The gateway validates against the documented schema whatever the profile. Built once per
 * tool and profile per isolate.
 */
export function toolDefinition(t: Listed, profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE): ToolDefinition {
  return definitions(t, profile, () => ({
    name: t.listedName ?? t.name,
    title: t.title,
    description: t.description,
    inputSchema: wireSchema(t.inputSchema, profile),
    annotations: wireHints(t.annotations),
  }));
}

const definitions = profileMemo<Listed, ToolDefinition>();
const lengths = profileMemo<Listed, number>();

/** Most tools on one `tools/list` page. */
export const TOOLS_PAGE_SIZE = 200;

/**
 * Most characters of tool definitions on one `tools/list` page. V8 serializes a JSON string of more
 * than ~128 KiB about 4× slower per byte (measured in Node: 240 synthetic tools, 128 KB, 0.31 ms;
 * 260 tools, 142 KB, 1.26 ms), which made a listing of large registries grow faster than its size
 * (200-tool pages of ~150 KB). Pages end before they reach it; a single larger tool still gets its page.
 */
export const TOOLS_PAGE_MAX_CHARS = 120_000;

/**
 * The `tools/list` page starting at `offset` (under `profile`): at most {@link TOOLS_PAGE_SIZE} tools and
 * {@link TOOLS_PAGE_MAX_CHARS} characters of their JSON (each tool's length is measured once per
 * isolate), and where the next page starts (`end` = `listed.length` when this is the last one).
 */
export function toolsPage(
  listed: readonly Listed[],
  offset: number,
  profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE,
): { tools: ToolDefinition[]; end: number } {
  const tools: ToolDefinition[] = [];
  let chars = 0;
  let end = offset;
  while (end < listed.length && tools.length < TOOLS_PAGE_SIZE) {
    const t = listed[end] as Listed;
    const d = toolDefinition(t, profile);
    const n = lengths(t, profile, () => JSON.stringify(d).length + 1);
    if (tools.length > 0 && chars + n > TOOLS_PAGE_MAX_CHARS) break;
    tools.push(d);
    chars += n;
    end++;
  }
  return { tools, end };
}
