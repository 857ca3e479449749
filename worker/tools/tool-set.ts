/**
 * The tools one server config yields, computed once per isolate and config: every request to a URL
 * reuses the filtered list and its name map instead of filtering the whole catalog again (which made
 * a paged listing of a large registry cost pages × catalog size).
 */
import type { GatewayTool } from "./build";
import { namesOf } from "./catalog";
import { applyFilter, type ToolFilter } from "./filter";

/** A config's tools, in catalog order, and the same by canonical and listed name. */
export interface ToolSet {
  tools: readonly GatewayTool[];
  byName: ReadonlyMap<string, GatewayTool>;
}

/** Distinct configs kept per catalog before the cache starts over (each entry is two references per tool). */
const MAX_CONFIGS = 1_000;
const sets = new WeakMap<readonly GatewayTool[], Map<string, ToolSet>>();

/**
 * The tools `filter` (a server config) keeps from a catalog's `all` (the same array every time for
 * the same catalog).
 */
export function toolSet(all: readonly GatewayTool[], filter: ToolFilter): ToolSet {
  let perConfig = sets.get(all);
  if (!perConfig) {
    perConfig = new Map();
    sets.set(all, perConfig);
  }
  const key = filterKey(filter);
  let set = perConfig.get(key);
  if (!set) {
    const tools = applyFilter(all, filter);
    set = { tools, byName: namesOf(tools) };
    if (perConfig.size >= MAX_CONFIGS) perConfig.clear();
    perConfig.set(key, set);
  }
  return set;
}

/**
 * The whole config, canonically serialized: any field that differs (including filter fields added
 * later) selects a different entry. Arrays keep their order, so two orders of one filter only cost
 * a second entry, never a wrong answer.
 */
function filterKey(filter: ToolFilter): string {
  return JSON.stringify(filter, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
