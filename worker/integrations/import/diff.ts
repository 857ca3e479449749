/**
 * The diff summary a re-import prints: which record files appear, disappear or change, and for a
 * changed record which of its top-level fields moved. Pure.
 */

/** Relative file name → file text. */
export type FileSet = ReadonlyMap<string, string>;

/** A human summary and whether anything differs. */
export function diffSummary(before: FileSet, after: FileSet): { text: string; changed: boolean } {
  const added = [...after.keys()].filter((f) => !before.has(f)).sort();
  const removed = [...before.keys()].filter((f) => !after.has(f)).sort();
  const changed: string[] = [];
  for (const [f, text] of after) {
    const old = before.get(f);
    if (old === undefined || old === text) continue;
    changed.push(`${f} (${changedFields(old, text).join(", ") || "formatting"})`);
  }
  const lines = [
    ...added.map((f) => `+ ${f}`),
    ...removed.map((f) => `- ${f}`),
    ...changed.sort().map((f) => `~ ${f}`),
  ];
  const unchanged = [...after.keys()].filter((f) => before.get(f) === after.get(f)).length;
  lines.push(
    `${added.length} added, ${removed.length} removed, ${changed.length} changed, ${unchanged} unchanged`,
  );
  return { text: lines.join("\n"), changed: added.length + removed.length + changed.length > 0 };
}

function changedFields(a: string, b: string): string[] {
  let x: Record<string, unknown>;
  let y: Record<string, unknown>;
  try {
    x = JSON.parse(a) as Record<string, unknown>;
    y = JSON.parse(b) as Record<string, unknown>;
  } catch {
    return ["not JSON"];
  }
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k])).sort();
}
