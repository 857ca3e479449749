import { describe, expect, it } from "vitest";
import {
  type EndpointRecord,
  type Integration,
  type JsonSchema,
  registry,
} from "../../../docs-registry/index";
import { toolName } from "../../../worker/tools/naming";

/** The 42 method + path rows of missive-api.md §2, with `:id` placeholders in the records' `{…}` form. */
const REFERENCE_ROWS: ReadonlyArray<readonly [string, string]> = [
  ["POST", "/analytics/reports"],
  ["GET", "/analytics/reports/{id}"],
  ["POST", "/contacts"],
  ["PATCH", "/contacts/{ids}"],
  ["GET", "/contacts"],
  ["GET", "/contacts/{id}"],
  ["GET", "/contact_books"],
  ["GET", "/contact_groups"],
  ["GET", "/conversations"],
  ["GET", "/conversations/{id}"],
  ["PATCH", "/conversations/{ids}"],
  ["GET", "/conversations/{conversation_id}/messages"],
  ["GET", "/conversations/{conversation_id}/comments"],
  ["GET", "/conversations/{conversation_id}/drafts"],
  ["GET", "/conversations/{conversation_id}/posts"],
  ["POST", "/conversations/{conversation_id}/merge"],
  ["POST", "/drafts"],
  ["DELETE", "/drafts/{id}"],
  ["POST", "/messages"],
  ["GET", "/messages/{ids}"],
  ["GET", "/messages"],
  ["GET", "/organizations"],
  ["GET", "/responses"],
  ["GET", "/responses/{id}"],
  ["POST", "/responses"],
  ["PATCH", "/responses/{ids}"],
  ["DELETE", "/responses/{ids}"],
  ["POST", "/posts"],
  ["DELETE", "/posts/{id}"],
  ["POST", "/shared_labels"],
  ["PATCH", "/shared_labels/{ids}"],
  ["GET", "/shared_labels"],
  ["GET", "/teams"],
  ["POST", "/teams"],
  ["PATCH", "/teams/{ids}"],
  ["GET", "/users"],
  ["GET", "/tasks"],
  ["GET", "/tasks/{id}"],
  ["POST", "/tasks"],
  ["PATCH", "/tasks/{id}"],
  ["POST", "/hooks"],
  ["DELETE", "/hooks/{id}"],
];

/** Paths (`body.schema.properties.to_fields.items.properties.address`, …) of properties lacking a description. */
function undescribed(schema: JsonSchema | undefined, at: string): string[] {
  if (!schema) return [];
  const missing: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const here = `${at}.${name}`;
    if (typeof prop.description !== "string" || prop.description.trim().length < 3) missing.push(here);
    missing.push(...undescribed(prop, here));
  }
  if (schema.items) missing.push(...undescribed(schema.items, `${at}[]`));
  if (typeof schema.additionalProperties === "object") {
    missing.push(...undescribed(schema.additionalProperties, `${at}{}`));
  }
  return missing;
}

/** The tool name the engine derives for a record (design §2.4). */
function nameOf(integration: Integration, record: EndpointRecord): string {
  const resource = integration.resources[record.resource];
  if (!resource) throw new Error(`unknown resource ${record.resource}`);
  return toolName(integration.name, { name: record.resource, singular: resource.singular }, record);
}

function missive() {
  const entry = registry().get("missive");
  if (!entry) throw new Error("missive is not in the registry");
  return entry;
}

describe("the Missive documentation records", () => {
  it("load and validate against the record format", () => {
    expect(() => registry()).not.toThrow();
    expect(registry().has("missive")).toBe(true);
  });

  it("number exactly 42, one per endpoint row of the reference", () => {
    expect(missive().records).toHaveLength(42);
  });

  it("cover exactly the method and path pairs of the reference", () => {
    const actual = missive()
      .records.map(({ record }) => `${record.http.method} ${record.http.path}`)
      .sort();
    const expected = REFERENCE_ROWS.map(([method, path]) => `${method} ${path}`).sort();
    expect(new Set(actual).size).toBe(actual.length);
    expect(actual).toEqual(expected);
  });

  it("use every resource of integration.json", () => {
    const { integration, records } = missive();
    const used = new Set(records.map(({ record }) => record.resource));
    const unused = Object.keys(integration.resources).filter((r) => !used.has(r));
    expect(unused).toEqual([]);
  });

  it("describe every property at every level of path params, query and body", () => {
    const missing = missive().records.flatMap(({ file, record }) => [
      ...undescribed(record.path_params, `${file}: path_params`),
      ...undescribed(record.query, `${file}: query`),
      ...undescribed(record.body?.schema, `${file}: body`),
    ]);
    expect(missing).toEqual([]);
  });

  it("are named after the file that holds them", () => {
    for (const { file, record } of missive().records) {
      const suffix = record.name_suffix ? `.${record.name_suffix}` : "";
      expect(file).toBe(`missive/records/${record.resource}.${record.method}${suffix}.json`);
    }
  });

  it("derive unique tool names that fit the 64-character limit", () => {
    const { integration, records } = missive();
    const names = records.map(({ record }) => nameOf(integration, record));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,64}$/);
    expect(names).toEqual(
      expect.arrayContaining([
        "list_all_missive_contact_books",
        "list_all_missive_contacts",
        "create_a_missive_contact",
        "list_all_missive_shared_labels",
        "list_all_missive_conversations",
        "list_all_missive_conversation_messages",
        "list_all_missive_conversation_comments",
        "update_a_missive_shared_label_by_id",
        "update_a_missive_conversation_by_id",
        "merge_missive_conversation_by_id",
        "find_missive_message_by_email_message_id",
      ]),
    );
  });

  it("only mention tools that exist", () => {
    const { integration, records } = missive();
    const names = new Set(records.map(({ record }) => nameOf(integration, record)));
    const unknown = records.flatMap(({ file, record }) => {
      const text = JSON.stringify(record);
      const mentioned = text.match(
        /\b(?:list_all|get_single|create_a|update_a|delete_a|merge|find)_missive_[a-z_]+/g,
      );
      return (mentioned ?? []).filter((n) => !names.has(n)).map((n) => `${file}: ${n}`);
    });
    expect(unknown).toEqual([]);
  });

  it("keep limit, offset and until out of the query of paginated records", () => {
    for (const { record } of missive().records) {
      if (!record.pagination) continue;
      for (const reserved of ["limit", "offset", "until", "next_cursor"]) {
        expect(record.query.properties).not.toHaveProperty(reserved);
      }
    }
  });
});
