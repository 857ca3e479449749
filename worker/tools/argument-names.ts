/**
 * Arguments a tool does not have, said in words a model can act on: "`page_size` is not an
 * argument; did you mean `limit`?" instead of JSON Schema's "must NOT have additional
 * properties". Pure.
 */

/** Names models commonly use for the engine's own paging arguments. */
const PAGING_SYNONYMS: Readonly<Record<string, string>> = {
  page_size: "limit",
  pagesize: "limit",
  per_page: "limit",
  max_results: "limit",
  maxresults: "limit",
  count: "limit",
  size: "limit",
  page_limit: "limit",
  cursor: "next_cursor",
  page_token: "next_cursor",
  next_page_token: "next_cursor",
  start_cursor: "next_cursor",
  next: "next_cursor",
  after: "next_cursor",
  page: "next_cursor",
};

/** Edit distance between two short names (Levenshtein). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The valid name closest to `name`, or null when none is close enough to suggest. */
export function closestArgument(name: string, valid: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const synonym = PAGING_SYNONYMS[lower];
  if (synonym && valid.includes(synonym)) return synonym;
  const exactish = valid.find((v) => v.toLowerCase() === lower.replaceAll("-", "_"));
  if (exactish) return exactish;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = distance(lower, v.toLowerCase());
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/**
 * The message for the arguments in `args` that `properties` does not have, or null when every one
 * is known. Names are echoed at most 60 characters long.
 */
export function unknownArgumentsMessage(
  tool: string,
  args: Readonly<Record<string, unknown>>,
  properties: Readonly<Record<string, unknown>>,
): string | null {
  const valid = Object.keys(properties);
  const unknown = Object.keys(args).filter((k) => !Object.hasOwn(properties, k));
  if (unknown.length === 0) return null;
  const parts = unknown.slice(0, 5).map((name) => {
    const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    const close = closestArgument(name, valid);
    return close
      ? `\`${shown}\` is not an argument; did you mean \`${close}\`?`
      : `\`${shown}\` is not an argument.`;
  });
  const list = valid.length ? ` ${tool} takes: ${valid.join(", ")}.` : ` ${tool} takes no arguments.`;
  return `${parts.join(" ")}${list}`;
}
