/**
 * The `openai_strict` wire form of a tool's `inputSchema`, built on the portable form
 * (worker/tools/schema-portable.ts): OpenAI's strict function calling (Structured Outputs, "Supported
 * schemas") wants every property listed in `required`, optional ones written as nullable types, and
 * `additionalProperties: false` on every object; it refuses `minLength`, `maxLength`, `minProperties`
 * and `maxProperties`, which are said in the description instead. The gateway maps the nulls back
 * (a null for a property whose documented schema does not allow null means "absent",
 * worker/tools/argument-mapping.ts) before it validates against the documented schema.
 */
import type { JsonSchema } from "../integrations/schema";
import type { ObjectSchema } from "./schema-portable";

/** Formats strict mode accepts on strings (OpenAI Structured Outputs, "Supported properties"). */
export const STRICT_FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

/** The strict form of a portable root schema. */
export function strictSchema(portableRoot: ObjectSchema): ObjectSchema {
  return strict(portableRoot, true) as ObjectSchema;
}

function strict(s: JsonSchema, required: boolean): JsonSchema {
  const out: JsonSchema = { ...s };
  const notes: string[] = [];
  if (out.minLength !== undefined || out.maxLength !== undefined) {
    notes.push(lengthNote(out.minLength, out.maxLength));
    delete out.minLength;
    delete out.maxLength;
  }
  delete out.minProperties;
  delete out.maxProperties;
  if (out.properties) {
    const req = new Set(out.required ?? []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, strict(v, req.has(k))]),
    );
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  if (out.items) out.items = strict(out.items, true);
  if (!required && typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (notes.length > 0) out.description = [out.description, ...notes].filter(Boolean).join(" ");
  return out;
}

function lengthNote(min: unknown, max: unknown): string {
  const chars = (n: unknown) => `${String(n)} character${n === 1 ? "" : "s"}`;
  if (min !== undefined && max !== undefined) return `${String(min)}–${chars(max)}.`;
  return min !== undefined ? `At least ${chars(min)}.` : `At most ${chars(max)}.`;
}
