/**
 * `GET /integrations/:name/versions/:version/tools` lists one version's tools for the dashboard's tool
 * editor: the record's own description and notes, the `tools/list` entry and its estimated tokens. The
 * dashboard re-estimates an edit from that entry with the Worker's estimator, so its number before
 * saving must be the number the Worker reports after.
 */
import { describe, expect, it } from "vitest";
import type { VersionToolView } from "../../../worker/admin/views";
import { estimateTokens } from "../../../worker/integrations/tokens";
import { toolDescription } from "../../../worker/tools/description";
import { admin } from "../support/gateway";

const DOCUMENT = {
  openapi: "3.1.0",
  info: { title: "Shelf", version: "1.0.0" },
  servers: [{ url: "https://api.shelf.example/v1" }],
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: {
    "/books": {
      get: {
        operationId: "listBooks",
        summary: "List the books on the shelf",
        tags: ["books"],
        responses: {},
      },
    },
    "/books/{id}": {
      get: {
        operationId: "getBook",
        summary: "Get one book by its id",
        tags: ["books"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {},
      },
    },
  },
};

const toolsOf = async (version: number | string) => {
  const res = await admin("GET", `/integrations/shelf/versions/${version}/tools`);
  return { status: res.status, body: (await res.json()) as { version: number; result: VersionToolView[] } };
};

describe("the tools of an integration version", () => {
  it("lists each tool's record description, notes, tools/list entry and tokens, and an edit's estimate matches what the Worker reports", async () => {
    const created = await admin("POST", "/integrations", { name: "shelf", openapi: DOCUMENT });
    expect(created.status).toBe(201);
    const v1 = (await created.json()) as {
      version: number;
      footprint: { tokens_per_tool: Record<string, number> };
    };

    const { status, body } = await toolsOf(v1.version);
    expect(status).toBe(200);
    expect(body.version).toBe(v1.version);
    expect(body.result).toHaveLength(2);
    for (const t of body.result) {
      expect(t).toMatchObject({ tags: ["books"], http: { method: "GET" }, confirm_with_user: null });
      expect(t.definition).toMatchObject({ name: t.name, title: t.title });
      expect(t.definition.description).toBe(toolDescription(t));
      expect(t.tokens).toBe(v1.footprint.tokens_per_tool[t.name]);
      expect(t.tokens).toBe(estimateTokens(JSON.stringify(t.definition)));
    }

    // What the editor computes before saving…
    const tool = body.result.find((t) => t.http.path === "/books/{id}")!;
    const edit = {
      description: "Get one book by its id, with its title, author and shelf position.",
      notes: ["The id comes from the list tool's results."],
    };
    const estimate = estimateTokens(
      JSON.stringify({ ...tool.definition, description: toolDescription({ ...tool, ...edit }) }),
    );
    expect(estimate).toBeGreaterThan(tool.tokens);
    const patched = await admin("PATCH", `/integrations/shelf/tools/${tool.name}`, edit);
    expect(patched.status).toBe(201);
    const v2 = (await patched.json()) as {
      version: number;
      footprint: { tokens_per_tool: Record<string, number> };
    };
    // …is what the Worker reports once saved.
    expect(v2.footprint.tokens_per_tool[tool.name]).toBe(estimate);
    const after = (await toolsOf(v2.version)).body.result.find((t) => t.name === tool.name)!;
    expect(after).toMatchObject({ ...edit, tokens: estimate });
  });

  it("answers 404 for an unknown version or integration, and 401 without the admin token", async () => {
    await admin("POST", "/integrations", { name: "shelf", openapi: DOCUMENT });
    expect((await toolsOf(99)).status).toBe(404);
    expect((await toolsOf("latest")).status).toBe(404);
    expect((await admin("GET", "/integrations/nosuch/versions/1/tools")).status).toBe(404);
    const res = await admin("GET", "/integrations/shelf/versions/1/tools", undefined, "wrong-token");
    expect(res.status).toBe(401);
  });
});
