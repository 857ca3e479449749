/**
 * Method kinds and the groups an MCP server's `config.methods` may name.
 * `read` = get + list; `write` = create + update + delete; `custom` = every non-CRUD method.
 */
import { CRUD_METHODS, type CrudMethod } from "../../docs-registry/schema";

/** The method groups accepted in `config.methods` besides exact method names. */
export const METHOD_GROUPS = {
  read: ["get", "list"],
  write: ["create", "update", "delete"],
} as const satisfies Record<string, readonly CrudMethod[]>;

/** True for list/get/create/update/delete. */
export function isCrudMethod(method: string): method is CrudMethod {
  return (CRUD_METHODS as readonly string[]).includes(method);
}

/** Whether `method` is selected by one entry of `config.methods` (a group or an exact method name). */
export function methodMatches(method: string, selector: string): boolean {
  if (selector === "custom") return !isCrudMethod(method);
  if (selector === "read" || selector === "write")
    return (METHOD_GROUPS[selector] as readonly string[]).includes(method);
  return selector === method;
}
