/**
 * Reference peer for `npm run bench` — a measuring stick, NOT product code.
 *
 * A minimal MCP Worker written the way Cloudflare's MCP example is (`examples/mcp-server` in
 * cloudflare/agents): `createMcpHandler(createServer)` from `@modelcontextprotocol/server`, a fresh
 * `McpServer` per request, and each tool registered with `registerTool` and a hand-written zod
 * schema. It exposes the same six Missive tools as the seed article and calls the same simulator,
 * so the bench can compare edge-mcp (one tool per documented endpoint, built from the registry)
 * with what a user would otherwise write by hand. It does only what such a hand-written server
 * usually does: validate arguments, call the API, return its JSON as text.
 *
 * Vars: `MISSIVE_BASE_URL` (e.g. `http://127.0.0.1:8788/v1`) and `MISSIVE_TOKEN` (a Missive PAT).
 */
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";

/** The peer's bindings (both are plain vars set by the bench). */
export interface PeerEnv {
  MISSIVE_BASE_URL: string;
  MISSIVE_TOKEN: string;
}

type Query = Record<string, string | number | boolean | undefined>;
type TextResult = { content: { type: "text"; text: string }[]; isError?: boolean };

/** Calls the Missive API and returns its JSON body as the tool's text. */
async function missive(env: PeerEnv, method: string, path: string, query: Query, body?: unknown) {
  const url = new URL(`${env.MISSIVE_BASE_URL}${path}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${env.MISSIVE_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const result: TextResult = { content: [{ type: "text", text }] };
  if (!res.ok) result.isError = true;
  return result;
}

function createServer(env: PeerEnv): McpServer {
  const server = new McpServer({ name: "missive-peer", version: "1.0.0" });

  server.registerTool(
    "list_all_missive_contact_books",
    {
      description: "List the contact books the user can see. Use a book's id as contact_book.",
      inputSchema: z.object({
        limit: z.number().int().min(1).max(200).optional().describe("Items per page (default 50)."),
        offset: z.number().int().min(0).optional().describe("Items to skip, for paging."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ limit, offset }) => missive(env, "GET", "/contact_books", { limit, offset }),
  );

  server.registerTool(
    "list_all_missive_contacts",
    {
      description:
        "List or search the contacts of one contact book. contact_book comes from list_all_missive_contact_books.",
      inputSchema: z.object({
        contact_book: z.string().describe("Id of the contact book to list."),
        search: z.string().optional().describe("Text matched against names, emails, phones, notes."),
        order: z.enum(["last_name", "last_modified"]).optional().describe("Sort order."),
        modified_since: z.number().int().optional().describe("Unix epoch seconds."),
        include_deleted: z.boolean().optional().describe("With modified_since, include deleted contacts."),
        limit: z.number().int().min(1).max(200).optional().describe("Items per page (default 50)."),
        offset: z.number().int().min(0).optional().describe("Items to skip, for paging."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (args) => missive(env, "GET", "/contacts", args),
  );

  server.registerTool(
    "create_a_missive_contact",
    {
      description: "Create a contact in a contact book.",
      inputSchema: z.object({
        contact_book: z.string().describe("Id of the contact book to create the contact in."),
        first_name: z.string().optional().describe("Given name."),
        last_name: z.string().optional().describe("Family name."),
        notes: z.string().optional().describe("Free-text notes."),
        starred: z.boolean().optional().describe("Mark the contact as starred."),
        infos: z
          .array(
            z.object({
              kind: z.enum([
                "email",
                "phone_number",
                "twitter",
                "facebook",
                "physical_address",
                "url",
                "custom",
              ]),
              label: z.string().optional(),
              value: z.string().optional(),
            }),
          )
          .optional()
          .describe("Emails, phones, addresses."),
      }),
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    async (args) => missive(env, "POST", "/contacts", {}, { contacts: [args] }),
  );

  server.registerTool(
    "list_all_missive_shared_labels",
    {
      description: "List the shared labels of the user's organizations.",
      inputSchema: z.object({
        organization: z.string().optional().describe("Only labels of this organization."),
        limit: z.number().int().min(1).max(200).optional().describe("Items per page (default 50)."),
        offset: z.number().int().min(0).optional().describe("Items to skip, for paging."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (args) => missive(env, "GET", "/shared_labels", args),
  );

  server.registerTool(
    "list_all_missive_conversations",
    {
      description: "List conversations of one mailbox, newest first. Pass exactly one mailbox filter.",
      inputSchema: z.object({
        inbox: z.boolean().optional().describe("The user's Inbox."),
        all: z.boolean().optional().describe("The All mailbox."),
        assigned: z.boolean().optional().describe("Conversations assigned to the user."),
        closed: z.boolean().optional().describe("Closed conversations."),
        shared_label: z.string().optional().describe("Id of a shared label."),
        team_inbox: z.string().optional().describe("Team id: that team's inbox."),
        organization: z.string().optional().describe("Only conversations shared with this organization."),
        email: z.string().optional().describe("Only conversations with this contact email."),
        limit: z.number().int().min(2).max(50).optional().describe("Items per page (default 25)."),
        until: z.number().int().optional().describe("last_activity_at of the oldest item already seen."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (args) => missive(env, "GET", "/conversations", args),
  );

  server.registerTool(
    "list_all_missive_conversation_comments",
    {
      description: "List the comments of a conversation, newest first.",
      inputSchema: z.object({
        conversation_id: z.string().describe("Id of the conversation."),
        limit: z.number().int().min(2).max(10).optional().describe("Items per page (default 10)."),
        until: z.number().int().optional().describe("created_at of the oldest comment already seen."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ conversation_id, ...query }) =>
      missive(env, "GET", `/conversations/${encodeURIComponent(conversation_id)}/comments`, query),
  );

  return server;
}

let handler: ReturnType<typeof createMcpHandler> | undefined;

/** Worker entry: `/health` for the bench's readiness probe, everything else is the MCP handler. */
export default {
  fetch(request: Request, env: PeerEnv): Promise<Response> | Response {
    if (new URL(request.url).pathname === "/health") return Response.json({ status: "ok" });
    // A fresh server per request, as in Cloudflare's example; the handler itself is per isolate.
    handler ??= createMcpHandler(() => createServer(env));
    return handler.fetch(request);
  },
};
