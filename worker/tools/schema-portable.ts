/**
 * The `portable` wire form of a tool's `inputSchema`: what every major client accepts
 * (worker/tools/client-rules.ts), with what a model needs kept in words. Pure: the documented
 * (full) schema goes in, a new tree comes out; the gateway keeps validating against the full one.
 *
 * Per node, in this order (docs/tools.md, "Schema profiles"):
 * - `allOf` branches are merged into the node; `oneOf`/`anyOf` branches too: object branches into one
 *   object (properties united, only what every branch requires stays required), other branches by the
 *   first one, and the description lists the shapes ("One of: …", "Or …");
 * - a type union keeps its first non-null type ("Or …" names the rest), `null` becomes "Nullable.";
 * - `const` becomes a one-value string `enum` (other values are said); enums stay when they are
 *   strings (the OpenAPI subset of Gemini's `parameters` types enums as strings), others are said;
 * - an object without properties (free-form, or a map via `additionalProperties`) becomes a string
 *   holding its JSON (Gemini refuses an object without properties; the gateway parses it back,
 *   worker/tools/argument-mapping.ts); nested `additionalProperties` are dropped (still enforced);
 * - `format` stays only as `date-time`, other formats are said; `default`, `exclusiveMinimum`,
 *   `exclusiveMaximum`, `multipleOf` and `uniqueItems` are said; `title`, `not` and unknown keywords go.
 */
import type { JsonSchema } from "../integrations/schema";

/** A JSON Schema object tree (the tool's root `inputSchema`). */
export type ObjectSchema = JsonSchema & { type: "object"; properties: Record<string, JsonSchema> };

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/** Keywords the portable form keeps, each only on the type it constrains. */
const BY_TYPE: Record<string, readonly string[]> = {
  string: ["minLength", "maxLength", "pattern"],
  number: ["minimum", "maximum"],
  integer: ["minimum", "maximum"],
  array: ["minItems", "maxItems"],
  object: ["minProperties", "maxProperties"],
  boolean: [],
};

/** The portable form of a root `inputSchema`. */
export function portableSchema(root: JsonSchema): ObjectSchema {
  const out: ObjectSchema = { type: "object", properties: {} };
  const flat = flatten(root);
  for (const [name, prop] of Object.entries(flat.properties ?? {})) out.properties[name] = portable(prop);
  const required = (flat.required ?? []).filter((r) => r in out.properties);
  if (required.length > 0) out.required = required;
  if (typeof flat.description === "string") out.description = flat.description;
  return out;
}

/** The portable form of one (non-root) schema node. */
export function portable(node: JsonSchema): JsonSchema {
  const notes: string[] = [];
  const s = flatten(node, notes);
  let type = resolveType(s, notes);
  const props = Object.entries(s.properties ?? {});
  if (type === "object" && props.length === 0) {
    type = "string";
    const values = typeof s.additionalProperties === "object" ? typeWord(s.additionalProperties) : "";
    notes.push(`JSON object as a string${values ? ` (values: ${values})` : ""}.`);
  }
  const keep = new Set(BY_TYPE[type] ?? []);
  const enumValues = carriedEnum(s, type, notes);
  if (typeof s.format === "string" && type === "string" && s.format !== "date-time")
    notes.push(`Format: ${s.format}.`);
  sayConstraints(s, notes);
  const description = [s.description, ...notes].filter(Boolean).join(" ");
  // The documented key order is kept (tokenizers merge differently across orders: a reorder alone
  // changed the first shipped integration's surface by ~80 tokens); new keys go where a reader expects them.
  const out: JsonSchema = s.type === undefined ? { type } : {};
  for (const k of Object.keys(s)) {
    if (k === "type") out.type = type;
    else if (k === "properties" && type === "object")
      out.properties = Object.fromEntries(props.map(([p, v]) => [p, portable(v)]));
    else if (k === "required" && type === "object") {
      const required = (s.required ?? []).filter((r) => r in (s.properties ?? {}));
      if (required.length > 0) out.required = required;
    } else if (k === "items" && type === "array" && s.items) out.items = portable(s.items);
    else if ((k === "enum" || k === "const") && enumValues) out.enum = enumValues;
    else if (k === "format" && type === "string" && s.format === "date-time") out.format = "date-time";
    else if (k === "description" && description) out.description = description;
    else if (keep.has(k)) out[k] = s[k];
  }
  if (type === "array" && !out.items) out.items = { type: "string", description: "Any JSON value." };
  if (description && out.description === undefined) out.description = description;
  return out;
}

