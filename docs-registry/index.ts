/**
 * The docs registry: every integration and its endpoint records, validated once per isolate.
 *
 * Validation runs at module load (the first request of an isolate pays it, no later request does);
 * an invalid record fails loudly with its file name rather than producing a broken tool.
 */
import { RAW_REGISTRY } from "./generated";
import { type EndpointRecord, EndpointRecordSchema, type Integration, IntegrationSchema } from "./schema";

export type { Access, EndpointRecord, Integration, JsonSchema, Pagination } from "./schema";

/** An integration with its validated records, in file-name order. */
export interface RegistryEntry {
  integration: Integration;
  records: ReadonlyArray<{ file: string; record: EndpointRecord }>;
}

/** Thrown when registry data does not match the record format. */
export class RegistryError extends Error {
  override name = "RegistryError";
}

/** Validates raw registry data; exported for tests that feed synthetic integrations. */
export function parseRegistry(raw: typeof RAW_REGISTRY): Map<string, RegistryEntry> {
  const out = new Map<string, RegistryEntry>();
  for (const entry of raw) {
    const integration = IntegrationSchema.safeParse(entry.integration);
    if (!integration.success) {
      throw new RegistryError(`invalid integration.json: ${integration.error.message}`);
    }
    const records = entry.records.map(({ file, record }) => {
      const parsed = EndpointRecordSchema.safeParse(record);
      if (!parsed.success) throw new RegistryError(`${file}: ${parsed.error.message}`);
      if (!(parsed.data.resource in integration.data.resources)) {
        throw new RegistryError(`${file}: unknown resource ${parsed.data.resource}`);
      }
      return { file, record: parsed.data };
    });
    out.set(integration.data.name, { integration: integration.data, records });
  }
  return out;
}

let cached: Map<string, RegistryEntry> | undefined;

/** The shipped registry, parsed on first use and kept for the life of the isolate. */
export function registry(): Map<string, RegistryEntry> {
  cached ??= parseRegistry(RAW_REGISTRY);
  return cached;
}

/** The registry entry of one integration, or undefined when it is not documented. */
export function integrationEntry(name: string): RegistryEntry | undefined {
  return registry().get(name);
}
