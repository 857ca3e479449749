/**
 * Code mode's programs, pure: a model's JavaScript made into the module a sandbox runs. A program is
 * the body of an async function (or one async arrow function, or the same in a code fence). Every
 * loop counts its iterations through a guard inserted in its condition (or around its iterable, for
 * `for…of`): the local stand-in for the platform's CPU limit, which `wrangler dev` does not enforce.
 * The guard is inserted on the loop's own line and the program starts on the module's second line, so
 * a module line minus one is the model's line. Syntax is checked by the sandbox's own load, which
 * names the line too.
 *
 * Built on the `js-tokens` tokenizer (strings, templates, comments and regular expressions are not
 * code), not a parser: a full parser (acorn, which `@cloudflare/codemode` uses) would add 34 KB gzip
 * to the Worker's bundle, past its budget.
 */
import jsTokens, { type Token } from "js-tokens";

/** The module name a sandbox loads the program as; stack frames in it are the model's lines. */
export const PROGRAM_MODULE = "program.js";

/** A program ready to load. */
export interface PreparedProgram {
  module: string;
}

const FENCE = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/;
const ARROW = /^(async\s*)?\(\s*\)\s*=>/;
const NEWLINES = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Prepares `code` as the default export of a module: an async function of no arguments whose answer
 * is the program's. `guard` names the sandbox's iteration counter, a function of the line with two
 * wrappers of an iterable, `.iterable(line, it)` (`for…of`) and `.asyncIterable(line, it)`.
 */
export function prepareProgram(code: string, guard: string): PreparedProgram {
  const fenced = code.trim().match(FENCE);
  // A fence's opening line stands where the model's first line was, so lines keep their numbers.
  const body = fenced ? `\n${fenced[1] ?? ""}` : code;
  const instrumented = guardLoops(body, guard);
  const arrow = ARROW.test(body.trim());
  const module = arrow
    ? `export default (\n${instrumented}\n);\n`
    : `export default async function () {\n${instrumented}\n}\n`;
  return { module };
}

/** The model's line of a line of a prepared program's module. */
export function userLine(moduleLine: number): number {
  return Math.max(1, moduleLine - 1);
}

/** The model's line where a stack trace (or a load error) enters the program, or null. */
export function programLine(stack: string | null | undefined): number | null {
  const m = stack?.match(/program\.js:(\d+)/);
  return m?.[1] ? userLine(Number(m[1])) : null;
}

interface Tok {
  t: Token;
  line: number;
}

const TRIVIA = new Set(["WhiteSpace", "LineTerminatorSequence", "MultiLineComment", "SingleLineComment"]);
const OPEN = new Set(["(", "[", "{"]);

/** `code` with a guard call in every `while`, `do…while` and `for` loop, on the loop's line. */
function guardLoops(code: string, guard: string): string {
  const all: Tok[] = [];
  let line = 1;
  for (const t of jsTokens(code)) {
    all.push({ t, line });
    line += t.value.match(NEWLINES)?.length ?? 0;
  }
  const sig = all.filter((x) => !TRIVIA.has(x.t.type));
  const out = all.map((x) => x.t.value);
  const index = new Map(all.map((x, i) => [x, i]));
  const before = (x: Tok, text: string) => {
    const i = index.get(x) as number;
    out[i] = text + out[i];
  };
  const after = (x: Tok, text: string) => {
    const i = index.get(x) as number;
    out[i] = out[i] + text;
  };
  sig.forEach((tok, i) => {
    const keyword = tok.t.type === "IdentifierName" ? tok.t.value : "";
    if ((keyword !== "while" && keyword !== "for") || sig[i - 1]?.t.value === ".") return;
    const isAwait = keyword === "for" && sig[i + 1]?.t.value === "await";
    const open = sig[i + (isAwait ? 2 : 1)];
    if (open?.t.value !== "(") return;
    const start = sig.indexOf(open);
    // The head's tokens at its own depth: semicolons split a classic `for`, `of` starts an iterable.
    let depth = 0;
    let close = -1;
    const semis: number[] = [];
    let of = -1;
    for (let j = start; j < sig.length; j++) {
      const v = (sig[j] as Tok).t;
      if (v.type === "Punctuator" && OPEN.has(v.value)) depth++;
      else if (v.type === "TemplateHead") depth++;
      else if (v.type === "Punctuator" && (v.value === ")" || v.value === "]" || v.value === "}")) depth--;
      else if (v.type === "TemplateTail") depth--;
      if (depth === 0) {
        close = j;
        break;
      }
      if (depth === 1 && v.type === "Punctuator" && v.value === ";") semis.push(j);
      if (depth === 1 && v.type === "IdentifierName" && v.value === "of" && of < 0) of = j;
    }
    if (close < 0) return;
    const call = `${guard}(${tok.line})`;
    const closing = sig[close] as Tok;
    if (keyword === "while") {
      after(open, `${call} && (`);
      before(closing, ")");
    } else if (semis.length === 2) {
      const [s1, s2] = semis as [number, number];
      if (s2 === s1 + 1) after(sig[s1] as Tok, ` ${call}`);
      else {
        after(sig[s1] as Tok, ` ${call} && (`);
        before(sig[s2] as Tok, ")");
      }
    } else if (of > 0) {
      after(sig[of] as Tok, ` ${guard}.${isAwait ? "asyncIterable" : "iterable"}(${tok.line}, (`);
      before(closing, "))");
    }
  });
  return out.join("");
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
