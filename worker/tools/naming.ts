/**
 * Tool naming: one documented pattern per method kind, derived from the record, never hand-written.
 *
 * - list   → `list_all_<integration>_<resource>`
 * - get    → `get_single_<integration>_<singular>_by_id`
 * - create → `create_a_<integration>_<singular>`
 * - update → `update_a_<integration>_<singular>_by_id`
 * - delete → `delete_a_<integration>_<singular>_by_id`
 * - custom → `<method>_<integration>_<singular>` + `_by_id` when the path has a placeholder
 *            + `_<name_suffix>` when the record sets one (e.g. `find_<integration>_message_by_email_message_id`).
 */
import type { EndpointRecord } from "../integrations/schema";

/** Claude (claude.ai, Desktop) and OpenAI reject tool names outside this pattern. */
export const TOOL_NAME_PATTERN = /^[a-z0-9_]{1,64}$/;

/** Derives the tool name of a record; throws when the result breaks {@link TOOL_NAME_PATTERN}. */
export function toolName(
  integration: string,
  resource: { name: string; singular: string },
  record: Pick<EndpointRecord, "method" | "name_suffix" | "http">,
): string {
  const hasId = /\{[a-z0-9_]+\}/.test(record.http.path);
  const base = (() => {
    switch (record.method) {
      case "list":
        return `list_all_${integration}_${resource.name}`;
      case "get":
        return `get_single_${integration}_${resource.singular}_by_id`;
      case "create":
        return `create_a_${integration}_${resource.singular}`;
      case "update":
        return `update_a_${integration}_${resource.singular}_by_id`;
      case "delete":
        return `delete_a_${integration}_${resource.singular}_by_id`;
      default:
        return `${record.method}_${integration}_${resource.singular}${hasId ? "_by_id" : ""}`;
    }
  })();
  const name = record.name_suffix ? `${base}_${record.name_suffix}` : base;
  if (!TOOL_NAME_PATTERN.test(name)) throw new Error(`tool name ${name} breaks ${TOOL_NAME_PATTERN}`);
  return name;
}

/** A human title for the tool, e.g. "List all Acme contact books" for integration title "Acme". */
export function toolTitle(
  integrationTitle: string,
  resource: { title: string; singular: string },
  method: string,
): string {
  const singular = resource.singular.replaceAll("_", " ");
  switch (method) {
    case "list":
      return `List all ${integrationTitle} ${resource.title}`;
    case "get":
      return `Get a ${integrationTitle} ${singular} by id`;
    case "create":
      return `Create a ${integrationTitle} ${singular}`;
    case "update":
      return `Update a ${integrationTitle} ${singular} by id`;
    case "delete":
      return `Delete a ${integrationTitle} ${singular} by id`;
    default:
      return `${method.charAt(0).toUpperCase()}${method.slice(1).replaceAll("_", " ")} ${integrationTitle} ${singular}`;
  }
}
