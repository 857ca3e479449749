/**
 * Maps the arguments a model wrote against a URL's wire schema (worker/tools/schema-profiles.ts)
 * back to what the documented schema means, before the gateway validates them against it:
 *
 * - `portable` and `openai_strict` send an object without properties (free-form, or a map) as a
 *   string holding its JSON: a string where the documented schema takes only an object or an array
 *   is parsed (when it parses to one); a string the documented schema accepts is left alone;
 * - `openai_strict` lists every property as required, optional ones nullable: a `null` for a
 *   property whose documented schema does not allow null means "absent" and is dropped, at every
 *   depth, so optional arguments round-trip and a documented null still gets through.
 *
 * Nothing else changes: whatever the documented schema refuses is still refused by validation.
 */
import type { JsonSchema } from "../integrations/schema";
import type { SchemaProfile } from "./schema-profiles";

type Args = Record<string, unknown>;

/** `args` as the documented schema reads them (the same object when nothing needed mapping). */
export function mapArguments(args: Args, documented: JsonSchema, profile: SchemaProfile): Args {
  if (profile === "full") return args;
  return mapValue(args, documented, profile === "openai_strict") as Args;
}

function mapValue(value: unknown, schema: JsonSchema | undefined, dropNulls: boolean): unknown {
  if (!schema) return value;
  if (typeof value === "string" && wantsJsonText(schema)) {
    const parsed = parseJson(value);
    if (parsed !== undefined) return mapValue(parsed, schema, dropNulls);
    return value;
  }
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    if (!items) return value;
    let changed = false;
    const out = value.map((v) => {
      const m = mapValue(v, items, dropNulls);
      if (m !== v) changed = true;
      return m;
    });
    return changed ? out : value;
  }
  if (value === null || typeof value !== "object") return value;
  let out: Args | undefined;
  for (const [k, v] of Object.entries(value as Args)) {
    const child = childOf(schema, k);
    if (dropNulls && v === null && child && !allowsNull(child)) {
      out ??= { ...(value as Args) };
      delete out[k];
      continue;
    }
    const m = mapValue(v, child, dropNulls);
    if (m !== v) {
      out ??= { ...(value as Args) };
      out[k] = m;
    }
  }
  return out ?? value;
}

function typesOf(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

function branchesOf(s: JsonSchema): JsonSchema[] {
  return ["oneOf", "anyOf", "allOf"].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as JsonSchema[]) : []));
}

/** True when the documented schema takes only containers (an object or array), never a string. */
function wantsJsonText(s: JsonSchema): boolean {
  const kinds = new Set<string>();
  const collect = (n: JsonSchema) => {
    const t = typesOf(n);
    if (t.length > 0) for (const x of t) kinds.add(x);
    else if (n.properties || n.additionalProperties !== undefined) kinds.add("object");
    else if (n.items) kinds.add("array");
    else if (branchesOf(n).length === 0) kinds.add("any");
    for (const b of branchesOf(n)) collect(b);
  };
  collect(s);
  kinds.delete("null");
  return kinds.size > 0 && [...kinds].every((k) => k === "object" || k === "array");
}

function parseJson(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the documented schema accepts `null` (a type, enum or const of null, or no constraint). */
export function allowsNull(s: JsonSchema): boolean {
  if (typesOf(s).includes("null")) return true;
  if (Array.isArray(s.enum)) return s.enum.includes(null);
  if ("const" in s) return s.const === null;
  if (Array.isArray(s.allOf)) return (s.allOf as JsonSchema[]).every(allowsNull);
  const alts = [...(Array.isArray(s.oneOf) ? s.oneOf : []), ...(Array.isArray(s.anyOf) ? s.anyOf : [])];
  if (alts.length > 0) return (alts as JsonSchema[]).some(allowsNull);
  return s.type === undefined && !s.properties && !s.items;
}

function childOf(s: JsonSchema, key: string): JsonSchema | undefined {
  const own = s.properties?.[key];
  if (own) return own;
  for (const b of branchesOf(s)) {
    const c = childOf(b, key);
    if (c) return c;
  }
  return typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
}

function itemsOf(s: JsonSchema): JsonSchema | undefined {
  if (s.items) return s.items;
  for (const b of branchesOf(s)) {
    const i = itemsOf(b);
    if (i) return i;
  }
  return undefined;
}
