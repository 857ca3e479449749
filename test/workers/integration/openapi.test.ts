import { describe, expect, it } from "vitest";
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
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api-token",
      "/api-token/{id}",
      "/integrated-account",
      "/integrated-account/{id}",
      "/integrated-account/{id}/calls",
      "/integrated-account/{id}/mcp",
      "/integrated-account/{id}/mcp/{mcp_id}",
      "/integrated-account/{id}/mcp/{mcp_id}/calls",
      "/integrated-account/{id}/mcp/{mcp_id}/grants",
      "/integrated-account/{id}/mcp/{mcp_id}/grants/{grant_id}",
      "/integrated-account/{id}/tools",
      "/integrations",
    ]);
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
