/**
 * Schema profiles: which form of each tool's `inputSchema` a URL sends (`config.schema_profile`).
 * The built tool keeps its documented schema, and the gateway validates every call against it; the
 * wire forms are derived from it by pure functions, once per tool and profile (cached on the schema
 * object), so `tools/list` pays nothing per request.
 *
 * - `portable` (default): accepted by every major client (Claude, OpenAI, Gemini `parameters` and
 *   `parametersJsonSchema`, Cursor, the MCP Inspector's portability check), see
 *   worker/tools/schema-portable.ts;
 * - `openai_strict`: the portable form made strict for OpenAI (every property required, optional
 *   ones nullable, every object closed), see worker/tools/schema-strict.ts;
 * - `full`: the schema as documented (type unions, combinators, formats, nested
 *   `additionalProperties`), for clients that take all of JSON Schema.
 */
import type { JsonSchema } from "../integrations/schema";
import { type ObjectSchema, portableSchema } from "./schema-portable";
import { strictSchema } from "./schema-strict";

/** The profiles a URL can choose. */
export const SCHEMA_PROFILES = ["portable", "openai_strict", "full"] as const;
/** One schema profile. */
export type SchemaProfile = (typeof SCHEMA_PROFILES)[number];
/** The profile of a URL that names none. */
export const DEFAULT_SCHEMA_PROFILE: SchemaProfile = "portable";

const cache = new WeakMap<object, Partial<Record<SchemaProfile, ObjectSchema>>>();

/**
 * The wire form of a documented root `inputSchema` under `profile` (built once per schema object and
 * profile). The root `additionalProperties: false` of the documented schema is enforced by the
 * gateway but not sent by `full` and `portable` (it tells a model nothing it acts on, at ~5 tokens a
 * tool); `openai_strict` sends it on every object, as strict mode requires.
 */
export function wireSchema(
  documented: JsonSchema,
  profile: SchemaProfile = DEFAULT_SCHEMA_PROFILE,
): ObjectSchema {
  let forms = cache.get(documented);
  if (!forms) {
    forms = {};
    cache.set(documented, forms);
  }
  let s = forms[profile];
  if (!s) {
    s = derive(documented, profile, forms);
    forms[profile] = s;
  }
  return s;
}

function derive(
  documented: JsonSchema,
  profile: SchemaProfile,
  forms: Partial<Record<SchemaProfile, ObjectSchema>>,
): ObjectSchema {
  switch (profile) {
    case "full": {
      const { additionalProperties: _closed, ...rest } = documented;
      return { ...rest, type: "object", properties: documented.properties ?? {} } as ObjectSchema;
    }
    case "portable":
      return portableSchema(documented);
    case "openai_strict":
      return strictSchema(forms.portable ?? wireSchema(documented, "portable"));
  }
}

/** True when `value` names a schema profile. */
export function isSchemaProfile(value: unknown): value is SchemaProfile {
  return typeof value === "string" && (SCHEMA_PROFILES as readonly string[]).includes(value);
}
