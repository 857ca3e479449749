/** Walking tool schemas in tests. */
import type { JsonSchema } from "../../../docs-registry/index";

/** Every property schema below `schema` (properties, items, additionalProperties), with its path. */
export function* walk(schema: JsonSchema, at: string): Generator<[string, JsonSchema]> {
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    yield [`${at}.${name}`, prop];
    yield* walk(prop, `${at}.${name}`);
  }
  if (schema.items) yield* walk(schema.items, `${at}[]`);
  if (typeof schema.additionalProperties === "object") {
    yield [`${at}{}`, schema.additionalProperties];
    yield* walk(schema.additionalProperties, `${at}{}`);
  }
}
