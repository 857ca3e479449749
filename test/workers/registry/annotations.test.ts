/**
 * Safety hints, by rule and by record, for every tool of every integration in the registry (not a
 * list of Missive names: a new integration is checked the moment its records land).
 */
import { describe, expect, it } from "vitest";
import { registry } from "../../../docs-registry/index";
import { buildTools, type GatewayTool } from "../../../worker/tools/build";
import { readHints, toolDefinition } from "../../../worker/tools/definition";

const everyTool: GatewayTool[] = [...registry().values()].flatMap((e) =>
  buildTools(e.integration, e.records),
);

/** The hint a tool would have without its record's override (the rule, restated independently). */
function expectedByRule(t: GatewayTool): {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
} {
  if (t.access === "read") return { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
  if (t.method === "create") return { readOnlyHint: false, destructiveHint: false, idempotentHint: false };
  if (t.method === "update" || t.method === "delete")
    return { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
  return { readOnlyHint: false, destructiveHint: true, idempotentHint: false };
}

describe("tool annotations", () => {
  it("walks a registry with tools in it", () => {
    expect(everyTool.length).toBeGreaterThanOrEqual(42);
  });

  it("gives every tool the hints of its method kind, unless its record overrides one with a reason", () => {
    for (const t of everyTool) {
      const rule = expectedByRule(t);
      const o = t.record.annotations;
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint"] as const) {
        const want = o?.[hint] ?? rule[hint];
        expect(t.annotations[hint], `${t.name}.${hint}`).toBe(want);
      }
      expect(t.annotations.openWorldHint, t.name).toBe(o?.openWorldHint ?? true);
      expect(t.annotations.title, t.name).toBe(t.title);
    }
  });

  it("sends hints that, read with MCP's defaults, are exactly the tool's annotations, destructiveHint explicit", () => {
    for (const t of everyTool) {
      const { title: _title, ...full } = t.annotations;
      const sent = toolDefinition(t).annotations;
      expect(readHints(sent), t.name).toEqual(full);
      if (!full.readOnlyHint) expect(sent.destructiveHint, t.name).toBe(full.destructiveHint);
    }
  });

  it("lets CRUD kinds fix the access: list/get read, create/update/delete write; custom GETs read", () => {
    for (const t of everyTool) {
      if (t.method === "list" || t.method === "get") expect(t.access, t.name).toBe("read");
      else if (["create", "update", "delete"].includes(t.method)) expect(t.access, t.name).toBe("write");
      else
        expect(t.access, t.name).toBe(t.record.access ?? (t.record.http.method === "GET" ? "read" : "write"));
    }
  });

  it("never calls a state change additive: every update, delete and custom write is destructive", () => {
    for (const t of everyTool) {
      if (t.access === "write" && t.method !== "create")
        expect(t.annotations.destructiveHint, t.name).toBe(true);
      if (t.access === "write") expect(t.annotations.readOnlyHint, t.name).toBe(false);
    }
  });

  it("states a reason for every override, and every override changes a hint", () => {
    for (const t of everyTool) {
      const o = t.record.annotations;
      if (!o) continue;
      expect(o.reason.length, t.name).toBeGreaterThanOrEqual(20);
      const rule = { ...expectedByRule(t), openWorldHint: true };
      const changes = (
        ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const
      ).filter((h) => o[h] !== undefined && o[h] !== rule[h]);
      expect(changes.length, `${t.name} overrides nothing`).toBeGreaterThan(0);
    }
  });

  it("tells the model to confirm with the user before any tool that messages people outside the team", () => {
    const confirming = everyTool.filter((t) => t.record.confirm_with_user);
    for (const t of confirming) {
      expect(t.description, t.name).toContain(
        `Confirm with the user before calling: ${t.record.confirm_with_user}`,
      );
    }
    // Missive's draft tool sends real email with send: true.
    expect(confirming.map((t) => t.name)).toContain("create_a_missive_draft");
  });

  it("marks Missive's state changes honestly", () => {
    const byName = new Map(everyTool.map((t) => [t.name, t]));
    const hints = (n: string) => byName.get(n)?.annotations;
    for (const n of [
      "update_a_missive_contact_by_id",
      "update_a_missive_conversation_by_id",
      "update_a_missive_team_by_id",
      "update_a_missive_task_by_id",
      "merge_missive_conversation_by_id",
      "delete_a_missive_draft_by_id",
      "create_a_missive_post",
    ]) {
      expect(hints(n)?.destructiveHint, n).toBe(true);
    }
    expect(hints("merge_missive_conversation_by_id")?.idempotentHint).toBe(false);
    expect(hints("find_missive_message_by_email_message_id")).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(hints("create_a_missive_contact")).toMatchObject({
      destructiveHint: false,
      idempotentHint: false,
    });
  });
});