/** Merges `allOf` and `oneOf`/`anyOf` branches into the node, noting what the merge cannot keep. */
function flatten(node: JsonSchema, notes: string[] = []): JsonSchema {
  let s: JsonSchema = { ...node };
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    s = (allOf as JsonSchema[]).reduce<JsonSchema>(
      (acc, b) => mergeObject(acc, flatten(b, notes), true),
      rest,
    );
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = s[key];
    if (!Array.isArray(branches)) continue;
    const { [key]: _gone, ...rest } = s;
    s = rest;
    const flat = (branches as JsonSchema[]).map((b) => flatten(b, notes));
    const real = flat.filter((b) => !isNull(b));
    if (real.length < flat.length) s.type = withNull(s.type);
    if (real.length === 0) continue;
    if (real.length === 1) {
      s = mergeObject(s, real[0] as JsonSchema, true);
      continue;
    }
    if (real.every(isObjectLike)) {
      const merged = real.reduce<JsonSchema>((acc, b) => mergeObject(acc, b, false), { type: "object" });
      merged.required = real.map((b) => b.required ?? []).reduce((a, b) => a.filter((r) => b.includes(r)));
      s = mergeObject(s, merged, true);
      notes.push(`One of: ${real.map(shape).join("; ")}.`);
    } else {
      const [first, ...others] = real as [JsonSchema, ...JsonSchema[]];
      s = mergeObject(s, first, true);
      notes.push(`Or ${others.map(typeWord).join(", or ")}.`);
    }
  }
  return s;
}

/** `base` with `extra`'s keywords added: properties united, `required` united (`allOf`) or kept. */
function mergeObject(base: JsonSchema, extra: JsonSchema, unionRequired: boolean): JsonSchema {
  const out: JsonSchema = { ...extra, ...base };
  if (
    base.type === undefined ||
    (Array.isArray(base.type) && base.type.length === 1 && base.type[0] === "null")
  )
    out.type = extra.type === undefined ? base.type : mergeNullable(extra.type, base.type);
  if (extra.properties || base.properties) {
    const props: Record<string, JsonSchema> = { ...(base.properties ?? {}) };
    for (const [k, v] of Object.entries(extra.properties ?? {})) {
      const had = props[k];
      props[k] = had ? mergeEnums(had, v) : v;
    }
    out.properties = props;
  }
  if (unionRequired && (base.required || extra.required))
    out.required = [...new Set([...(base.required ?? []), ...(extra.required ?? [])])];
  if (typeof base.description !== "string" && typeof extra.description === "string")
    out.description = extra.description;
  return out;
}

/** One property seen in two object branches: its string enums (or consts) united. */
function mergeEnums(a: JsonSchema, b: JsonSchema): JsonSchema {
  const values = [...valuesOf(a), ...valuesOf(b)];
  if (values.length === 0) return a;
  const { const: _c, ...rest } = a;
  return { ...rest, type: rest.type ?? b.type ?? "string", enum: [...new Set(values)] };
}

function valuesOf(s: JsonSchema): unknown[] {
  if (s.const !== undefined) return [s.const];
  return Array.isArray(s.enum) ? s.enum : [];
}

function mergeNullable(t: JsonSchema["type"], was: JsonSchema["type"]): JsonSchema["type"] {
  return Array.isArray(was) && was.includes("null") ? withNull(t) : t;
}

