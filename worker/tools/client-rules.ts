/**
 * What each client family accepts in a tool's name and `inputSchema`, written down as rule sets a
 * test runs over every tool of every integration (test/workers/unit/client-rules.test.ts). Each rule
 * names its source; "[3p]" marks a third-party report (an issue tracker), not a vendor's own page.
 * A rule set checks one tool as `tools/list` sends it (listed name, wire schema) and returns every
 * violation with the JSON path where it sits. Pure; nothing here runs on a request.
 */
import type { JsonSchema } from "../integrations/schema";
import { STRICT_FORMATS } from "./schema-strict";

/** One broken rule: which rule set, which tool, where in the tool (`name` or a JSON path), what. */
export interface Violation {
  rules: RuleSetName;
  tool: string;
  path: string;
  message: string;
}

/** A tool as a client sees it. */
export interface ListedTool {
  name: string;
  inputSchema: JsonSchema;
}

/**
 * The server name assumed in a client's prefix: a connector named like its integration, up to 7
 * characters. claude.ai lists `mcp__claude_ai_<Server>__<tool>` (24 + tool); Cursor counts
 * server + tool.
 */
export const ASSUMED_SERVER = "Server7";

type Node = Record<string, unknown>;
type Check = (node: Node, at: string, ctx: { root: boolean; depth: number }) => string | string[] | null;

const isObj = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const typesOf = (n: Node): unknown[] =>
  n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];

/** Every subschema of `schema` with its JSON path (`inputSchema.properties.x.items`…) and object depth. */
export function* subschemas(
  schema: unknown,
  at = "inputSchema",
  depth = 0,
): Generator<{ node: unknown; at: string; depth: number; root: boolean }> {
  yield { node: schema, at, depth, root: at === "inputSchema" };
  if (!isObj(schema)) return;
  const d = depth + (schema.properties ? 1 : 0);
  for (const key of ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]) {
    const map = schema[key];
    if (isObj(map)) for (const [k, v] of Object.entries(map)) yield* subschemas(v, `${at}.${key}.${k}`, d);
  }
  for (const key of [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
  ]) {
    const v = schema[key];
    if (Array.isArray(v)) for (const [i, b] of v.entries()) yield* subschemas(b, `${at}.${key}[${i}]`, d);
    else if (v !== undefined && (isObj(v) || key !== "additionalProperties"))
      yield* subschemas(v, `${at}.${key}`, d);
  }
  for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
    const v = schema[key];
    if (Array.isArray(v)) for (const [i, b] of v.entries()) yield* subschemas(b, `${at}.${key}[${i}]`, d);
  }
}

const ROOT_COMBINATORS = ["oneOf", "anyOf", "allOf"] as const;

// --- MCP itself --------------------------------------------------------------------------------
// Spec 2025-11-25, Tool: `inputSchema` is a JSON Schema object whose root has `type: "object"`;
// tool names SHOULD be 1–128 characters of [A-Za-z0-9_.-]. The gateway's own design (§2.4) adds no
// root combinators and no `$ref` (no client resolves references from tool lists).
const mcp: Check = (n, _at, { root }) => {
  const out: string[] = [];
  if (root && n.type !== "object") out.push('root must be `type: "object"`');
  if (root) for (const k of ROOT_COMBINATORS) if (k in n) out.push(`root \`${k}\``);
  if ("$ref" in n) out.push("`$ref`");
  return out;
};

// --- The MCP Inspector 2.12 (pinned devDependency), `tools/list` schema portability check ----------
// core/json/schemaLint.ts: a `type` array (warning), a remote `$ref` (warning), a schema with no
// validation keyword at all (warning), a bare boolean where a schema belongs (error).
const CONSTRAINING = new Set(
  "type enum const multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern format contentMediaType contentEncoding contentSchema maxItems minItems uniqueItems maxContains minContains maxProperties minProperties required dependentRequired allOf anyOf oneOf not items prefixItems contains additionalItems unevaluatedItems properties patternProperties additionalProperties unevaluatedProperties propertyNames dependentSchemas dependencies $ref $dynamicRef $recursiveRef".split(
    " ",
  ),
);
const inspector: Check = (n, at) => {
  const out: string[] = [];
  if (Array.isArray(n.type)) out.push(`type union ${JSON.stringify(n.type)}`);
  if (typeof n.$ref === "string" && n.$ref !== "" && !n.$ref.startsWith("#")) out.push("remote `$ref`");
  const constrains =
    Object.keys(n).some((k) => CONSTRAINING.has(k)) || ("if" in n && ("then" in n || "else" in n));
  if (!constrains && !at.endsWith(".not")) out.push("untyped schema (no validation keyword)");
  return out;
};

