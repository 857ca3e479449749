/**
 * Filters people expect: `read`/`write` follow what a method does (custom methods included),
 * `custom` and exact names keep working, and `exclude_tools` removes named tools everywhere.
 */
import { describe, expect, it } from "vitest";
import { admin, connectClient, createAccount, createServer, installSimulator } from "../support/gateway";

async function listed(url: string): Promise<string[]> {
  const client = await connectClient(url, "modern");
  const names = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
  return names;
}

describe("tool filters", () => {
  it("puts read-only custom methods in read and state-changing ones in write", async () => {
    const account = await createAccount();
    const read = await listed(
      (await createServer(account, { name: "r", config: { methods: ["read"] } })).url,
    );
    expect(read).toContain("find_missive_message_by_email_message_id");
    expect(read).not.toContain("merge_missive_conversation_by_id");
    expect(read).toHaveLength(21);
    const write = await listed(
      (await createServer(account, { name: "w", config: { methods: ["write"] } })).url,
    );
    expect(write).toContain("merge_missive_conversation_by_id");
    expect(write).not.toContain("find_missive_message_by_email_message_id");
    expect(read.length + write.length).toBe(42);
    const custom = await listed(
      (await createServer(account, { name: "c", config: { methods: ["custom"] } })).url,
    );
    expect(custom.sort()).toEqual([
      "find_missive_message_by_email_message_id",
      "merge_missive_conversation_by_id",
    ]);
    const exact = await listed(
      (await createServer(account, { name: "m", config: { methods: ["merge"] } })).url,
    );
    expect(exact).toEqual(["merge_missive_conversation_by_id"]);
  });

  it("removes excluded tools from tools/list and refuses them at tools/call", async () => {
    installSimulator();
    const account = await createAccount();
    const server = await createServer(account, {
      name: "no drafts",
      config: {
        tags: ["conversations"],
        exclude_tools: ["create_a_missive_draft", "delete_a_missive_draft_by_id"],
      },
    });
    expect(server.config).toMatchObject({
      exclude_tools: ["create_a_missive_draft", "delete_a_missive_draft_by_id"],
    });
    const client = await connectClient(server.url, "auto");
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("list_all_missive_conversation_drafts");
    expect(names).not.toContain("create_a_missive_draft");
    expect(names).not.toContain("delete_a_missive_draft_by_id");
    await expect(
      client.callTool({ name: "create_a_missive_draft", arguments: { body: "hi", to_fields: [] } }),
    ).rejects.toThrow(/Unknown tool/);
    await client.close();
  });

  it("answers unknown names in exclude_tools with 400 listing the valid ones", async () => {
    const account = await createAccount();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "typo",
      config: { exclude_tools: ["create_a_missive_drafts"] },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: {
        code: string;
        message: string;
        details: { field: string; unknown: string[]; valid: string[] };
      };
    };
    expect(body.error.code).toBe("invalid_config");
    expect(body.error.message).toMatch(/"create_a_missive_drafts"/);
    expect(body.error.message).toContain("create_a_missive_draft,");
    expect(body.error.details.unknown).toEqual(["create_a_missive_drafts"]);
    expect(body.error.details.valid).toHaveLength(42);
  });

  it("refuses an exclude list that leaves nothing, and clears it with PATCH null", async () => {
    const account = await createAccount();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "empty",
      config: { methods: ["merge"], exclude_tools: ["merge_missive_conversation_by_id"] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("empty_tool_set");
    const server = await createServer(account, {
      name: "merge only",
      config: { methods: ["merge", "find"], exclude_tools: ["merge_missive_conversation_by_id"] },
    });
    expect(await listed(server.url)).toEqual(["find_missive_message_by_email_message_id"]);
    const patched = await admin("PATCH", `/integrated-account/${account}/mcp/${server.id}`, {
      config: { exclude_tools: null },
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { config: Record<string, unknown> }).config).not.toHaveProperty(
      "exclude_tools",
    );
    expect((await listed(server.url)).sort()).toEqual([
      "find_missive_message_by_email_message_id",
      "merge_missive_conversation_by_id",
    ]);
  });

  it("previews exclude_tools and each tool's access", async () => {
    const account = await createAccount();
    const res = await admin(
      "GET",
      `/integrated-account/${account}/tools?methods=read&tags=messages&exclude_tools=get_single_missive_message_by_id`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: Array<{ name: string; access: string }> };
    expect(body.result.map((t) => [t.name, t.access])).toEqual([
      ["find_missive_message_by_email_message_id", "read"],
      ["list_all_missive_conversation_messages", "read"],
    ]);
  });
});
