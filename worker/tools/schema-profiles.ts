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

/**
 * A memo per object and profile: the returned function builds a value once for each (key, profile)
 * and returns the same one after. Keys are held weakly, so a dropped snapshot takes its forms along.
 */
export function profileMemo<K extends object, V>(): (key: K, profile: SchemaProfile, make: () => V) => V {
  const cache = new WeakMap<K, Partial<Record<SchemaProfile, V>>>();
  return (key, profile, make) => {
    let forms = cache.get(key);
    if (!forms) {
      forms = {};
      cache.set(key, forms);
    }
    let v = forms[profile];
    if (v === undefined) {
      v = make();
      forms[profile] = v;
    }
    return v;
  };
}

const forms = profileMemo<JsonSchema, ObjectSchema>();

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
  return forms(documented, profile, () => derive(documented, profile));
}

function derive(documented: JsonSchema, profile: SchemaProfile): ObjectSchema {
  switch (profile) {
    case "full": {
      const { additionalProperties: _closed, ...rest } = documented;
      return { ...rest, type: "object", properties: documented.properties ?? {} } as ObjectSchema;
    }
    case "portable":
      return portableSchema(documented);
    case "openai_strict":
      return strictSchema(wireSchema(documented, "portable"));
  }
}
