/// <reference types="vite/client" />
/**
 * Every tool the shipped registry generates must be accepted by strict MCP clients (Claude's name
 * pattern, no root combinators, no `$ref`, described properties) and must carry what a model needs.
 * Plus the documented schema rules (collisions, root-array bodies, batch ids) on synthetic records.
 */
import { describe, expect, it } from "vitest";
import missiveDoc from "../../../docs/integrations/missive.md?raw";
import { type EndpointRecord, type JsonSchema, registry } from "../../../docs-registry/index";
import { BASE_INSTRUCTIONS } from "../../../worker/mcp/server";
import { buildTool, type GatewayTool } from "../../../worker/tools/build";
import { buildUpstreamCall } from "../../../worker/tools/request";
import { walk } from "../support/schema-walk";
import { seedCatalog } from "../support/seed";
import { acmeIntegration } from "../support/synthetic";

function shipped(): readonly GatewayTool[] {
  const c = seedCatalog("missive");
  if (!c) throw new Error("missive is not in the registry");
  return c.tools;
}

/** Paths of every `$ref` key anywhere in a JSON value. */
function refs(value: unknown, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "$ref" ? [at] : refs(v, `${at}.${k}`)));
}

/** The batch rows of missive-api.md §1.6: comma-separated ids in the path. */
const BATCH_TOOLS = [
  "delete_a_missive_response_by_id",
  "get_single_missive_message_by_id",
  "update_a_missive_contact_by_id",
  "update_a_missive_conversation_by_id",
  "update_a_missive_response_by_id",
  "update_a_missive_shared_label_by_id",
  "update_a_missive_team_by_id",
];

/** Tool names a description may point a model to for an id. */
const SOURCE = /\b(list_all|get_single|create_a|find)_missive_[a-z_]+|Settings → API → Resource IDs/;

/** Top-level parameters that take an id some other tool (or Missive's settings) must provide. */
const ID_PARAMS = [
  "id",
  "ids",
  "conversation_id",
  "contact_book",
  "organization",
  "team",
  "conversation",
  "target",
  "parent",
  "account",
  "user",
  "assignee",
  "shared_label",
  "team_inbox",
  "team_closed",
  "team_all",
  "contact_organization",
  "share_with_team",
  "add_shared_labels",
  "remove_shared_labels",
  "add_users",
  "add_assignees",
  "remove_assignees",
  "assignees",
  "active_members",
  "observers",
  "share_with_users",
  "shared_labels",
  "teams",
  "users",
  "accounts",
];

