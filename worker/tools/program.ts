/**
 * Code mode's programs, pure: a model's JavaScript made into the one module a sandbox runs, with its
 * syntax checked first (so a typo costs no sandbox), every loop body counting its iterations (the
 * local stand-in for the platform's CPU limit, which `wrangler dev` does not enforce), and the
 * module's lines mapped back to the model's own, so every error names a line it wrote.
 *
 * The shape of a program (a bare body, an async arrow, statements whose last expression is the
 * answer) is `@cloudflare/codemode`'s `normalizeCode`; the parser is acorn, which it uses too.
 */
import { normalizeCode } from "@cloudflare/codemode";
import { type Node, parse } from "acorn";

/** The module name a sandbox loads the program as; stack frames in it are the model's lines. */
export const PROGRAM_MODULE = "program.js";

/** A program ready to load: its module text and how its lines map to the model's. */
export interface PreparedProgram {
  module: string;
  /** The model's line of a line of {@link PreparedProgram.module}. */
  userLine: (moduleLine: number) => number;
}

/** A program that does not parse: the model's line and the parser's reason. */
export interface ProgramSyntaxError {
  line: number | null;
  message: string;
}

const LOOPS = new Set([
  "ForStatement",
  "ForInStatement",
  "ForOfStatement",
  "WhileStatement",
  "DoWhileStatement",
]);

/**
 * Prepares `code` as the default export of a module (an async function of no arguments). `guard`
 * is the name of the sandbox's iteration counter, called with the model's line at the top of every
 * loop body.
 */
export function prepareProgram(code: string, guard: string): PreparedProgram | ProgramSyntaxError {
  const normalized = normalizeCode(code);
  const firstLine = code.trim().split("\n")[0] ?? "";
  // normalizeCode trims (and strips a code fence), then may open with "async () => {\n".
  const skipped = code.slice(0, Math.max(0, code.indexOf(firstLine))).split("\n").length - 1;
  const found = normalized.startsWith(firstLine) ? 0 : normalized.split("\n").indexOf(firstLine);
  const added = found >= 0 ? found : normalized.startsWith("async () => {\n") ? 1 : 0;
  const userLine = (moduleLine: number) => Math.max(1, moduleLine - added + skipped);
  // The prefix stays on the first line, so the module's lines are normalizeCode's.
  const module = `export default (${normalized}\n);\n`;
  let ast: Node;
  try {
    ast = parse(module, { ecmaVersion: "latest", sourceType: "module", locations: true });
  } catch (e) {
    const loc = (e as { loc?: { line: number } }).loc;
    const message = String((e as Error).message).replace(/\s*\(\d+:\d+\)$/, "");
    return { line: loc ? userLine(loc.line) : null, message };
  }
  const edits: Array<{ at: number; text: string }> = [];
  walk(ast, (node) => {
    if (!LOOPS.has(node.type)) return;
    const body = (node as Node & { body: Node }).body;
    const call = `${guard}(${userLine(node.loc?.start.line ?? 1)});`;
    if (body.type === "BlockStatement") edits.push({ at: body.start + 1, text: call });
    else edits.push({ at: body.start, text: `{${call}` }, { at: body.end, text: "}" });
  });
  let out = module;
  for (const { at, text } of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return { module: out, userLine };
}

/** Calls `visit` on every node of an acorn tree. */
function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children)
      if (child && typeof child === "object" && typeof (child as Node).type === "string")
        walk(child as Node, visit);
  }
}

/** The model's line where a stack trace enters the program, or null when it never does. */
export function programLine(stack: string | null | undefined, program: PreparedProgram): number | null {
  const m = stack?.match(/program\.js:(\d+):\d+/);
  return m?.[1] ? program.userLine(Number(m[1])) : null;
}

/**
 * `value` as JSON of at most `maxChars` characters, cut to whole values, never inside an object: an
 * array keeps its first whole items, an object its first whole properties, and the first one that
 * does not fit is itself cut only when it is an array. `cut` says whether anything was dropped.
 */
export function cutJson(value: unknown, maxChars: number): { json: string; cut: boolean } {
  const json = JSON.stringify(value ?? null);
  if (json.length <= maxChars) return { json, cut: false };
  return { json: JSON.stringify(fitWithin(value, maxChars) ?? null), cut: true };
}

function fitWithin(value: unknown, budget: number): unknown {
  if (value === null || typeof value !== "object") return undefined;
  const array = Array.isArray(value);
  const entries: Array<[string, unknown]> = array
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const kept: Array<[string, unknown]> = [];
  let used = 2;
  for (const [key, item] of entries) {
    const head = array ? 1 : JSON.stringify(key).length + 2;
    const room = budget - used - head;
    const text = JSON.stringify(item ?? null);
    if (text.length <= room) {
      kept.push([key, item]);
      used += head + text.length;
      continue;
    }
    if (Array.isArray(item) && room > 2) kept.push([key, fitWithin(item, room)]);
    break;
  }
  return array ? kept.map(([, v]) => v) : Object.fromEntries(kept);
}
