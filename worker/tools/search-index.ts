/**
 * Full-text search over an integration's tools for discovery mode (`search_tools`), with MiniSearch
 * (BM25-style scoring). One index per integration version: built when the version is created and
 * stored beside its snapshot (serialized), so an isolate's first search only loads it (building it
 * for 1,100 tools costs ~100 ms of CPU, loading it ~15 ms); built on the spot when none was stored.
 * No request re-indexes anything, and a URL's filters are applied to the results, not to the index.
 * It holds each tool's name, title, summary (first sentence), parameter names and tags, not the
 * whole description: that doubled its size and load time and changed no result of the quality
 * tests. Hits take their title and summary from the catalog, not from the index.
 */
import MiniSearch, { type Options } from "minisearch";
import type { GatewayTool } from "./build";
import type { Catalog } from "./catalog";

/** One search hit: enough for a model to pick a tool, then fetch its schema. */
export interface ToolHit {
  name: string;
  title: string;
  summary: string;
}

interface Doc {
  id: string;
  name: string;
  title: string;
  summary: string;
  params: string;
  tags: string;
}

/**
 * Words people use for what API docs call otherwise. Applied to query terms only (after
 * stemming), so the index keeps the documents' own words.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  thread: ["conversation"],
  email: ["message", "draft"],
  mail: ["message", "draft"],
  reply: ["draft", "send"],
  send: ["draft"],
  write: ["draft", "create"],
  tag: ["label"],
  apply: ["add", "conversation"],
  save: ["create"],
  fast: ["time", "analytics"],
  speed: ["time", "analytics"],
  remove: ["delete"],
  erase: ["delete"],
  person: ["contact"],
  people: ["contact", "user"],
  prospect: ["contact"],
  customer: ["contact"],
  lead: ["contact"],
  company: ["organization"],
  note: ["comment", "post"],
  teammate: ["user"],
  colleague: ["user"],
  member: ["user", "team"],
  assign: ["assignee"],
  template: ["response"],
  canned: ["response"],
  webhook: ["hook"],
  subscribe: ["hook"],
  stats: ["analytics", "report", "volume"],
  metric: ["analytics", "report"],
  todo: ["task"],
  archive: ["close"],
  find: ["list", "search"],
  show: ["list", "get"],
  read: ["get", "list"],
  look: ["get", "find"],
  combine: ["merge"],
  rename: ["update"],
  change: ["update"],
  edit: ["update"],
  new: ["create"],
  add: ["create"],
  make: ["create"],
  who: ["author", "user"],
  book: ["contact_book"],
};

const STOP = new Set([
  "a",
  "an",
  "the",
  "to",
  "of",
  "in",
  "on",
  "for",
  "and",
  "or",
  "is",
  "it",
  "my",
  "me",
  "this",
  "that",
  "with",
  "by",
  "from",
  "all",
  "i",
  "do",
  "what",
  "which",
  "be",
  "are",
  "there",
  "any",
]);

/** Lowercase, drop stop words, strip the commonest English endings (so "commented" finds "comments"). */
export function stem(term: string): string | null {
  const t = term.toLowerCase();
  if (STOP.has(t) || t.length < 2) return null;
  for (const [suffix, keep] of [
    ["ies", "y"],
    ["ing", ""],
    ["ed", ""],
    ["s", ""],
  ] as const) {
    if (t.length > suffix.length + 3 && t.endsWith(suffix) && !t.endsWith(`s${suffix}`))
      return t.slice(0, -suffix.length) + keep;
  }
  return t;
}

const tokenize = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean);

function queryTerm(term: string): string[] | null {
  const s = stem(term);
  if (!s) return null;
  return [s, ...(SYNONYMS[s] ?? []).flatMap((w) => tokenize(w).map((x) => stem(x) ?? x))];
}

/** The first sentence of a description: what `search_tools` shows per hit. */
export function summaryOf(description: string): string {
  const first = description.split("\n")[0] ?? description;
  const m = first.match(/^(.+?[.!?])(\s|$)/);
  return (m?.[1] ?? first).slice(0, 200);
}

function docOf(t: GatewayTool): Doc {
  return {
    id: t.name,
    name: t.name.replaceAll("_", " "),
    title: t.title,
    summary: summaryOf(t.description),
    params: Object.keys(t.inputSchema.properties).join(" ").replaceAll("_", " "),
    tags: t.tags.join(" "),
  };
}

const indexes = new WeakMap<Catalog, MiniSearch<Doc>>();

/**
 * Version of the index's build (fields, tokenizer, stemming): part of the stored index's key, so a
 * change here never loads an index built the old way.
 */
export const SEARCH_INDEX_VERSION = 2;

const OPTIONS: Options<Doc> = {
  fields: ["name", "title", "summary", "params", "tags"],
  tokenize,
  processTerm: (term: string) => stem(term) ?? null,
  searchOptions: {
    boost: { name: 3, title: 3, summary: 2, tags: 1.5, params: 1 },
    prefix: (term: string) => term.length > 3,
    fuzzy: (term: string) => (term.length > 5 ? 0.15 : false),
    combineWith: "OR",
    processTerm: queryTerm,
  },
};

/** A catalog's search index: the one loaded for it, else built now (it lives as long as the catalog's snapshot). */
export function searchIndex(c: Catalog): MiniSearch<Doc> {
  let index = indexes.get(c);
  if (!index) {
    index = new MiniSearch<Doc>(OPTIONS);
    index.addAll(c.tools.map(docOf));
    indexes.set(c, index);
  }
  return index;
}

/** The catalog's index, serialized to store beside its snapshot. */
export function serializeSearchIndex(c: Catalog): string {
  return JSON.stringify(searchIndex(c));
}

/**
 * Loads the catalog's stored index (when `load` finds one) before its first search. A missing or
 * unreadable one (a version stored before this index version) is built now and handed to `save`,
 * so the next isolate loads it instead of building it again.
 */
export async function prepareSearchIndex(
  c: Catalog,
  load: () => Promise<string | null>,
  save?: (text: string) => Promise<void>,
): Promise<void> {
  if (indexes.has(c)) return;
  const text = await load().catch(() => null);
  if (indexes.has(c)) return;
  if (text) {
    try {
      indexes.set(c, MiniSearch.loadJSON<Doc>(text, OPTIONS));
      return;
    } catch {
      // Unreadable: built below.
    }
  }
  if (save) await save(serializeSearchIndex(c)).catch(() => {});
}

/** The best `limit` tools for a natural-language query, among the tools this URL allows. */
export function searchTools(
  c: Catalog,
  query: string,
  allowed: ReadonlyMap<string, GatewayTool>,
  limit: number,
): ToolHit[] {
  const hits: ToolHit[] = [];
  for (const r of searchIndex(c).search(query, { filter: (r) => allowed.has(r.id as string) })) {
    const t = allowed.get(r.id as string);
    if (t) hits.push({ name: t.name, title: t.title, summary: summaryOf(t.description) });
    if (hits.length === limit) break;
  }
  return hits;
}
