/**
 * The shipped integrations: the seed that `npm start`, the tests and the deploy step publish into a
 * gateway's storage (`POST /integrations`). Validated with the same function the admin API runs.
 * The Worker never imports this module: what it serves is what is published.
 */
import { type IntegrationContent, validateContent } from "../worker/integrations/snapshot";
import { RAW_REGISTRY } from "./generated";

export type {
  Access,
  EndpointRecord,
  Integration,
  JsonSchema,
  Pagination,
} from "../worker/integrations/schema";
export type { IntegrationContent as RegistryEntry } from "../worker/integrations/snapshot";

/** Validates raw registry data (throws naming every problem); exported for synthetic integrations. */
export function parseRegistry(raw: typeof RAW_REGISTRY): Map<string, IntegrationContent> {
  const out = new Map<string, IntegrationContent>();
  for (const entry of raw) {
    const content = validateContent(entry);
    out.set(content.integration.name, content);
  }
  return out;
}

let cached: Map<string, IntegrationContent> | undefined;

/** The shipped integrations, validated once. */
export function registry(): Map<string, IntegrationContent> {
  cached ??= parseRegistry(RAW_REGISTRY);
  return cached;
}

/** One shipped integration's content, or undefined. */
export function integrationEntry(name: string): IntegrationContent | undefined {
  return registry().get(name);
}