function withNull(t: JsonSchema["type"]): string[] {
  const list = t === undefined ? [] : Array.isArray(t) ? t : [t];
  return list.includes("null") ? list : [...list, "null"];
}

function isNull(s: JsonSchema): boolean {
  return (
    s.type === "null" ||
    (s.const === null && s.type === undefined) ||
    (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null)
  );
}

function isObjectLike(s: JsonSchema): boolean {
  return s.type === "object" || (s.type === undefined && s.properties !== undefined);
}

/** The node's one type: the first non-null type of a union (the rest said), else inferred. */
function resolveType(s: JsonSchema, notes: string[]): string {
  const list = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const real = list.filter((t) => t !== "null");
  if (list.includes("null") || s.const === null || (Array.isArray(s.enum) && s.enum.includes(null)))
    notes.push("Nullable.");
  if (real.length > 1)
    notes.push(
      `Or ${real
        .slice(1)
        .map((t) => article(t))
        .join(", or ")}.`,
    );
  if (real[0]) return real[0];
  if (s.properties) return "object";
  if (s.items) return "array";
  const values = valuesOf(s).filter((v) => v !== null);
  if (values.length > 0) {
    if (values.every((v) => typeof v === "string")) return "string";
    if (values.every((v) => Number.isInteger(v))) return "integer";
    if (values.every((v) => typeof v === "number")) return "number";
    if (values.every((v) => typeof v === "boolean")) return "boolean";
  }
  notes.push("Any JSON value.");
  return "string";
}

/** A string enum (or const) to keep as `enum`; other value lists are said instead. */
function carriedEnum(s: JsonSchema, type: string, notes: string[]): unknown[] | undefined {
  const values = valuesOf(s).filter((v) => v !== null);
  if (values.length === 0) return undefined;
  if (type === "string" && values.every((v) => typeof v === "string")) return values;
  if (values.length === 1) notes.push(`Always ${JSON.stringify(values[0])}.`);
  else notes.push(`One of: ${values.map((v) => JSON.stringify(v)).join(", ")}.`);
  return undefined;
}

/** Says the constraints the portable form cannot carry (the gateway still enforces them). */
function sayConstraints(s: JsonSchema, notes: string[]): void {
  if (s.exclusiveMinimum !== undefined) notes.push(`Above ${String(s.exclusiveMinimum)}.`);
  if (s.exclusiveMaximum !== undefined) notes.push(`Below ${String(s.exclusiveMaximum)}.`);
  if (s.multipleOf !== undefined) notes.push(`A multiple of ${String(s.multipleOf)}.`);
  if (s.uniqueItems === true) notes.push("No duplicates.");
  if (s.default !== undefined && !/\bdefault\b/i.test(s.description ?? ""))
    notes.push(`Default ${JSON.stringify(s.default)}.`);
}

/** A few words for a schema's type, for "Or …" and map values. */
function typeWord(s: JsonSchema): string {
  if (isObjectLike(s)) return `an object (${shape(s)})`;
  const list = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const t = list.find((x) => x !== "null");
  if (t === "array") return s.items ? `an array of ${plural(typeWord(s.items))}` : "an array";
  if (t === undefined && valuesOf(s).length > 0)
    return valuesOf(s)
      .map((v) => JSON.stringify(v))
      .join(" or ");
  if (t !== undefined && Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" or ");
  return t && SCALARS.has(t) ? article(t) : "any value";
}

/** An object branch in a few words: its required (else all) keys, with their fixed values. */
function shape(s: JsonSchema): string {
  const props = s.properties ?? {};
  const keys = s.required?.length ? s.required : Object.keys(props);
  if (keys.length === 0) return "any keys";
  return keys
    .map((k) => {
      const v = valuesOf(props[k] ?? {});
      return v.length === 1 ? `${k}=${JSON.stringify(v[0])}` : k;
    })
    .join(" + ");
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function plural(words: string): string {
  return words.replace(/^an? (\w+)/, "$1s");
}