// --- Claude: the API and claude.ai / Claude Code -----------------------------------------------
// Anthropic Messages API: "input_schema does not support oneOf, allOf, or anyOf at the top level"
// (the 400 quoted in anomalyco/opencode 38616, perplexityai/perplexity-node 11 [3p]); Claude Code and
// claude.ai drop a tool whose schema serializes to more than 16 KiB (anthropics/claude-code 77296 [3p]).
const claude: Check = (n, _at, { root }) =>
  root ? ROOT_COMBINATORS.filter((k) => k in n).map((k) => `root \`${k}\``) : null;

// --- OpenAI function calling (chat completions and responses) ----------------------------------
// Function `parameters` must be an object schema (root `type: "object"`, no root combinator), and an
// array schema must declare `items` ("array schema missing items", docker/roadmap 850 [3p]).
const openai: Check = (n, _at, { root }) => {
  const out: string[] = [];
  if (root && n.type !== "object") out.push('root must be `type: "object"`');
  if (root) for (const k of [...ROOT_COMBINATORS, "enum", "not"]) if (k in n) out.push(`root \`${k}\``);
  if (typesOf(n).includes("array") && !("items" in n)) out.push("array without `items`");
  return out;
};

// --- OpenAI strict mode (Structured Outputs, "Supported schemas") --------------------------------
// Every object lists every property in `required` and sets `additionalProperties: false`; only the
// supported keywords; string formats from its list; at most 10 levels of nesting, 5,000 properties
// and 1,000 enum values per schema; no root combinator.
const STRICT_KEYWORDS = new Set(
  "type description title enum const anyOf properties required additionalProperties items $ref $defs definitions pattern format minimum maximum exclusiveMinimum exclusiveMaximum multipleOf minItems maxItems".split(
    " ",
  ),
);
const openaiStrict: Check = (n, at, ctx) => {
  const out = [...(openai(n, at, ctx) as string[])];
  for (const k of Object.keys(n))
    if (!STRICT_KEYWORDS.has(k)) out.push(`\`${k}\` is not supported in strict mode`);
  if (isObj(n.properties) || typesOf(n).includes("object")) {
    if (n.additionalProperties !== false) out.push("object without `additionalProperties: false`");
    const req = new Set(Array.isArray(n.required) ? n.required : []);
    const missing = Object.keys(isObj(n.properties) ? n.properties : {}).filter((k) => !req.has(k));
    if (missing.length > 0) out.push(`properties not in \`required\`: ${missing.join(", ")}`);
  }
  if (typeof n.format === "string" && !STRICT_FORMATS.has(n.format)) out.push(`format \`${n.format}\``);
  if (ctx.depth > 10) out.push(`nesting depth ${ctx.depth} (at most 10)`);
  return out;
};

// --- Gemini `functionDeclarations[].parameters` (an OpenAPI 3.0 subset) -------------------------
// Schema reference (ai.google.dev / Vertex AI "Schema"): one `type` of STRING, NUMBER, INTEGER,
// BOOLEAN, ARRAY, OBJECT; `enum` lists strings; string `format` only `enum` or `date-time`. Refused
// in practice, and one bad tool fails every request: a missing `type` (gemini-cli 23382, 2282),
// `additionalProperties`, `$ref`/`$defs`, type arrays, `oneOf`/`allOf`/`const` (gemini-cli 13326,
// 22210; promptfoo 6902 [3p]), `anyOf` and `default` (stripped by gemini-cli's own sanitizer, 22210),
// an OBJECT without properties ("should be non-empty for OBJECT type", MarkusPfundstein/mcp-obsidian
// 21 [3p]), `properties`/`required` on a non-object ("only allowed for OBJECT type", opencode 11889).
// The root is exempt from "object without properties": MCP requires an object root even for a tool
// without arguments, and Gemini's reference says such a function leaves `parameters` unset, which is
// the converting client's step (19 of the tools we import or ship take no arguments).
const GEMINI_KEYWORDS = new Set(
  "type format title description nullable enum maxItems minItems properties required minProperties maxProperties minLength maxLength pattern example propertyOrdering items minimum maximum".split(
    " ",
  ),
);
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const GEMINI_FORMATS: Record<string, readonly string[]> = {
  string: ["enum", "date-time"],
  integer: ["int32", "int64"],
  number: ["float", "double"],
};
const gemini: Check = (n, _at, { root }) => {
  const out: string[] = [];
  for (const k of Object.keys(n)) if (!GEMINI_KEYWORDS.has(k)) out.push(`\`${k}\` is outside the subset`);
  const t = n.type;
  if (typeof t !== "string" || !GEMINI_TYPES.has(t))
    out.push(`type ${JSON.stringify(t ?? null)} (one of the six types)`);
  if (t === "object" && !root && (!isObj(n.properties) || Object.keys(n.properties).length === 0))
    out.push("object without properties");
  if (t !== "object" && ("properties" in n || "required" in n))
    out.push("`properties`/`required` on a non-object");
  if (t === "array" && !isObj(n.items)) out.push("array without `items`");
  if (Array.isArray(n.enum) && (t !== "string" || n.enum.some((v) => typeof v !== "string")))
    out.push("`enum` on a non-string");
  if (typeof n.format === "string" && !(GEMINI_FORMATS[String(t)] ?? []).includes(n.format))
    out.push(`format \`${n.format}\` on ${String(t)}`);
  return out;
};

