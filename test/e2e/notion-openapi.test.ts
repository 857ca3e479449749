/**
 * Proof that every request the gateway sends to Notion is valid: one call of every Notion tool, with
 * arguments built from the tool's own inputSchema, through the real gateway (wrangler dev) to the
 * Notion simulator of the stack, whose request log holds exactly what arrived; openapi-backend then
 * validates each request's method, path, query, headers and body against the operation of the
 * OpenAPI document in @notionhq/notion-mcp-server.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { OpenAPIBackend } from "openapi-backend";
import { describe, expect, it } from "vitest";
import { admin, stack, v2Client } from "./support.ts";

type Schema = Record<string, unknown>;
const specPath = createRequire(import.meta.url).resolve(
  "@notionhq/notion-mcp-server/scripts/notion-openapi.json",
);

/** A request as the Notion simulator logged it (path below /v1). */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

async function seenRequests(): Promise<Seen[]> {
  const res = await fetch(`${stack().notion}/__simulator/requests`);
  return ((await res.json()) as { requests: Seen[] }).requests;
}

/** openapi-backend over the spec. `quick` skips its OpenAPI 3.0 meta-validation of the document,
 * which a 3.1 document (type arrays) fails; request validation (ajv) is unaffected. */
async function validator(): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: JSON.parse(readFileSync(specPath, "utf8")),
    quick: true,
    // The formats Notion's document uses, checked rather than warned about and ignored.
    customizeAjv: (ajv) => {
      ajv.addFormat("uuid", /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
      ajv.addFormat("json", (v: string) => {
        try {
          JSON.parse(v);
          return true;
        } catch {
          return false;
        }
      });
      return ajv;
    },
  });
  await api.init();
  return api;
}

const validate = (api: OpenAPIBackend, r: Seen) =>
  api.validateRequest({
    method: r.method,
    path: `/v1${r.path}`,
    query: r.query,
    headers: r.headers,
    ...(r.body === undefined ? {} : { body: r.body }),
  });

/** A value that satisfies `schema` (first enum value, first branch of a union, required fields). */
function sample(schema: Schema, name: string): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const branch = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branch?.[0]) return sample(branch[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return typeof schema.minimum === "number" ? schema.minimum : 1;
  if (type === "boolean") return true;
  if (type === "array") return [sample((schema.items ?? {}) as Schema, name)];
  if (type === "object" || schema.properties) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? Object.keys(props)) as string[];
    return Object.fromEntries(
      required.filter((r) => props[r]).map((r) => [r, sample(props[r] as Schema, r)]),
    );
  }
  if (schema.format === "uuid" || name.endsWith("_id")) return "59833787-2cf9-4fdf-8782-e53db20768a5";
  if (schema.format === "json") return "{}";
  return "example";
}

describe("every Notion tool sends a request its OpenAPI operation accepts", () => {
  it("the validator refuses a request its operation does not accept", async () => {
    const api = await validator();
    const bad = validate(api, {
      method: "POST",
      path: "/comments",
      query: {},
      headers: {},
      body: { rich_text: "x" },
    });
    expect(bad.valid).toBe(false);
    expect(
      validate(api, { method: "GET", path: "/users/me", query: {}, headers: {}, body: undefined }).valid,
    ).toBe(true);
  });

  it("validates one call of each of the 24 tools with openapi-backend, with zero errors", async () => {
    const api = await validator();
    const account = await admin<{ id: string }>("POST", "/integrated-account", {
      integration: "notion",
      name: "validation",
      credentials: { api_token: "ntn_simulator" },
    });
    // The documented schemas (`full`): the arguments are sampled from them to exercise the whole
    // schema; the default portable form says either-or shapes in words a sampler cannot read.
    const server = await admin<{ url: string }>("POST", `/integrated-account/${account.id}/mcp`, {
      name: "all",
      config: { schema_profile: "full" },
    });
    const client = await v2Client(server.url, "modern");
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(24);
    const errors: string[] = [];
    const operations = new Set<string>();
    for (const tool of tools) {
      const before = (await seenRequests()).length;
      // Every argument (optional ones too, to exercise the whole schema) but our own paging cursor.
      const { next_cursor: _cursor, ...props } = (tool.inputSchema.properties ?? {}) as Record<
        string,
        Schema
      >;
      const args = sample(
        { type: "object", properties: props, required: Object.keys(props) },
        tool.name,
      ) as Record<string, unknown>;
      // The simulator may answer 404 for the made-up ids; what is checked is the request itself.
      await client.callTool({ name: tool.name, arguments: args });
      const log = await seenRequests();
      expect(log.length, tool.name).toBe(before + 1);
      const req = log[before] as Seen;
      expect(req.headers["notion-version"]).toBe("2025-09-03");
      expect(req.headers.authorization).toBe("Bearer ntn_simulator");
      const result = validate(api, req);
      operations.add(
        String(api.matchOperation({ method: req.method, path: `/v1${req.path}`, headers: {} })?.operationId),
      );
      if (!result.valid)
        errors.push(`${tool.name} ${req.method} ${req.path}: ${JSON.stringify(result.errors)}`);
    }
    await client.close();
    expect(operations.size).toBe(24);
    expect(errors).toEqual([]);
  });
});
