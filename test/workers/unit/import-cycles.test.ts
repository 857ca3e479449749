/**
 * No module of the Worker imports itself back, through any chain of relative imports: a cycle makes
 * evaluation order matter (a value read before its module ran is `undefined`) and makes the house
 * hard to read bottom-up. `import type` statements are erased at build time and do not count; an
 * `import { type X }` does (with `verbatimModuleSyntax` the module is still loaded).
 */
import { describe, expect, it } from "vitest";

const sources = {
  ...import.meta.glob("../../../worker/**/*.ts", { query: "?raw", import: "default", eager: true }),
  ...import.meta.glob("../../../durable-objects/**/*.ts", { query: "?raw", import: "default", eager: true }),
} as Record<string, string>;

/**
 * Cycles known and accepted for now, each as its modules sorted by path (none today). Remove an
 * entry once its cycle is broken (the test fails until then, so the list cannot go stale).
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

/** `../../../worker/x.ts` → `worker/x.ts`. */
function projectPath(globKey: string): string {
  return globKey.replace(/^(\.\.\/)+/, "");
}

/** Resolves a relative specifier against the importing file; null when it leaves the sources. */
function resolve(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const seg of specifier.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  const base = parts.join("/");
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`])
    if (known.has(candidate)) return candidate;
  return null;
}

/** Relative imports that load a module at run time (static, re-exports, side-effect, dynamic). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/gm;
  for (const m of text.matchAll(statement)) if (!m[1] && m[2]) found.push(m[2]);
  for (const m of text.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) if (m[1]) found.push(m[1]);
  return found;
}

/** The import graph: file → files it imports at run time. */
function importGraph(): Map<string, string[]> {
  const files = new Map(Object.entries(sources).map(([k, text]) => [projectPath(k), text]));
  const known = new Set(files.keys());
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const targets = runtimeImports(text)
      .map((s) => resolve(file, s, known))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one module (or a module importing itself): Tarjan. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) out.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** One line per cycle: its modules and the imports between them. */
function describeCycle(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string {
  const edges = component.flatMap((from) =>
    (graph.get(from) ?? []).filter((to) => component.includes(to)).map((to) => `${from} → ${to}`),
  );
  return edges.join("; ");
}

describe("the Worker's modules import each other without cycles", () => {
  const graph = importGraph();

  it("reads the sources and their imports", () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get("worker/router.ts")).toContain("worker/mcp/route.ts");
    expect(graph.get("worker/mcp/sse.ts")).toContain("durable-objects/mcp-server.ts");
  });

  it("ignores `import type` and follows the rest", () => {
    expect(runtimeImports('import type { A } from "./a";\nimport { type B, c } from "./b";')).toEqual([
      "./b",
    ]);
    expect(runtimeImports('export { x } from "../x";\nimport "./side";\nawait import("./lazy");')).toEqual([
      "../x",
      "./side",
      "./lazy",
    ]);
    expect(runtimeImports('import {\n  a,\n  b,\n} from "./multi";')).toEqual(["./multi"]);
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cycles(g)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("has no import cycle in worker/ or durable-objects/ beyond the known exceptions", () => {
    const isKnown = (c: readonly string[]) => KNOWN_CYCLES.some((k) => k.join() === c.join());
    const found = cycles(graph);
    const unexpected = found.filter((c) => !isKnown(c)).map((c) => describeCycle(graph, c));
    expect(unexpected, "new import cycles").toEqual([]);
    const gone = KNOWN_CYCLES.filter((k) => !found.some((c) => c.join() === k.join()));
    expect(gone, "known cycles that no longer exist: remove them from KNOWN_CYCLES").toEqual([]);
  });
});
