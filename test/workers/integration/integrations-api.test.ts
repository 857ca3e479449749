/**
 * `GET /integrations` lists what the registry documents, so the dashboard and scripts never hard-code
 * an integration; and a Notion account works through the same admin API as a Missive one.
 */
import { describe, expect, it } from "vitest";
import { admin, createAccount } from "../support/gateway";

describe("the integrations of the admin API", () => {
  it("lists every registry integration with its credential, instructions, tool count and tags", async () => {
    const res = await admin("GET", "/integrations");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: Array<Record<string, unknown>>; next_cursor: null };
    expect(body.next_cursor).toBeNull();
    expect(body.result.map((i) => i.name)).toEqual(["missive", "notion"]);
    const notion = body.result[1];
    expect(notion).toMatchObject({ title: "Notion", credential: "api_token", tools: 24 });
    expect(notion?.tags).toEqual(
      expect.arrayContaining(["pages", "blocks", "data_sources", "comments", "users"]),
    );
    expect(String(notion?.instructions)).toContain("share");
    expect((await admin("GET", "/integrations", undefined, "wrong-token")).status).toBe(401);
  });

  it("connects a Notion account with credentials.api_token and previews its tools by filter", async () => {
    const id = await createAccount("ntn_example", "Wiki", "notion");
    const got = (await (await admin("GET", `/integrated-account/${id}`)).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ integration: "notion", name: "Wiki" });
    expect(JSON.stringify(got)).not.toContain("ntn_example");
    const read = await admin("GET", `/integrated-account/${id}/tools?methods=read&tags=pages`);
    const names = ((await read.json()) as { result: Array<{ name: string }> }).result.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "get_single_notion_page_by_id",
        "search_notion_workspace",
        "list_all_notion_page_property_items",
      ]),
    );
    expect(names).not.toContain("update_a_notion_page_by_id");
    const server = await admin("POST", `/integrated-account/${id}/mcp`, {
      name: "pages",
      config: { tags: ["nope"] },
    });
    expect(server.status).toBe(400);
  });

  it("documents /integrations in the OpenAPI document", async () => {
    const doc = (await (await admin("GET", "/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty("/integrations");
  });
});
