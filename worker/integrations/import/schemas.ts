/**
 * Turns dereferenced OpenAPI schemas into the JSON Schema our records carry: a plain tree (no `$ref`,
 * no shared objects), OpenAPI-only keywords translated or dropped, and a description on every
 * property at every depth (the registry checks demand one). What had to be invented is reported.
 */

/** A JSON Schema object as found in an OpenAPI document (loosely typed on purpose: it is input). */
export type OasSchema = Record<string, unknown>;

/** Keywords that say nothing a caller needs and only make tool schemas longer. */
const DROPPED = new Set([
  "example",
  "examples",
  "xml",
  "externalDocs",
  "discriminator",
  "deprecated",
  "x-github",
]);

/** Largest nesting depth copied; deeper schemas become "any JSON object" (recursive types). */
const MAX_DEPTH = 12;

/** Options for {@link cleanSchema}. */
export interface CleanOptions {
  /** Where the schema sits, for messages (e.g. `body.parent`). */
  at: string;
  /** Collects what had to be made up (descriptions) or dropped. */
  notes: string[];
  /** Remove `readOnly` properties (request bodies never send them). */
  dropReadOnly?: boolean;
}

/** A deep, cleaned copy of `schema`. */
export function cleanSchema(schema: unknown, o: CleanOptions, depth = 0): OasSchema {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return {};
  const src = schema as OasSchema;
  if (typeof src.$ref === "string" || depth > MAX_DEPTH) {
    o.notes.push(`${o.at}: recursive or unresolved schema replaced by a free-form object`);
    return { type: "object", description: describeFallback(o.at, src) };
  }
  const out: OasSchema = {};
  for (const [k, v] of Object.entries(src)) {
    if (DROPPED.has(k) || k.startsWith("x-")) continue;
    if (k === "nullable") continue;
    if (k === "properties" && v && typeof v === "object") {
      const props: Record<string, OasSchema> = {};
      for (const [name, p] of Object.entries(v as Record<string, unknown>)) {
        if (o.dropReadOnly && (p as OasSchema | null)?.readOnly === true) continue;
        const child = cleanSchema(p, { ...o, at: `${o.at}.${name}` }, depth + 1);
        props[name] = ensureDescribed(child, `${o.at}.${name}`, name, o.notes);
      }
      out.properties = props;
    } else if ((k === "items" || k === "additionalProperties" || k === "not") && v && typeof v === "object") {
      const child = cleanSchema(v, { ...o, at: `${o.at}[]` }, depth + 1);
      out[k] =
        k === "items" || k === "additionalProperties"
          ? ensureDescribed(child, `${o.at}[]`, "item", o.notes)
          : child;
    } else if ((k === "oneOf" || k === "anyOf" || k === "allOf") && Array.isArray(v)) {
      out[k] = v.map((branch, i) => cleanSchema(branch, { ...o, at: `${o.at}<${k}${i}>` }, depth + 1));
    } else if (k === "required" && Array.isArray(v)) {
      out.required = [...v];
    } else if (k !== "readOnly" && k !== "writeOnly") {
      out[k] = structuredClone(v);
    }
  }
  // OpenAPI 3.0 `nullable: true` is `type: [t, "null"]` in JSON Schema (what validators read).
  if (src.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (Array.isArray(out.required) && out.properties) {
    const props = out.properties as Record<string, unknown>;
    out.required = (out.required as string[]).filter((r) => r in props);
    if ((out.required as string[]).length === 0) delete out.required;
  }
  return out;
}

/** Gives `schema` a description when it has none, noting that one was made up. */
export function ensureDescribed(schema: OasSchema, at: string, name: string, notes: string[]): OasSchema {
  const d = schema.description;
  if (typeof d === "string" && d.trim().length >= 3) return schema;
  const title =
    typeof schema.title === "string" && schema.title.trim().length >= 3 ? schema.title.trim() : null;
  if (!title) notes.push(`${at}: no description in the spec; a generic one was written`);
  return { ...schema, description: title ?? describeFallback(name, schema) };
}

function describeFallback(name: string, schema: OasSchema): string {
  const words =
    name
      .replace(/^.*[.[]/, "")
      .replace(/[_-]+/g, " ")
      .trim() || "value";
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type as string | undefined);
  return `The ${words}${type ? ` (${type})` : ""}.`;
}

/** snake_case names are the only ones a record may carry as parameter names. */
export const SNAKE = /^[a-z][a-z0-9_]*$/;
