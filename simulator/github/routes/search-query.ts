/**
 * GitHub's search query syntax, as far as the simulator understands it: free words (all must match,
 * case-insensitively), `"quoted phrases"`, and `qualifier:value` pairs (values may be quoted, e.g.
 * `label:"good first issue"`); a leading `-` negates a qualifier.
 */

/** A parsed query. */
export interface SearchQuery {
  /** Lower-cased free words and phrases. */
  words: string[];
  /** Qualifiers, lower-cased names, values as written (a value list per name). */
  qualifiers: Map<string, string[]>;
  /** Negated qualifiers (`-label:bug`). */
  negated: Map<string, string[]>;
}

/** Parses `q`. */
export function parseQuery(q: string): SearchQuery {
  const query: SearchQuery = { words: [], qualifiers: new Map(), negated: new Map() };
  const token = /(-?)([A-Za-z_-]+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/g;
  for (const m of q.matchAll(token)) {
    if (m[2] !== undefined) {
      const target = m[1] === "-" ? query.negated : query.qualifiers;
      const name = m[2].toLowerCase();
      const value = m[4] ?? m[3] ?? "";
      target.set(name, [...(target.get(name) ?? []), value]);
    } else {
      const word = (m[5] ?? m[6] ?? "").toLowerCase();
      if (word !== "" && !["and", "or", "not"].includes(word)) query.words.push(word);
    }
  }
  return query;
}

/** The values of qualifier `name` (empty when absent). */
export function values(query: SearchQuery, name: string): string[] {
  return query.qualifiers.get(name) ?? [];
}

/** How many of the query's words occur in `text` (lower-cased); -1 when one is missing. */
export function wordScore(query: SearchQuery, text: string): number {
  const lower = text.toLowerCase();
  let score = 0;
  for (const w of query.words) {
    if (!lower.includes(w)) return -1;
    score += lower.split(w).length - 1;
  }
  return score;
}

/** Whether `value` passes a `>n`, `>=n`, `<n`, `<=n`, `a..b` or `n` range qualifier. */
export function inRange(value: number, range: string): boolean {
  const m = /^(>=|<=|>|<)?(.+)$/.exec(range);
  if (!m) return true;
  const [lo, hi] = (m[2] ?? "").split("..");
  if (hi !== undefined) return (lo === "*" || value >= Number(lo)) && (hi === "*" || value <= Number(hi));
  const n = Number(lo);
  if (Number.isNaN(n)) return true;
  switch (m[1]) {
    case ">":
      return value > n;
    case ">=":
      return value >= n;
    case "<":
      return value < n;
    case "<=":
      return value <= n;
    default:
      return value === n;
  }
}
