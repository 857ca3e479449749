/**
 * The tool surface's size, measured with a real tokenizer (o200k_base via js-tiktoken), and proof
 * that the diet dropped nothing a model needs: every parameter is described, every "where the id
 * comes from" pointer to another tool is still there, every enum is complete.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { type JsonSchema, registry } from "../../../docs-registry/index";
import { META_TOOL_TOKENS, TOOL_TOKENS } from "../../../docs-registry/tool-tokens";
import { META_TOOLS } from "../../../worker/mcp/discovery";
import { buildTools, type GatewayTool } from "../../../worker/tools/build";
import { toolDefinition } from "../../../worker/tools/definition";
import { connectClient, createAccount, createServer } from "../support/gateway";

const enc = new Tiktoken(o200k);
const tokens = (v: unknown) => enc.encode(JSON.stringify(v)).length;
const byIntegration = new Map(
  [...registry()].map(([n, e]) => [n, buildTools(e.integration, e.records)] as const),
);
const everyTool: GatewayTool[] = [...byIntegration.values()].flat();

/** Tools each Missive tool's description or schema names, as measured before the token diet. */
const POINTERS: Record<string, string[]> = {
  create_a_missive_analytics_report: [
    "get_single_missive_analytics_report_by_id",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_contact: ["list_all_missive_contact_books"],
  create_a_missive_draft: [
    "delete_a_missive_draft_by_id",
    "list_all_missive_conversation_messages",
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_hook: [
    "delete_a_missive_hook_by_id",
    "list_all_missive_organizations",
    "list_all_missive_users",
  ],
  create_a_missive_message: [
    "create_a_missive_draft",
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_post: [
    "delete_a_missive_post_by_id",
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
    "update_a_missive_conversation_by_id",
  ],
  create_a_missive_response: [
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_shared_label: [
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_task: [
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  create_a_missive_team: [
    "list_all_missive_organizations",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  delete_a_missive_draft_by_id: ["create_a_missive_draft", "list_all_missive_conversation_drafts"],
  delete_a_missive_hook_by_id: ["create_a_missive_hook"],
  delete_a_missive_post_by_id: ["create_a_missive_post", "list_all_missive_conversation_posts"],
  delete_a_missive_response_by_id: ["list_all_missive_responses"],
  find_missive_message_by_email_message_id: ["get_single_missive_message_by_id"],
  get_single_missive_analytics_report_by_id: ["create_a_missive_analytics_report"],
  get_single_missive_contact_by_id: ["list_all_missive_contacts"],
  get_single_missive_conversation_by_id: [
    "list_all_missive_conversation_comments",
    "list_all_missive_conversation_messages",
    "list_all_missive_conversations",
  ],
  get_single_missive_message_by_id: [
    "find_missive_message_by_email_message_id",
    "list_all_missive_conversation_messages",
  ],
  get_single_missive_response_by_id: ["list_all_missive_responses"],
  get_single_missive_task_by_id: ["create_a_missive_task", "list_all_missive_tasks"],
  list_all_missive_contact_books: ["create_a_missive_contact", "list_all_missive_contacts"],
  list_all_missive_contact_groups: [
    "create_a_missive_contact",
    "list_all_missive_contact_books",
    "list_all_missive_conversations",
    "update_a_missive_contact_by_id",
  ],
  list_all_missive_contacts: ["list_all_missive_contact_books"],
  list_all_missive_conversation_comments: ["create_a_missive_post", "list_all_missive_conversations"],
  list_all_missive_conversation_drafts: [
    "create_a_missive_draft",
    "delete_a_missive_draft_by_id",
    "list_all_missive_conversations",
  ],
  list_all_missive_conversation_messages: [
    "get_single_missive_message_by_id",
    "list_all_missive_conversation_comments",
    "list_all_missive_conversation_drafts",
    "list_all_missive_conversations",
  ],
  list_all_missive_conversation_posts: [
    "create_a_missive_post",
    "delete_a_missive_post_by_id",
    "list_all_missive_conversations",
  ],
  list_all_missive_conversations: [
    "get_single_missive_message_by_id",
    "list_all_missive_contact_groups",
    "list_all_missive_conversation_comments",
    "list_all_missive_conversation_messages",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
  ],
  list_all_missive_responses: ["create_a_missive_draft", "list_all_missive_organizations"],
  list_all_missive_shared_labels: [
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "update_a_missive_conversation_by_id",
  ],
  list_all_missive_tasks: [
    "get_single_missive_task_by_id",
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  list_all_missive_teams: ["list_all_missive_conversations", "list_all_missive_organizations"],
  list_all_missive_users: ["create_a_missive_draft", "list_all_missive_organizations"],
  merge_missive_conversation_by_id: ["list_all_missive_conversations"],
  update_a_missive_contact_by_id: [
    "get_single_missive_contact_by_id",
    "list_all_missive_contact_books",
    "list_all_missive_contacts",
  ],
  update_a_missive_conversation_by_id: [
    "create_a_missive_post",
    "get_single_missive_conversation_by_id",
    "list_all_missive_conversations",
    "list_all_missive_organizations",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
  ],
  update_a_missive_response_by_id: [
    "list_all_missive_responses",
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
  ],
  update_a_missive_shared_label_by_id: [
    "list_all_missive_shared_labels",
    "list_all_missive_teams",
    "list_all_missive_users",
    "update_a_missive_conversation_by_id",
  ],
  update_a_missive_task_by_id: ["list_all_missive_tasks", "list_all_missive_teams", "list_all_missive_users"],
  update_a_missive_team_by_id: ["list_all_missive_teams", "list_all_missive_users"],
};

/** Every enum of the Missive tools before the token diet, by tool and parameter path. */
const ENUMS: Record<string, unknown[]> = {
  "create_a_missive_analytics_report.account_types[]": [
    "custom",
    "email",
    "instagram",
    "live_chat",
    "messenger",
    "sms",
    "whatsapp",
  ],
  "create_a_missive_contact.infos[].kind": [
    "email",
    "phone_number",
    "twitter",
    "facebook",
    "physical_address",
    "url",
    "custom",
  ],
  "create_a_missive_contact.memberships[].group.kind": ["group", "organization"],
  "create_a_missive_draft.from_field.type": ["signalwire", "twilio", "twilio_whatsapp", "whatsapp"],
  "create_a_missive_hook.type": [
    "incoming_email",
    "incoming_sms_message",
    "incoming_facebook_message",
    "incoming_whatsapp_message",
    "incoming_twilio_chat_message",
    "new_comment",
  ],
  "create_a_missive_shared_label.visibility": ["organization", "delegates"],
  "create_a_missive_task.state": ["todo", "in_progress", "closed"],
  "create_a_missive_team.team_mention_behavior": ["all_members", "only_active_members"],
  "create_a_missive_team.user_reply_behavior": ["assign_user", "leave_in_team_inbox"],
  "create_a_missive_team.received_reply_behavior": ["show_in_assignee_inbox", "show_in_team_inbox"],
  "create_a_missive_team.team_sidebar_behavior": ["show_team_space", "show_team_inbox"],
  "list_all_missive_contact_groups.kind": ["group", "organization"],
  "list_all_missive_contacts.order": ["last_name", "last_modified"],
  "list_all_missive_tasks.state": ["todo", "in_progress", "closed"],
  "list_all_missive_tasks.type": ["task", "conversation", "all"],
  "update_a_missive_contact_by_id.infos[].kind": [
    "email",
    "phone_number",
    "twitter",
    "facebook",
    "physical_address",
    "url",
    "custom",
  ],
  "update_a_missive_contact_by_id.memberships[].group.kind": ["group", "organization"],
  "update_a_missive_shared_label_by_id.visibility": ["organization", "delegates"],
  "update_a_missive_task_by_id.state": ["todo", "in_progress", "closed"],
  "update_a_missive_team_by_id.team_mention_behavior": ["all_members", "only_active_members"],
  "update_a_missive_team_by_id.user_reply_behavior": ["assign_user", "leave_in_team_inbox"],
  "update_a_missive_team_by_id.received_reply_behavior": ["show_in_assignee_inbox", "show_in_team_inbox"],
  "update_a_missive_team_by_id.team_sidebar_behavior": ["show_team_space", "show_team_inbox"],
};

function walk(
  s: JsonSchema,
  at: string,
  visit: (s: JsonSchema, at: string, isProperty: boolean) => void,
  isProperty = false,
) {
  visit(s, at, isProperty);
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${at}.${k}`, visit, true);
  if (s.items) walk(s.items, `${at}[]`, visit);
  if (typeof s.additionalProperties === "object") walk(s.additionalProperties, `${at}{}`, visit);
}

describe("the tool surface's token budget", () => {
  it("keeps the all-tools Missive tools/list at or under 12,000 tokens under the default (portable) profile, as a client receives it", async () => {
    const account = await createAccount();
    const client = await connectClient((await createServer(account, { name: "all" })).url, "modern");
    const { tools } = await client.listTools();
    await client.close();
    expect(tools).toHaveLength(42);
    const total = tokens(tools);
    expect(total).toBeLessThanOrEqual(12_000);
    // The listed entries are exactly what the generated table measured.
    const missive = byIntegration.get("missive") ?? [];
    expect(tools.map((t) => JSON.stringify(t))).toEqual(
      missive.map((t) => JSON.stringify(toolDefinition(t))),
    );
  });

  it("keeps every tool at or under 2,000 tokens and every inputSchema under 16,384 bytes", () => {
    for (const t of everyTool) {
      expect(tokens(toolDefinition(t)), t.name).toBeLessThanOrEqual(2_000);
      expect(new TextEncoder().encode(JSON.stringify(t.inputSchema)).length, t.name).toBeLessThan(16_384);
    }
  });

  it("has a generated token table that matches a fresh measurement of every tool", () => {
    for (const [name, tools] of byIntegration) {
      expect(TOOL_TOKENS[name], name).toEqual(
        Object.fromEntries(tools.map((t) => [t.name, tokens(toolDefinition(t))])),
      );
    }
    expect(META_TOOL_TOKENS).toBe(META_TOOLS.reduce((n, t) => n + tokens(toolDefinition(t)), 0));
  });

  it("describes every parameter at every level, and uses no $ref or root combinator", () => {
    for (const t of everyTool) {
      for (const profile of ["full", "portable", "openai_strict"] as const) {
        walk(toolDefinition(t, profile).inputSchema, `${profile}:${t.name}`, (s, at, isProperty) => {
          if (isProperty) expect((s.description ?? "").length, at).toBeGreaterThanOrEqual(3);
        });
      }
      expect(JSON.stringify(t.inputSchema), t.name).not.toContain('"$ref"');
      for (const k of ["oneOf", "anyOf", "allOf", "not"]) expect(t.inputSchema, t.name).not.toHaveProperty(k);
      expect(t.inputSchema.type, t.name).toBe("object");
    }
  });

  it("keeps every pointer to the tool that supplies an id or does the next step, by the name it is listed under", () => {
    const byName = new Map(everyTool.map((t) => [t.name, t]));
    const missing: string[] = [];
    for (const [name, targets] of Object.entries(POINTERS)) {
      const t = byName.get(name);
      if (!t) throw new Error(`no tool ${name}`);
      const def = toolDefinition(t);
      const text = def.description + JSON.stringify(def.inputSchema);
      for (const target of targets) {
        // A model calls what it sees listed: a shortened tool is pointed to by its listed name.
        const listed = byName.get(target)?.listedName ?? target;
        if (!new RegExp(`\\b${listed}\\b`).test(text)) missing.push(`${name} → ${listed}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("keeps every enum complete, in the documented schema and on the wire", () => {
    const found: Record<string, unknown[]> = {};
    const listed: Record<string, unknown[]> = {};
    for (const t of byIntegration.get("missive") ?? []) {
      walk(t.inputSchema, t.name, (s, at) => {
        if (Array.isArray(s.enum)) found[at] = s.enum;
      });
      walk(toolDefinition(t).inputSchema, t.name, (s, at) => {
        if (Array.isArray(s.enum)) listed[at] = s.enum;
      });
    }
    expect(found).toEqual(ENUMS);
    expect(listed).toEqual(ENUMS);
  });
});
