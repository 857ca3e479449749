import { describe, expect, it } from "vitest";
import { router } from "../../../worker/router";
import { gw } from "../support/gateway";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>
  >;
};

describe("GET /openapi.json", () => {
  it("describes every admin route as OpenAPI 3.1, without authentication", async () => {
    const res = await gw("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    // Every admin route the router serves (everything but MCP, OAuth, health, the document itself and
    // the dashboard's files, the browser's steps of an upstream OAuth connection) is in the document,
    // with each of its methods; and nothing else is.
    const unauthenticated =
      /^\/(mcp|\.well-known|health|openapi\.json|app\.js|styles\.css|favicon\.svg|upstream-oauth|\*)?(\/|$)/;
    const served = new Map<string, Set<string>>();
    for (const [method, , , path] of router.routes as Array<[string, RegExp, unknown, string]>) {
      if (path === "" || unauthenticated.test(path) || method === "ALL" || method === "OPTIONS") continue;
      const key = path.replace(
        /:(\w+)/g,
        (_m, p: string) => `{${p === "mcp" ? "mcp_id" : p === "grant" ? "grant_id" : p}}`,
      );
      served.set(key, (served.get(key) ?? new Set()).add(method.toLowerCase()));
    }
    expect(Object.keys(doc.paths).sort()).toEqual([...served.keys()].sort());
    for (const [path, methods] of served) {
      const documented = Object.keys(doc.paths[path] ?? {}).filter((k) => k !== "parameters");
      expect(documented.sort(), path).toEqual([...methods].sort());
    }
    expect(served.has("/integrations/{name}/publish")).toBe(true);
  });

  it("publishes the request schemas the API validates with (same fields, unknown fields refused)", async () => {
    const doc = (await (await gw("/openapi.json")).json()) as Doc;
    const create =
      doc.paths["/integrated-account/{id}/mcp"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(create).toMatchObject({
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: {
        name: { type: "string", maxLength: 200 },
        config: {
          properties: {
            methods: { type: "array" },
            auth: { enum: ["none", "api_token", "oauth"] },
            require_api_token_auth: { type: "boolean" },
            log_arguments: { type: "boolean" },
          },
        },
      },
    });
    const token = doc.paths["/api-token"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(token).toMatchObject({
      properties: { scopes: { type: "array", items: { enum: ["admin", "mcp"] } } },
      additionalProperties: false,
    });
  });
});
