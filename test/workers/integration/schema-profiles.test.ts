/**
 * `config.schema_profile` through the real Worker entry: what `tools/list` sends per profile, that
 * arguments written against a profile reach Missive as the documented schema means them (strict
 * nulls dropped, JSON text parsed), that the documented schema still refuses what it refuses, that a
 * shortened tool answers to both names and is recorded by its canonical one, and the footprint's
 * per-profile token counts.
 */
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../../worker/integrations/schema";
import { recordsOf } from "../support/activity";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  installSimulator,
  structuredOf,
} from "../support/gateway";

type Tool = { name: string; inputSchema: JsonSchema & { properties: Record<string, JsonSchema> } };

async function listed(config: Record<string, unknown>) {
  const server = await createServer(await createAccount(), { name: "profiles", config });
  const client = await connectClient(server.url, "modern");
  const { tools } = (await client.listTools()) as unknown as { tools: Tool[] };
  return { server, client, tools, tool: (n: string) => tools.find((t) => t.name === n) as Tool };
}

/** Every property of a strict object schema set to null, with `values` over it (recursively for objects). */
function strictNulls(schema: JsonSchema, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(schema.properties ?? {}).map((k) => [k, k in values ? values[k] : null]),
  );
}

describe("schema profiles on the wire", () => {
  it("lists portable schemas by default and the documented ones under full", async () => {
    const portable = await listed({});
    const full = await listed({ schema_profile: "full" });
    expect(portable.tool("create_a_missive_draft").inputSchema.properties.external_response_id).toEqual({
      type: "string",
      description: "WhatsApp template id. Or a number.",
    });
    expect(full.tool("create_a_missive_draft").inputSchema.properties.external_response_id?.type).toEqual([
      "string",
      "number",
    ]);
    expect(JSON.stringify(portable.tools)).not.toMatch(/"type":\[/);
    expect(portable.tools.map((t) => t.name)).toContain("get_missive_analytics_report_by_id");
    await portable.client.close();
    await full.client.close();
  });

  it("closes every object under openai_strict and maps a strict client's nulls back before Missive sees them", async () => {
    const sim = installSimulator();
    const { client, tool } = await listed({ schema_profile: "openai_strict" });
    const schema = tool("create_a_missive_draft").inputSchema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(Object.keys(schema.properties));
    const users = structuredOf(await client.callTool({ name: "list_all_missive_users", arguments: {} }))
      .result as Array<{ me?: boolean; email: string; name: string }>;
    const user = users.find((u) => u.me);
    const me = { address: user?.email, name: user?.name };
    const conv = sim.data.facts.conversations.manyMessages;
    const fromSchema = schema.properties.from_field as JsonSchema;
    const toSchema = (schema.properties.to_fields as JsonSchema).items as JsonSchema;
    const args = strictNulls(schema, {
      conversation: conv,
      from_field: strictNulls(fromSchema, me),
      to_fields: [strictNulls(toSchema, { address: "customer@example.com", name: "Customer" })],
      subject: "Re: Checkout",
      body: "<p>We are on it.</p>",
      external_response_variables: '{"1":"Phil"}',
    });
    const r = await client.callTool({ name: "create_a_missive_draft", arguments: args });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(sim.requests.at(-1)?.body).toEqual({
      drafts: {
        conversation: conv,
        from_field: me,
        to_fields: [{ address: "customer@example.com", name: "Customer" }],
        subject: "Re: Checkout",
        body: "<p>We are on it.</p>",
        external_response_variables: { 1: "Phil" },
      },
    });
    await client.close();
  });

  it("still refuses what the documented schema refuses, under every profile, with no upstream request", async () => {
    const sim = installSimulator();
    for (const schema_profile of ["portable", "openai_strict", "full"]) {
      const { client } = await listed({ schema_profile });
      const before = sim.requests.length;
      for (const args of [{ send_at: "tomorrow" }, { surprise: 1 }, { external_response_variables: "[1" }]) {
        const r = await client.callTool({ name: "create_a_missive_draft", arguments: args });
        expect(r.isError, `${schema_profile} ${JSON.stringify(args)}`).toBe(true);
        expect(structuredOf(r).error?.kind).toBe("invalid_arguments");
      }
      expect(sim.requests.length).toBe(before);
      await client.close();
    }
  });

  it("answers a shortened tool by its listed and its canonical name, and records the canonical one", async () => {
    installSimulator();
    const { server, client } = await listed({});
    for (const name of ["get_missive_analytics_report_by_id", "get_single_missive_analytics_report_by_id"]) {
      const r = await client.callTool({ name, arguments: { id: "no-such-report" } });
      expect(structuredOf(r).error?.status, name).toBe(404);
    }
    const rows = await recordsOf(server.id, 2);
    expect(rows.map((row) => row.tool)).toEqual([
      "get_single_missive_analytics_report_by_id",
      "get_single_missive_analytics_report_by_id",
    ]);
    await client.close();
  });

  it("shows the URL's profile in discovery's get_tool_schema", async () => {
    installSimulator();
    const { client } = await listed({ tool_exposure: "discovery", schema_profile: "openai_strict" });
    const r = await client.callTool({
      name: "get_tool_schema",
      arguments: { name: "list_all_missive_contacts" },
    });
    const def = structuredOf(r).result as { inputSchema: JsonSchema };
    expect(def.inputSchema.additionalProperties).toBe(false);
    expect(def.inputSchema.properties?.limit?.type).toEqual(["integer", "null"]);
    // A strict client sends null for call_tool's optional arguments too.
    const called = await client.callTool({
      name: "call_tool",
      arguments: { name: "list_all_missive_contact_books", arguments: '{"limit": null}' },
    });
    expect(called.isError, JSON.stringify(called.content)).toBeFalsy();
    await client.close();
  });
});

describe("the footprint per profile", () => {
  it("gives each profile's tokens and counts the chosen one; PATCH null goes back to portable", async () => {
    const account = await createAccount();
    const created = await createServer(account, {
      name: "strict",
      config: { schema_profile: "openai_strict" },
    });
    const fp = created.footprint as {
      schema_profile: string;
      tokens_total: number;
      tokens_by_profile: Record<string, number>;
    };
    expect(fp.schema_profile).toBe("openai_strict");
    expect(fp.tokens_total).toBe(fp.tokens_by_profile.openai_strict);
    expect(Object.keys(fp.tokens_by_profile)).toEqual(["portable", "openai_strict", "full"]);
    expect(fp.tokens_by_profile.openai_strict).toBeGreaterThan(fp.tokens_by_profile.portable ?? 0);
    const res = await admin("PATCH", `/integrated-account/${account}/mcp/${created.id}`, {
      config: { schema_profile: null },
    });
    const patched = (await res.json()) as { config: Record<string, unknown>; footprint: typeof fp };
    expect(patched.config.schema_profile).toBeUndefined();
    expect(patched.footprint.schema_profile).toBe("portable");
    const bad = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "bad",
      config: { schema_profile: "gemini" },
    });
    expect(bad.status).toBe(400);
  });
});
