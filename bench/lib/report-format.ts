/** Number and table formatting shared by the report's sections. */

/** A Markdown table. */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Milliseconds, 2 decimals below 10. */
export const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : "–");
/** Microseconds, 1 decimal below 100. */
export const us = (v: number) => (Number.isFinite(v) ? (v < 100 ? v.toFixed(1) : v.toFixed(0)) : "–");
/** Bytes as B or KB. */
export const kb = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);
/** The protocol version an era sends. */
export const era = (e: string) => (e === "2026" ? "2026-07-28" : "2025-11-25");
/** A whole percentage. */
export const pct = (v: number) => `${v.toFixed(0)}%`;

/** A profile's leading areas and top functions, as two table cells. */
export function profileCells(
  p: { byArea: Record<string, number>; top: ReadonlyArray<{ fn: string; pct: number }> },
  areas: number,
): [string, string] {
  const list = (items: Array<[string, number]>) => items.map(([k, v]) => `${k} ${pct(v)}`).join("; ");
  return [list(Object.entries(p.byArea).slice(0, areas)), list(p.top.slice(0, 3).map((t) => [t.fn, t.pct]))];
}
