import { describe, expect, it } from "vitest";
import type { EndpointRecord } from "../../../docs-registry/index";
import { buildTool } from "../../../worker/tools/build";
import { ArgumentError, buildUpstreamCall } from "../../../worker/tools/request";
import { acmeIntegration } from "../support/synthetic";

const integration = acmeIntegration;

function record(partial: Partial<EndpointRecord>): EndpointRecord {
  return {
    resource: "widgets",
    method: "update",
    http: { method: "PATCH", path: "/widgets/{ids}" },
    description: "Update widgets by id, for tests.",
    notes: [],
    path_params: {
      type: "object",
      properties: { ids: { type: "array", items: { type: "string" }, description: "Widget ids" } },
    },
    query: { type: "object", properties: { organization: { type: "string", description: "Org id" } } },
    body: {
      envelope: { shape: "per_id", key: "widgets", ids_param: "ids" },
      schema: {
        type: "object",
        properties: {
          organization: { type: "string", description: "Body org" },
          color: { type: "string", description: "Color" },
        },
      },
    },
    tags: [],
    ...partial,
  };
}

describe("splitting flat arguments into the upstream request", () => {
  const tool = buildTool(integration, record({}));

  it("renames a body field that collides with a query parameter to body_<name>", () => {
    expect(Object.keys(tool.inputSchema.properties)).toEqual([
      "ids",
      "organization",
      "body_organization",
      "color",
    ]);
    expect(tool.bindings.body_organization).toEqual({ location: "body", wire: "organization" });
  });

  it("sends one body object per batch id and comma-joins the ids in the path", () => {
    const call = buildUpstreamCall(tool, {
      ids: ["a1", "b2"],
      organization: "o",
      body_organization: "bo",
      color: "red",
    });
    expect(call).toEqual({
      method: "PATCH",
      path: "/widgets/a1,b2",
      query: { organization: "o" },
      body: {
        widgets: [
          { id: "a1", organization: "bo", color: "red" },
          { id: "b2", organization: "bo", color: "red" },
        ],
      },
    });
  });

  it("percent-encodes path ids so /, ?, # and % cannot change the upstream URL", () => {
    const call = buildUpstreamCall(tool, { ids: ["x/../../admin?y=1#z%2F"] });
    expect(call.path).toBe("/widgets/x%2F..%2F..%2Fadmin%3Fy%3D1%23z%252F");
  });

  it("refuses dot-segment ids that URL parsers would resolve as a parent directory", () => {
    expect(() => buildUpstreamCall(tool, { ids: [".."] })).toThrow(ArgumentError);
    expect(() => buildUpstreamCall(tool, { ids: ["%2e%2E"] })).toThrow(ArgumentError);
    expect(() => buildUpstreamCall(tool, { ids: [""] })).toThrow(ArgumentError);
  });

  it("wraps a root-array body under `body`", () => {
    const t = buildTool(
      integration,
      record({
        method: "create",
        http: { method: "POST", path: "/widgets" },
        path_params: { type: "object", properties: {} },
        query: { type: "object", properties: {} },
        body: { envelope: { shape: "none" }, schema: { type: "array", items: { type: "string" } } },
      }),
    );
    expect(t.inputSchema.required).toEqual(["body"]);
    expect(buildUpstreamCall(t, { body: ["a", "b"] }).body).toEqual(["a", "b"]);
  });

  it("annotates by method: reads are read-only, updates and deletes destructive, updates idempotent", () => {
    expect(tool.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: true,
    });
    const del = buildTool(
      integration,
      record({ method: "delete", http: { method: "DELETE", path: "/widgets/{ids}" }, body: undefined }),
    );
    expect(del.annotations.destructiveHint).toBe(true);
    const list = buildTool(
      integration,
      record({
        method: "list",
        http: { method: "GET", path: "/widgets" },
        path_params: { type: "object", properties: {} },
        body: undefined,
        pagination: { style: "offset", limit: { default: 50, max: 200 } },
      }),
    );
    expect(list.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(Object.keys(list.inputSchema.properties)).toEqual(["limit", "next_cursor", "organization"]);
    expect(list.inputSchema.properties.next_cursor?.description).toMatch(/exact `next_cursor`/);
  });
});