// --- Gemini `parametersJsonSchema` (Vertex AI FunctionDeclaration reference) --------------------
// Takes JSON Schema; the schema must describe an object, and `$schema` is refused (drop it).
const geminiJson: Check = (n, _at, { root }) => {
  const out: string[] = [];
  if (root && n.type !== "object") out.push('root must be `type: "object"`');
  if ("$schema" in n) out.push("`$schema`");
  return out;
};

// --- Cursor ------------------------------------------------------------------------------------
// Type unions fail its argument check ("must be of type null,string, got string", cursor/cursor 3778
// [3p]); see names below for its 60-character limit.
const cursor: Check = (n) => (Array.isArray(n.type) ? `type union ${JSON.stringify(n.type)}` : null);

/** Name rules: each client's pattern, applied to the name with the client's prefix. */
const NAME_RULES: Partial<Record<RuleSetName, (name: string) => string | null>> = {
  mcp: (n) => (/^[A-Za-z0-9_.-]{1,128}$/.test(n) ? null : "name outside [A-Za-z0-9_.-]{1,128}"),
  // claude.ai: `mcp__claude_ai_<Server>__<tool>` must match ^[a-zA-Z0-9_-]{1,64}$ (clients-2026.md).
  claude: (n) => {
    const full = `mcp__claude_ai_${ASSUMED_SERVER}__${n}`;
    return /^[a-zA-Z0-9_-]{1,64}$/.test(full) ? null : `${full} is ${full.length} characters (64 at most)`;
  },
  // OpenAI: function names ^[a-zA-Z0-9_-]{1,64}$.
  openai: (n) => (/^[a-zA-Z0-9_-]{1,64}$/.test(n) ? null : "name outside ^[a-zA-Z0-9_-]{1,64}$"),
  openai_strict: (n) => (/^[a-zA-Z0-9_-]{1,64}$/.test(n) ? null : "name outside ^[a-zA-Z0-9_-]{1,64}$"),
  // Gemini: starts with a letter or underscore, [a-zA-Z0-9_.-], at most 64 (gemini-cli cuts at 63).
  gemini: (n) => (/^[a-zA-Z_][a-zA-Z0-9_.-]{0,62}$/.test(n) ? null : "name outside Gemini's pattern (63)"),
  // Cursor filters a tool when server name + tool name reach 60 (ComposioHQ/composio 2788 [3p]).
  cursor: (n) =>
    ASSUMED_SERVER.length + n.length < 60
      ? null
      : `server + tool is ${ASSUMED_SERVER.length + n.length} (under 60)`,
};

/** The rule sets, by name. */
export const RULE_SETS = {
  mcp,
  inspector,
  claude,
  openai,
  openai_strict: openaiStrict,
  gemini,
  gemini_json_schema: geminiJson,
  cursor,
} as const satisfies Record<string, Check>;

/** The name of a rule set. */
export type RuleSetName = keyof typeof RULE_SETS;

/** Largest serialized `inputSchema` Claude keeps (bytes). */
export const CLAUDE_SCHEMA_BYTES = 16_384;

/** Every violation of rule set `rules` in one listed tool. */
export function violations(rules: RuleSetName, tool: ListedTool): Violation[] {
  const found: Violation[] = [];
  const add = (path: string, message: string) => found.push({ rules, tool: tool.name, path, message });
  const nameProblem = NAME_RULES[rules]?.(tool.name);
  if (nameProblem) add("name", nameProblem);
  const check: Check = RULE_SETS[rules];
  let enums = 0;
  let props = 0;
  for (const { node, at, depth, root } of subschemas(tool.inputSchema)) {
    if (typeof node === "boolean") {
      if (rules === "inspector" && !/\.(additionalProperties|unevaluatedProperties)$/.test(at))
        add(at, "boolean schema");
      continue;
    }
    if (!isObj(node)) continue;
    const r = check(node, at, { root, depth });
    for (const m of r === null ? [] : Array.isArray(r) ? r : [r]) add(at, m);
    if (Array.isArray(node.enum)) enums += node.enum.length;
    if (isObj(node.properties)) props += Object.keys(node.properties).length;
  }
  if (rules === "claude") {
    const bytes = new TextEncoder().encode(JSON.stringify(tool.inputSchema)).length;
    if (bytes > CLAUDE_SCHEMA_BYTES)
      add("inputSchema", `${bytes} bytes (Claude keeps ${CLAUDE_SCHEMA_BYTES})`);
  }
  if (rules === "openai_strict" && enums > 1_000) add("inputSchema", `${enums} enum values (1,000 at most)`);
  if (rules === "openai_strict" && props > 5_000) add("inputSchema", `${props} properties (5,000 at most)`);
  return found;
}
