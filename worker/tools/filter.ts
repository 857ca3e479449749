/**
 * Server filters: `methods` AND `tags`, then `exclude_tools`. An absent list means "all" (or, for
 * `exclude_tools`, none). Filters are authorization: the same predicate hides a tool from
 * `tools/list` (and from discovery search) and refuses it at `tools/call`.
 */
import { methodMatches } from "./method-kinds";

/** The tool-shaping part of an MCP server's config. */
export interface ToolFilter {
  methods?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
  /** Exact tool names (canonical or listed) removed after the method and tag filters. */
  exclude_tools?: readonly string[] | undefined;
}

/** What a filter looks at on a tool. */
export interface Filterable {
  name: string;
  /** The listed name, when the tool has a short one (worker/tools/listed-name.ts). */
  listedName?: string;
  method: string;
  access: "read" | "write";
  tags: readonly string[];
}

/** True when the tool passes the method and tag filters and is not excluded by name. */
export function toolAllowed(tool: Filterable, filter: ToolFilter): boolean {
  const methodOk = !filter.methods || filter.methods.some((m) => methodMatches(tool, m));
  const tagOk = !filter.tags || filter.tags.some((t) => tool.tags.includes(t));
  const excluded =
    filter.exclude_tools?.includes(tool.name) ||
    (tool.listedName !== undefined && filter.exclude_tools?.includes(tool.listedName));
  return methodOk && tagOk && !excluded;
}

/** The tools a filter yields, in the given (deterministic) order. */
export function applyFilter<T extends Filterable>(tools: readonly T[], filter: ToolFilter): T[] {
  return tools.filter((t) => toolAllowed(t, filter));
}
