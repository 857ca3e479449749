/**
 * Method kinds and the groups an MCP server's `config.methods` may name.
 * `read` = every method that only reads (get, list, and custom methods whose record reads: HTTP GET
 * or `access: "read"`); `write` = every method that changes state (create, update, delete and the
 * other custom methods); `custom` = every non-CRUD method, whatever its access.
 */
import { CRUD_METHODS, type CrudMethod } from "../integrations/schema";

/** The method groups accepted in `config.methods` besides exact method names. */
export const METHOD_GROUPS = ["read", "write", "custom"] as const;

/** True for list/get/create/update/delete. */
export function isCrudMethod(method: string): method is CrudMethod {
  return (CRUD_METHODS as readonly string[]).includes(method);
}

/** Whether a tool is selected by one entry of `config.methods` (a group or an exact method name). */
export function methodMatches(tool: { method: string; access: "read" | "write" }, selector: string): boolean {
  if (selector === "custom") return !isCrudMethod(tool.method);
  if (selector === "read" || selector === "write") return tool.access === selector;
  return selector === tool.method;
}
