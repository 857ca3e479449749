/**
 * The wire forms of a documented schema (worker/tools/schema-profiles.ts): what `portable` trades
 * and keeps, what `openai_strict` adds, that `full` is the documented schema, and that arguments a
 * model writes against a wire form are mapped back to the documented meaning
 * (worker/tools/argument-mapping.ts).
 */
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../../worker/integrations/schema";
import { mapArguments } from "../../../worker/tools/argument-mapping";
import { listedToolName, nameHash } from "../../../worker/tools/listed-name";
import { wireSchema } from "../../../worker/tools/schema-profiles";

const root = (properties: Record<string, JsonSchema>, required?: string[]): JsonSchema => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
  additionalProperties: false,
});

const documented = root(
  {
    title: { type: ["string", "null"], description: "The title." },
    id: { type: ["string", "number"], description: "An id." },
    parent: {
      description: "The parent.",
      oneOf: [
        {
          type: "object",
          properties: { page_id: { type: "string", format: "uuid", description: "Page." } },
          required: ["page_id"],
        },
        {
          type: "object",
          properties: { type: { const: "workspace", description: "Kind." } },
          required: ["type"],
        },
      ],
    },
    variables: {
      type: "object",
      description: "Template variables.",
      additionalProperties: { type: "string", description: "Value." },
    },
    when: { type: "string", format: "date-time", description: "When." },
    size: { type: "integer", enum: [1, 2, 3], description: "Size.", default: 2 },
    tags: {
      type: "array",
      description: "Tags.",
      uniqueItems: true,
      items: { type: "string", description: "A tag.", minLength: 1 },
    },
    nested: {
      type: "object",
      description: "Nested.",
      properties: { a: { type: "string", description: "A." }, b: { type: "boolean", description: "B." } },
      required: ["a"],
      additionalProperties: false,
    },
  },
  ["parent"],
);

describe("the portable profile", () => {
  const p = wireSchema(documented, "portable");
  const props = p.properties;

  it("is built once per schema and profile", () => {
    expect(wireSchema(documented, "portable")).toBe(p);
    expect(wireSchema(documented, "openai_strict")).toBe(wireSchema(documented, "openai_strict"));
  });

  it("sends one type per node: a nullable type says so, a union keeps its first type and names the rest", () => {
    expect(props.title).toEqual({ type: "string", description: "The title. Nullable." });
    expect(props.id).toEqual({ type: "string", description: "An id. Or a number." });
  });

  it("merges either-or object shapes into one object, keeps their values as an enum and says the shapes", () => {
    expect(props.parent).toEqual({
      type: "object",
      properties: {
        page_id: { type: "string", description: "Page. Format: uuid." },
        type: { type: "string", enum: ["workspace"], description: "Kind." },
      },
      description: 'The parent. One of: page_id; type="workspace".',
    });
  });

  it("sends an object without properties as JSON text, and drops nested additionalProperties", () => {
    expect(props.variables).toEqual({
      type: "string",
      description: "Template variables. JSON object as a string (values: a string).",
    });
    expect(props.nested).toEqual({
      type: "object",
      description: "Nested.",
      properties: { a: { type: "string", description: "A." }, b: { type: "boolean", description: "B." } },
      required: ["a"],
    });
  });

  it("keeps date-time and string constraints, says what the subset cannot carry", () => {
    expect(props.when).toEqual({ type: "string", format: "date-time", description: "When." });
    expect(props.size).toEqual({ type: "integer", description: "Size. One of: 1, 2, 3. Default 2." });
    expect(props.tags).toEqual({
      type: "array",
      description: "Tags. No duplicates.",
      items: { type: "string", description: "A tag.", minLength: 1 },
    });
  });

  it("keeps the root's arguments and required list, without the root additionalProperties", () => {
    expect(Object.keys(props)).toEqual(Object.keys(documented.properties ?? {}));
    expect(p.required).toEqual(["parent"]);
    expect(p).not.toHaveProperty("additionalProperties");
    expect(JSON.stringify(p)).not.toMatch(
      /"(oneOf|anyOf|allOf|const|additionalProperties|default|uniqueItems)"/,
    );
  });
});

describe("the openai_strict profile", () => {
  const s = wireSchema(documented, "openai_strict");

  it("requires every property, closes every object, and makes optional ones nullable", () => {
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(Object.keys(documented.properties ?? {}));
    expect(s.properties.title?.type).toEqual(["string", "null"]);
    expect(s.properties.parent?.type).toBe("object");
    expect(s.properties.parent?.required).toEqual(["page_id", "type"]);
    expect(s.properties.parent?.properties?.type).toMatchObject({
      type: ["string", "null"],
      enum: ["workspace", null],
    });
    expect(s.properties.nested).toMatchObject({ additionalProperties: false, required: ["a", "b"] });
    expect(s.properties.nested?.properties?.b?.type).toEqual(["boolean", "null"]);
  });

  it("says the lengths strict mode does not take", () => {
    expect(s.properties.tags?.items).toEqual({ type: "string", description: "A tag. At least 1 character." });
  });
});

describe("the full profile", () => {
  it("is the documented schema without the root additionalProperties", () => {
    const { additionalProperties: _a, ...rest } = documented;
    expect(wireSchema(documented, "full")).toEqual(rest);
  });
});

describe("arguments mapped back to the documented schema", () => {
  it("parses JSON text where the documented schema takes only an object, and leaves accepted strings alone", () => {
    const args = { variables: '{"1":"Phil"}', id: "42", title: "{}" };
    expect(mapArguments(args, documented, "portable")).toEqual({
      variables: { 1: "Phil" },
      id: "42",
      title: "{}",
    });
    expect(mapArguments({ variables: "not json" }, documented, "portable")).toEqual({
      variables: "not json",
    });
    expect(mapArguments(args, documented, "full")).toBe(args);
  });

  it("drops the nulls strict mode sends for absent arguments, at every depth, and keeps documented nulls", () => {
    const args = {
      title: null,
      id: null,
      parent: { page_id: "p1", type: null },
      nested: { a: "x", b: null },
      tags: null,
    };
    expect(mapArguments(args, documented, "openai_strict")).toEqual({
      title: null,
      parent: { page_id: "p1" },
      nested: { a: "x" },
    });
  });

  it("returns the same object when nothing needed mapping", () => {
    const args = { parent: { page_id: "p1" }, tags: ["a"] };
    expect(mapArguments(args, documented, "openai_strict")).toBe(args);
  });
});

describe("listed names", () => {
  it("keeps a name that fits, drops the CRUD filler when that is enough, else cuts whole words and adds a hash", () => {
    expect(listedToolName("list_all_missive_contacts")).toBe("list_all_missive_contacts");
    expect(listedToolName("get_single_missive_analytics_report_by_id")).toBe(
      "get_missive_analytics_report_by_id",
    );
    const long = "create_a_github_repo_branch_protection_restriction_team";
    const short = listedToolName(long);
    expect(short).toBe(`create_github_repo_branch_${nameHash(long)}`);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(listedToolName(long)).toBe(short);
    expect(nameHash(long)).toMatch(/^[0-9a-v]{6}$/);
    expect(nameHash("a")).not.toBe(nameHash("b"));
  });
});
