/**
 * Server filters: `methods` AND `tags`. An absent list means "all". Filters are authorization:
 * the same predicate hides a tool from `tools/list` and refuses it at `tools/call`.
 */
import { methodMatches } from "./method-kinds";

/** The tool-shaping part of an MCP server's config. */
export interface ToolFilter {
  methods?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
}

/** What a filter looks at on a tool. */
export interface Filterable {
  method: string;
  tags: readonly string[];
}

/** True when the tool passes both the method and the tag filter. */
export function toolAllowed(tool: Filterable, filter: ToolFilter): boolean {
  const methodOk = !filter.methods || filter.methods.some((m) => methodMatches(tool.method, m));
  const tagOk = !filter.tags || filter.tags.some((t) => tool.tags.includes(t));
  return methodOk && tagOk;
}

/** The tools a filter yields, in the given (deterministic) order. */
export function applyFilter<T extends Filterable>(tools: readonly T[], filter: ToolFilter): T[] {
  return tools.filter((t) => toolAllowed(t, filter));
}