describe("every generated Missive tool is client-safe", () => {
  const tools = shipped();

  it("has one tool per reference row (42)", () => {
    expect(tools).toHaveLength(42);
  });

  it("names every tool within ^[a-z0-9_]{1,64}$, uniquely", () => {
    const names = tools.map((t) => t.name);
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]{1,64}$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it("follows the naming patterns: CRUD names, and <verb>_missive_<singular>[_by_id][_<suffix>] for the rest", () => {
    for (const t of tools) {
      const crud = {
        list: /^list_all_missive_[a-z_]+$/,
        get: /^get_single_missive_[a-z_]+_by_id$/,
        create: /^create_a_missive_[a-z_]+$/,
        update: /^update_a_missive_[a-z_]+_by_id$/,
        delete: /^delete_a_missive_[a-z_]+_by_id$/,
      }[t.method];
      expect(t.name).toMatch(crud ?? new RegExp(`^${t.method}_missive_[a-z_]+$`));
    }
    const custom = tools.filter((t) => !["list", "get", "create", "update", "delete"].includes(t.method));
    expect(custom.map((t) => t.name).sort()).toEqual([
      "find_missive_message_by_email_message_id",
      "merge_missive_conversation_by_id",
    ]);
  });

  it("gives every inputSchema a root object with no combinators and no $ref anywhere", () => {
    for (const t of tools) {
      const s = t.inputSchema as Record<string, unknown>;
      expect(s.type, t.name).toBe("object");
      for (const k of ["oneOf", "anyOf", "allOf", "not", "if", "then", "else"]) {
        expect(s[k], `${t.name} root ${k}`).toBeUndefined();
      }
      expect(refs(s), t.name).toEqual([]);
      expect(refs(t.annotations), t.name).toEqual([]);
      expect(typeof s.properties).toBe("object");
      for (const r of (s.required as string[] | undefined) ?? []) expect(s.properties).toHaveProperty(r);
    }
  });

  it("describes every property at every depth", () => {
    const missing: string[] = [];
    for (const t of tools) {
      for (const [path, prop] of walk(t.inputSchema, t.name)) {
        if (typeof prop.description !== "string" || prop.description.trim().length < 3) missing.push(path);
      }
    }
    expect(missing).toEqual([]);
  });

  it("annotates consistently with the method: reads read-only, every change of existing state destructive", () => {
    for (const t of tools) {
      const a = t.annotations;
      const http = t.record.http.method;
      expect(a.title, t.name).toBe(t.title);
      expect(a.title.length, t.name).toBeGreaterThan(3);
      expect(a.readOnlyHint, t.name).toBe(http === "GET");
      // MCP: destructiveHint false means "only additive updates"; only plain creates qualify.
      expect(a.destructiveHint, t.name).toBe(
        http !== "GET" && (t.method !== "create" || !!t.record.annotations),
      );
      expect(t.method === "delete", t.name).toBe(http === "DELETE");
      expect(a.idempotentHint, t.name).toBe(http === "GET" || ["update", "delete"].includes(t.method));
      expect(a.openWorldHint, t.name).toBe(true);
    }
  });

  it("gives list tools `limit` and a `next_cursor` that says to pass back the exact cursor", () => {
    const lists = tools.filter((t) => t.method === "list");
    expect(lists).toHaveLength(14);
    for (const t of tools) {
      const props = t.inputSchema.properties;
      if (t.record.pagination) {
        expect(props.limit?.type, t.name).toBe("integer");
        expect(props.limit?.maximum, t.name).toBe(t.record.pagination.limit.max);
        expect(props.next_cursor?.type, t.name).toBe("string");
        expect(props.next_cursor?.description, t.name).toMatch(/pass back the exact `next_cursor`/);
        // Paging itself is explained once, in the server instructions (BASE_INSTRUCTIONS).
        expect(t.inputSchema.required ?? [], t.name).not.toContain("next_cursor");
      } else {
        expect(props.next_cursor, t.name).toBeUndefined();
      }
    }
    for (const t of lists) expect(t.record.pagination, t.name).toBeDefined();
    // Until-style lists refuse limit 1 before Missive does ("min 'limit' value is 2").
    for (const t of lists.filter((l) => l.record.pagination?.style === "until")) {
      expect(t.inputSchema.properties.limit?.minimum, t.name).toBe(2);
    }
  });

  it("takes batch ids as an array of strings, exactly on the comma-separated endpoints", () => {
    const batch = tools.filter((t) => t.inputSchema.properties.ids);
    expect(batch.map((t) => t.name).sort()).toEqual(BATCH_TOOLS);
    for (const t of batch) {
      const ids = t.inputSchema.properties.ids as JsonSchema;
      expect(ids.type, t.name).toBe("array");
      expect(ids.minItems, t.name).toBe(1);
      expect(ids.items?.type, t.name).toBe("string");
      expect(t.inputSchema.required, t.name).toContain("ids");
      expect(t.record.http.path, t.name).toMatch(/\{ids\}/);
    }
    for (const t of tools.filter((x) => !BATCH_TOOLS.includes(x.name))) {
      expect(t.record.http.path, t.name).not.toMatch(/\{ids\}/);
    }
  });

  it("tells the model where every id parameter comes from", () => {
    const vague: string[] = [];
    for (const t of tools) {
      for (const [name, prop] of Object.entries(t.inputSchema.properties)) {
        if (!ID_PARAMS.includes(name)) continue;
        // `user`/`users`/`teams` etc. in analytics and responses are ids too; `body`-prefixed renames never occur.
        if (!SOURCE.test(prop.description ?? "")) vague.push(`${t.name}.${name}`);
      }
    }
    expect(vague).toEqual([]);
  });

  it("is documented in docs/integrations/missive.md: one table row per tool with its endpoint, kind and tags", () => {
    const rows = missiveDoc
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows).toHaveLength(tools.length);
    for (const t of tools) {
      const kind = ["list", "get"].includes(t.method)
        ? "read"
        : ["create", "update", "delete"].includes(t.method)
          ? "write"
          : "custom";
      expect(rows, t.name).toContainEqual([
        `\`${t.name}\``,
        `\`${t.record.http.method} ${t.record.http.path}\``,
        `${t.method} (${kind})`,
        t.tags.join(", "),
      ]);
    }
  });

  it("carries the usage notes a model needs", () => {
    const byName = new Map(tools.map((t) => [t.name, t]));
    // Usage notes live in the description or, for one parameter, in that parameter's description.
    const text = (n: string) => {
      const t = byName.get(n);
      return t ? `${t.description}\n${JSON.stringify(t.inputSchema)}` : "";
    };
    for (const n of ["create_a_missive_contact", "update_a_missive_contact_by_id"]) {
      expect(text(n)).toMatch(/list_all_missive_contact_books/);
      for (const kind of [
        "email",
        "phone_number",
        "twitter",
        "facebook",
        "physical_address",
        "url",
        "custom",
      ])
        expect(text(n)).toContain(kind);
      for (const label of ["home|work|personal|other", "main|mobile|home|work|home_fax", "homepage|profile"])
        expect(text(n)).toContain(label);
    }
    expect(text("update_a_missive_contact_by_id")).toMatch(/replace/i);
    expect(text("list_all_missive_contacts")).toMatch(/list_all_missive_contact_books/);
    expect(text("list_all_missive_conversations")).toContain("You need to paginate at least one mailbox");
    expect(text("list_all_missive_conversations")).toMatch(/junked/);
    expect(BASE_INSTRUCTIONS).toMatch(/next_cursor passed back unchanged/);
    // The conversation-action rules are said once, in the integration's server instructions.
    const shared = registry().get("missive")?.integration.instructions ?? "";
    expect(shared).toMatch(/organization`? is required/);
    expect(shared).toMatch(/name_with_parent_names/);
    expect(text("update_a_missive_conversation_by_id")).toMatch(/see instructions/);
    expect(text("list_all_missive_shared_labels")).toMatch(/name_with_parent_names/);
    expect(text("get_single_missive_analytics_report_by_id")).toMatch(/404/);
    expect(text("create_a_missive_draft")).toMatch(/from_field/);
  });
});

const integration = acmeIntegration;

const str = (description: string): JsonSchema => ({ type: "string", description });

function record(partial: Partial<EndpointRecord>): EndpointRecord {
  return {
    resource: "widgets",
    method: "create",
    http: { method: "POST", path: "/widgets" },
    description: "A synthetic endpoint for schema-rule tests.",
    notes: [],
    path_params: { type: "object", properties: {} },
    query: { type: "object", properties: {} },
    tags: [],
    ...partial,
  };
}

describe("the documented schema rules on synthetic records", () => {
  it("resolves collisions path > query > body: query_<name>, body_<name>", () => {
    const tool = buildTool(
      integration,
      record({
        http: { method: "POST", path: "/widgets/{id}/copy" },
        path_params: { type: "object", required: ["id"], properties: { id: str("Widget id") } },
        query: {
          type: "object",
          required: ["id"],
          properties: { id: str("Query id"), mode: str("Copy mode") },
        },
        body: {
          envelope: { shape: "object", key: "widget" },
          schema: {
            type: "object",
            required: ["mode"],
            properties: { id: str("Body id"), mode: str("Body mode"), name: str("New name") },
          },
        },
      }),
    );
    expect(Object.keys(tool.inputSchema.properties)).toEqual([
      "id",
      "query_id",
      "mode",
      "body_id",
      "body_mode",
      "name",
    ]);
    expect(tool.inputSchema.required).toEqual(["id", "query_id", "body_mode"]);
    expect(tool.bindings).toMatchObject({
      id: { location: "path", wire: "id" },
      query_id: { location: "query", wire: "id" },
      mode: { location: "query", wire: "mode" },
      body_id: { location: "body", wire: "id" },
      body_mode: { location: "body", wire: "mode" },
      name: { location: "body", wire: "name" },
    });
    const call = buildUpstreamCall(tool, {
      id: "w1",
      query_id: "q",
      mode: "deep",
      body_id: "b",
      body_mode: "shallow",
      name: "Copy",
    });
    expect(call).toEqual({
      method: "POST",
      path: "/widgets/w1/copy",
      query: { id: "q", mode: "deep" },
      body: { widget: { id: "b", mode: "shallow", name: "Copy" } },
    });
  });

  it("renames body fields that collide with the paging arguments limit and next_cursor", () => {
    const tool = buildTool(
      integration,
      record({
        method: "find",
        http: { method: "POST", path: "/widgets/search" },
        pagination: { style: "offset", limit: { default: 20, max: 100 } },
        body: {
          envelope: { shape: "none" },
          schema: {
            type: "object",
            properties: { limit: str("Body limit"), next_cursor: str("Body cursor"), q: str("Query") },
          },
        },
      }),
    );
    expect(Object.keys(tool.inputSchema.properties)).toEqual([
      "limit",
      "next_cursor",
      "body_limit",
      "body_next_cursor",
      "q",
    ]);
    expect(buildUpstreamCall(tool, { body_limit: "5", body_next_cursor: "c", q: "x" }).body).toEqual({
      limit: "5",
      next_cursor: "c",
      q: "x",
    });
  });

  it("wraps a root-array body under a required `body` argument and sends the array as is", () => {
    const tool = buildTool(
      integration,
      record({
        query: { type: "object", properties: { dry_run: { type: "boolean", description: "Only check" } } },
        body: {
          envelope: { shape: "none" },
          schema: {
            type: "array",
            items: { type: "object", description: "A widget", properties: { name: str("Name") } },
          },
        },
      }),
    );
    expect(tool.inputSchema.type).toBe("object");
    expect(tool.inputSchema.properties.body).toMatchObject({
      type: "array",
      description: expect.any(String),
    });
    expect(tool.inputSchema.required).toEqual(["body"]);
    const call = buildUpstreamCall(tool, { dry_run: true, body: [{ name: "a" }, { name: "b" }] });
    expect(call.query).toEqual({ dry_run: "true" });
    expect(call.body).toEqual([{ name: "a" }, { name: "b" }]);
  });

  it("names a root-array body body_body when a query parameter already took `body`", () => {
    const tool = buildTool(
      integration,
      record({
        query: { type: "object", properties: { body: str("Query body") } },
        body: { envelope: { shape: "none" }, schema: { type: "array", items: str("An item") } },
      }),
    );
    expect(Object.keys(tool.inputSchema.properties)).toEqual(["body", "body_body"]);
    const call = buildUpstreamCall(tool, { body: "q", body_body: ["x"] });
    expect(call.query).toEqual({ body: "q" });
    expect(call.body).toEqual(["x"]);
  });

  it("refuses a record whose names still collide after the renames, instead of dropping a parameter", () => {
    expect(() =>
      buildTool(
        integration,
        record({
          query: { type: "object", properties: { query_x: str("Another"), x: str("Query x") } },
          path_params: { type: "object", properties: { x: str("Path x") } },
          http: { method: "POST", path: "/widgets/{x}" },
        }),
      ),
    ).toThrow(/flat name query_x/);
  });

  it("sends batch ids comma-joined with one body object per id that keeps its own id", () => {
    const tool = buildTool(
      integration,
      record({
        method: "update",
        http: { method: "PATCH", path: "/widgets/{ids}" },
        path_params: {
          type: "object",
          required: ["ids"],
          properties: { ids: { type: "array", items: str("A widget id"), description: "Widget ids" } },
        },
        body: {
          envelope: { shape: "per_id", key: "widgets", ids_param: "ids" },
          schema: { type: "object", properties: { id: str("A stray id field"), color: str("Color") } },
        },
      }),
    );
    const call = buildUpstreamCall(tool, { ids: ["a", "b"], id: "zzz", color: "red" });
    expect(call.path).toBe("/widgets/a,b");
    expect(call.body).toEqual({
      widgets: [
        { id: "a", color: "red" },
        { id: "b", color: "red" },
      ],
    });
  });
});
