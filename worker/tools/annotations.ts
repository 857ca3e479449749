/**
 * Safety hints by rule, corrected by record.
 *
 * MCP defines `destructiveHint: false` as "performs only additive updates", so the rule is:
 * - list/get and other read-only methods: read-only (idempotent, not destructive);
 * - create: additive — not destructive, not idempotent (a second call makes a second item);
 * - update: changes existing state — destructive; idempotent (sending the same values again changes
 *   nothing more);
 * - delete: destructive and idempotent (the item is gone either way);
 * - any other method that writes (merge, send, …): destructive and not idempotent.
 * A record's `annotations` override replaces single hints, with a stated reason.
 */

import type { Access, EndpointRecord } from "../integrations/schema";
import { CRUD_ACCESS, type CrudMethod } from "../integrations/schema";

/** MCP tool annotations (all hints). */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

type Hints = Omit<ToolAnnotations, "title" | "openWorldHint">;

/** Whether a record's method only reads or changes state. */
export function recordAccess(record: Pick<EndpointRecord, "method" | "access" | "http">): Access {
  return (
    CRUD_ACCESS[record.method as CrudMethod] ??
    record.access ??
    (record.http.method === "GET" ? "read" : "write")
  );
}

/** The hints the rule gives a method kind and access, before any record override. */
export function ruleHints(method: string, access: Access): Hints {
  if (access === "read") return { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
  switch (method) {
    case "create":
      return { readOnlyHint: false, destructiveHint: false, idempotentHint: false };
    case "update":
    case "delete":
      return { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
    default:
      return { readOnlyHint: false, destructiveHint: true, idempotentHint: false };
  }
}

/** The annotations of a record's tool: the rule, then the record's stated overrides. */
export function annotate(title: string, record: EndpointRecord): ToolAnnotations {
  const hints: ToolAnnotations = {
    title,
    ...ruleHints(record.method, recordAccess(record)),
    openWorldHint: true,
  };
  const o = record.annotations;
  if (o) {
    for (const k of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
      const v = o[k];
      if (v !== undefined) hints[k] = v;
    }
  }
  return hints;
}
