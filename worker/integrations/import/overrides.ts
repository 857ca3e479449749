/**
 * Hand-written refinements of an imported integration, kept in `docs-registry/<name>/overrides.json`
 * (or sent with `POST /integrations`) so that re-importing a new spec version keeps them:
 *
 * ```json
 * { "defaults": { "pagination": { "limit_default": 25 } },
 *   "integration": { "title": "…", "static_headers": { … }, "resources": { "pages": { … } } },
 *   "operations": { "<operationId>": { "method": "query", "notes": ["…"], "query": { "properties": { … } } } } }
 * ```
 *
 * Objects merge key by key over what the importer generated (so one parameter description can be
 * replaced without restating the schema); arrays and scalars replace; `null` deletes a key;
 * `"skip": true` leaves an operation out.
 */
import * as z from "zod";
import type { PaginationDefaults } from "./pagination";

/** The overrides format (`overrides.json`). */
export const OverridesSchema = z.object({
  $comment: z.string().optional(),
  defaults: z
    .object({
      pagination: z
        .object({
          next_field: z.string().optional(),
          more_field: z.string().optional(),
          limit_default: z.number().int().positive().optional(),
          limit_max: z.number().int().positive().optional(),
          response_key: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  integration: z.record(z.string(), z.unknown()).optional(),
  operations: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** The parsed overrides file (empty when there is none). */
export interface Overrides {
  pagination: PaginationDefaults;
  integration: Record<string, unknown>;
  operations: Record<string, Record<string, unknown>>;
}

/** No overrides. */
export const NO_OVERRIDES: Overrides = { pagination: {}, integration: {}, operations: {} };

/** Validates parsed overrides; throws with every problem named. */
export function parseOverrides(value: unknown, where = "overrides"): Overrides {
  const parsed = OverridesSchema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new Error(
      `${where}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return {
    pagination: parsed.data.defaults?.pagination ?? {},
    integration: parsed.data.integration ?? {},
    operations: parsed.data.operations ?? {},
  };
}

/** `over` merged into `base`: objects key by key, everything else replaced, `null` deletes. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
