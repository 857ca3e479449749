/**
 * `GET /openapi.json`: the admin API as OpenAPI 3.1, generated from the same zod schemas that
 * validate the requests (zod emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Built once
 * per isolate.
 */

import * as z from "zod";
import pkg from "../../package.json";
import { CreateIntegrationBody, EditToolBody, IntegrationInfoSchema, PublishBody } from "./integrations";
import {
  CreateAccountBody,
  CreateApiTokenBody,
  CreateServerBody,
  PatchAccountBody,
  PatchServerBody,
  PutOAuthAppBody,
  ServerConfigBody,
} from "./schemas";

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const Account = z.object({
  id: z.string(),
  integration: z.string(),
  name: z.string(),
  auth: z.enum(["api_token", "oauth2"]).describe("How it connects"),
  status: z
    .enum(["active", "pending", "needs_reconnect"])
    .describe("pending: an OAuth connection not completed; needs_reconnect: the provider refused a refresh"),
  status_reason: z.string().optional().describe("Why it is pending or needs a reconnect"),
  created_at: z.string(),
  updated_at: z.string(),
});
const ConnectLink = z.object({
  connect_url: z
    .string()
    .describe("Open in a browser: on to the provider's consent page. Single-use, valid 10 minutes"),
  connect_expires_at: z.string(),
});
const OAuthApp = z.object({
  integration: z.string(),
  client_id: z.string(),
  client_secret_set: z.literal(true).describe("The secret is stored sealed and never returned"),
  redirect_uri: z.string().describe("The exact redirect (callback) URI to register at the provider"),
  instructions: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
const Server = z.object({
  id: z.string(),
  name: z.string(),
  config: ServerConfigBody,
  expires_at: z.string().nullable(),
  expired: z.boolean(),
  integrated_account_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  last_used_at: z.string().nullable().describe("Time of the newest recorded tool call (within retention)"),
  calls_24h: z
    .number()
    .int()
    .nullable()
    .describe("Tool calls in the last 24 h (null if activity is unavailable)"),
  errors_24h: z.number().int().nullable().describe("Tool calls in the last 24 h whose outcome was not ok"),
});
const Footprint = z
  .object({
    tool_count: z.number().int(),
    schema_profile: z
      .enum(["portable", "openai_strict", "full"])
      .describe("The schema profile the token counts are for"),
    tokens_total: z.number().int().describe("o200k_base tokens of the tools' tools/list entries"),
    tokens_by_profile: z
      .object({ portable: z.number().int(), openai_strict: z.number().int(), full: z.number().int() })
      .describe("The same total under each schema profile"),
    tokens_per_tool: z.record(z.string(), z.number().int()),
    exposure: z.enum(["all", "discovery", "auto", "code"]),
    effective_exposure: z.enum(["all", "discovery", "code"]),
    listed: z.object({ tool_count: z.number().int(), tokens: z.number().int() }),
    warnings: z.array(z.object({ client: z.string(), limit: z.string(), message: z.string() })),
    suggestion: z.string().optional(),
  })
  .describe("What the tool surface costs and which client limits it crosses");
const ToolDiff = z
  .object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ tool: z.string(), fields: z.array(z.string()) })),
    unchanged: z.number().int(),
  })
  .describe("Tools added, removed and changed against the version live when this one was made");
const VersionRow = z.object({
  integration: z.string(),
  version: z.number().int(),
  hash: z.string().describe("SHA-256 of the version's content"),
  source: z.enum(["seed", "registry", "openapi", "edit"]),
  based_on: z.number().int().nullable(),
  created_by: z.string().describe("`admin` (ADMIN_TOKEN) or `api_token:<id>`"),
  created_at: z.string(),
  tool_count: z.number().int(),
  tokens: z.number().int().describe("Estimated o200k tokens of all its tools' definitions"),
  summary: z.string(),
});
const CreatedVersion = z.object({
  name: z.string(),
  version: z.number().int(),
  hash: z.string(),
  source: z.enum(["seed", "registry", "openapi", "edit"]),
  created: z.boolean().describe("False when the content equals the newest version (nothing added)"),
  tool_count: z.number().int(),
  tokens: z.number().int(),
  published_version: z.number().int().nullable(),
  diff: ToolDiff,
  footprint: Footprint,
  report: z
    .unknown()
    .describe(
      "For an OpenAPI import: {notes, operations: [{key, http, file, notes, overridden}], unused_overrides}",
    ),
});
const IntegrationDetail = z.object({
  name: z.string(),
  title: z.string(),
  published_version: z.number().int().nullable(),
  revision: z
    .number()
    .int()
    .describe("Bumped by every publish; send it as expected_revision to refuse a race"),
  created_at: z.string(),
  updated_at: z.string(),
  versions: z.array(VersionRow),
  events: z.array(
    z.object({
      integration: z.string(),
      version: z.number().int().nullable(),
      action: z.enum(["create", "edit", "publish", "rollback", "delete"]),
      actor: z.string(),
      at: z.string(),
      detail: z.string().nullable(),
    }),
  ),
});
const Published = z.object({
  name: z.string(),
  published_version: z.number().int(),
  previous_version: z.number().int().nullable(),
  revision: z.number().int(),
});
const CreatedServer = Server.extend({
  url: z.string().describe("The MCP URL. Shown only in this response."),
  footprint: Footprint,
});
const UpdatedServer = Server.extend({ footprint: Footprint });
const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});
const CreatedApiToken = ApiToken.extend({
  token: z.string().describe("The API token. Shown only in this response."),
});
const Grant = z.object({
  id: z.string(),
  client_id: z.string().describe("The OAuth client: a registered id, or a client ID metadata document URL"),
  client_name: z.string().nullable(),
  api_token_id: z.string().nullable().describe("The API token that signed in at the consent page"),
  api_token_name: z.string().nullable(),
  scope: z.array(z.string()),
  created_at: z.string(),
  expires_at: z.string().nullable(),
});
const Tool = z.object({
  name: z.string().describe("The canonical name (filters and activity use it)"),
  listed_name: z
    .string()
    .describe(
      "The name tools/list shows: the canonical one, or its documented short form over 40 characters",
    ),
  title: z.string(),
  description: z.string(),
  method: z.string(),
  access: z.enum(["read", "write"]),
  tags: z.array(z.string()),
  http: z.object({ method: z.string(), path: z.string() }),
  annotations: z.record(z.string(), z.unknown()),
  inputSchema: z.record(z.string(), z.unknown()).describe("The documented schema (validation uses it)"),
});
const Call = z.object({
  id: z.string(),
  time: z.string().describe("When the call arrived (ISO 8601)"),
  request_id: z.string().describe("Also on the gateway's log lines (Workers Logs)"),
  integrated_account_id: z.string(),
  mcp_server_id: z.string(),
  tool: z.string(),
  protocol_era: z.enum(["2026", "2025"]),
  protocol_version: z.string().nullable(),
  transport: z.enum(["streamable_http", "http_sse"]),
  client: z.object({
    name: z.string().nullable(),
    version: z.string().nullable(),
    user_agent: z.string().nullable(),
  }),
  outcome: z
    .string()
    .describe("`ok`, or the error kind the caller saw (not_found, rate_limited, unknown_tool, …)"),
  refusal_reason: z.enum(["filter", "expired", "second_factor", "rate_limit"]).nullable(),
  upstream_status: z.number().int().nullable(),
  duration_ms: z.number().int(),
  upstream_ms: z.number().int().nullable(),
  result_bytes: z.number().int().nullable(),
  truncated: z.boolean(),
  upstream_ratelimit: z
    .object({
      limit: z.number().nullable(),
      remaining: z.number().nullable(),
      reset: z.number().nullable(),
      retry_after: z.number().nullable(),
    })
    .nullable(),
  caller: z.object({ api_token_id: z.string(), api_token_name: z.string().nullable() }).nullable(),
  arguments: z.unknown().describe("Redacted arguments; only with config.log_arguments: true, else null"),
  refused_messages: z
    .number()
    .int()
    .nullable()
    .describe(
      "A request refused before it was read (expired URL, missing or wrong second factor) is one record: the tools/call messages it held; null for calls",
    ),
  trace_id: z
    .string()
    .nullable()
    .describe("The client's W3C trace id (traceparent header or _meta.traceparent)"),
});
const list = (item: z.ZodType) => z.object({ result: z.array(item), next_cursor: z.string().nullable() });

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodType) => ({ content: { "application/json": { schema: schema(s) } } });
const errors = {
  "400": { description: "Invalid request (fields named in `details`)", ...json(ErrorBody) },
  "401": { description: "Missing or invalid admin credentials", ...json(ErrorBody) },
  "404": { description: "Not found", ...json(ErrorBody) },
  "413": { description: "Body too large", ...json(ErrorBody) },
  "415": { description: "Content-Type is not application/json", ...json(ErrorBody) },
};
/** Answers of the credential check made before new or rotated credentials are saved (`verify`). */
const verifyErrors = {
  "422": {
    description: "`credentials_rejected`: the upstream refused the credentials (its message included)",
    ...json(ErrorBody),
  },
  "502": {
    description:
      '`verification_unavailable`: the upstream could not check them; retry or send `"verify": false`',
    ...json(ErrorBody),
  },
};
const pageParams = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "cursor", in: "query", schema: { type: "string" } },
];
const callFilters = [
  {
    name: "since",
    in: "query",
    schema: { type: "string", format: "date-time" },
    description: "Calls at or after",
  },
  {
    name: "until",
    in: "query",
    schema: { type: "string", format: "date-time" },
    description: "Calls before",
  },
  { name: "tool", in: "query", schema: { type: "string" }, description: "Exact tool name" },
  {
    name: "outcome",
    in: "query",
    schema: { type: "string" },
    description: "`ok`, an error kind, or `error` for every outcome but ok",
  },
  {
    name: "client",
    in: "query",
    schema: { type: "string" },
    description: "Client name (case-insensitive) or the start of its User-Agent",
  },
  ...pageParams,
];
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

function op(summary: string, ok: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { summary, responses: { ...ok, ...errors }, ...extra };
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI document. */
export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "edge-mcp admin API",
      version: pkg.version,
      description: "Connect integrated accounts and mint MCP server URLs. See docs/admin-api.md.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: {
      "/integrations": {
        get: op("List the integrations: which version is live, the credential it takes, its tools", {
          "200": {
            description:
              "Every integration: name, title, live version (null until published), the credential it takes and how to get it, its tool count, methods and tags",
            ...json(list(IntegrationInfoSchema)),
          },
        }),
        post: op(
          "Create an integration, or a new draft version of one, from an OpenAPI 3.0/3.1 document (or records); nothing is live until published",
          {
            "201": { description: "A new version", ...json(CreatedVersion) },
            "200": {
              description: "The content equals the newest version: nothing added",
              ...json(CreatedVersion),
            },
            "413": { description: "Body over 32 MiB", ...json(ErrorBody) },
          },
          { requestBody: json(CreateIntegrationBody) },
        ),
      },
      "/integrations/{name}": {
        parameters: [idParam("name")],
        get: op("An integration's versions (newest first), the live one, and its history", {
          "200": { description: "The integration", ...json(IntegrationDetail) },
        }),
        delete: op("Delete an integration (409 while an account uses it)", {
          "204": { description: "Deleted" },
          "409": { description: "In use", ...json(ErrorBody) },
        }),
      },
      "/integrations/{name}/versions/{version}": {
        parameters: [idParam("name"), idParam("version")],
        get: op("One version with its import report, diff and footprint", {
          "200": {
            description: "The version",
            ...json(VersionRow.extend({ details: z.unknown().describe("{report, diff, footprint}") })),
          },
        }),
      },
      "/integrations/{name}/versions/{version}/tools": {
        parameters: [idParam("name"), idParam("version")],
        get: op(
          "One version's tools as the tool editor shows them: the record's own description and notes, the tools/list entry and its estimated tokens",
          {
            "200": {
              description: "Tools",
              ...json(
                z.object({
                  integration: z.string(),
                  version: z.number().int(),
                  result: z.array(
                    z.object({
                      name: z.string(),
                      title: z.string(),
                      description: z.string().describe("The record's own description (what PATCH edits)"),
                      notes: z.array(z.string()),
                      confirm_with_user: z.string().nullable(),
                      method: z.string(),
                      access: z.enum(["read", "write"]),
                      tags: z.array(z.string()),
                      http: z.object({ method: z.string(), path: z.string() }),
                      annotations: z.record(z.string(), z.unknown()),
                      tokens: z.number().int().describe("Estimated o200k tokens of its tools/list entry"),
                      definition: z.unknown().describe("The tool's tools/list entry"),
                    }),
                  ),
                  next_cursor: z.null(),
                }),
              ),
            },
          },
        ),
      },
      "/integrations/{name}/publish": {
        parameters: [idParam("name")],
        post: op(
          "Make a version live; publishing an older one is the rollback",
          {
            "200": { description: "Published", ...json(Published) },
            "409": { description: "Another publish came first", ...json(ErrorBody) },
          },
          { requestBody: json(PublishBody) },
        ),
      },
      "/integrations/{name}/tools/{tool}": {
        parameters: [idParam("name"), idParam("tool")],
        patch: op(
          "Change one tool's description, usage notes or hint overrides: a new draft version",
          { "201": { description: "A new draft version", ...json(CreatedVersion) } },
          { requestBody: json(EditToolBody) },
        ),
      },
      "/integrations/{name}/oauth-app": {
        parameters: [idParam("name")],
        put: op(
          "Register the integration's OAuth app (client ID and secret from the provider); the secret is sealed and never returned",
          {
            "200": { description: "Stored", ...json(OAuthApp) },
            "409": { description: "The integration declares no oauth2 auth method", ...json(ErrorBody) },
          },
          { requestBody: json(PutOAuthAppBody) },
        ),
        get: op("The integration's OAuth app and the redirect URI to register at the provider", {
          "200": { description: "The app", ...json(OAuthApp) },
        }),
        delete: op("Remove the OAuth app: new connections and refreshes stop", {
          "204": { description: "Removed" },
        }),
      },
      "/integrated-account": {
        post: op(
          "Connect an account: with credentials (api_token), or by OAuth (auth oauth2: a pending account and its connect_url)",
          {
            "201": { description: "Created", ...json(Account.extend(ConnectLink.partial().shape)) },
            "409": { description: "OAuth is not set up for the integration", ...json(ErrorBody) },
            ...verifyErrors,
          },
          { requestBody: json(CreateAccountBody) },
        ),
        get: op(
          "List accounts",
          { "200": { description: "A page", ...json(list(Account)) } },
          { parameters: pageParams },
        ),
      },
      "/integrated-account/{id}": {
        parameters: [idParam("id")],
        get: op("Get an account", { "200": { description: "The account", ...json(Account) } }),
        patch: op(
          "Rename or rotate credentials",
          { "200": { description: "Updated", ...json(Account) }, ...verifyErrors },
          { requestBody: json(PatchAccountBody) },
        ),
        delete: op("Delete an account and all its MCP servers", { "204": { description: "Deleted" } }),
      },
      "/integrated-account/{id}/connect": {
        parameters: [idParam("id")],
        post: op(
          "A new single-use connect URL for an OAuth account (pending or needs_reconnect): same id, same MCP URLs",
          {
            "200": {
              description: "The account and its connect URL",
              ...json(Account.extend(ConnectLink.shape)),
            },
            "409": { description: "Not an OAuth account, or OAuth is not set up", ...json(ErrorBody) },
          },
        ),
      },
      "/integrated-account/{id}/people": {
        parameters: [idParam("id")],
        get: op(
          "The people who connected their own upstream account on this account's per_person URLs (never their tokens)",
          {
            "200": {
              description: "A page",
              ...json(
                list(
                  z.object({
                    account_id: z.string(),
                    api_token_id: z.string().describe("Who: the API token they signed in with"),
                    api_token_name: z.string().nullable(),
                    status: z.enum(["active", "pending", "needs_reconnect"]),
                    status_reason: z.string().optional(),
                    updated_at: z.string(),
                  }),
                ),
              ),
            },
          },
          { parameters: pageParams },
        ),
      },
      "/integrated-account/{id}/people/{person}": {
        parameters: [idParam("id"), idParam("person")],
        delete: op("Revoke one person's own connection: their upstream tokens are deleted", {
          "204": { description: "Revoked" },
        }),
      },
      "/integrated-account/{id}/tools": {
        parameters: [
          idParam("id"),
          {
            name: "methods",
            in: "query",
            schema: { type: "string" },
            description: "Comma-separated: read, write, custom or method names",
          },
          { name: "tags", in: "query", schema: { type: "string" }, description: "Comma-separated tags" },
          {
            name: "exclude_tools",
            in: "query",
            schema: { type: "string" },
            description: "Comma-separated exact tool names to remove after the method and tag filters",
          },
          {
            name: "tool_exposure",
            in: "query",
            schema: { type: "string", enum: ["all", "discovery", "auto", "code"] },
            description: "Exposure the footprint is computed for (default all)",
          },
          {
            name: "schema_profile",
            in: "query",
            schema: { type: "string", enum: ["portable", "openai_strict", "full"] },
            description: "Schema profile the footprint's totals are for (default portable)",
          },
        ],
        get: op("Preview the tools a filter yields", {
          "200": {
            description: "Tools",
            ...json(
              list(Tool).extend({
                footprint: Footprint,
                exposures: z
                  .array(z.enum(["all", "discovery", "auto", "code"]))
                  .describe("The exposures this deployment offers: code only with a Worker Loader binding"),
              }),
            ),
          },
        }),
      },
      "/integrated-account/{id}/calls": {
        parameters: [idParam("id")],
        get: op(
          "Tool calls of an account's MCP servers, newest first",
          { "200": { description: "A page", ...json(list(Call)) } },
          { parameters: callFilters },
        ),
      },
      "/integrated-account/{id}/mcp/{mcp_id}/calls": {
        parameters: [idParam("id"), idParam("mcp_id")],
        get: op(
          "Tool calls of one MCP server, newest first",
          { "200": { description: "A page", ...json(list(Call)) } },
          { parameters: callFilters },
        ),
      },
      "/integrated-account/{id}/mcp": {
        parameters: [idParam("id")],
        post: op(
          "Create an MCP server (the URL is shown only here)",
          { "201": { description: "Created", ...json(CreatedServer) } },
          { requestBody: json(CreateServerBody) },
        ),
        get: op(
          "List MCP servers",
          { "200": { description: "A page", ...json(list(Server)) } },
          { parameters: pageParams },
        ),
      },
      "/integrated-account/{id}/mcp/{mcp_id}": {
        parameters: [idParam("id"), idParam("mcp_id")],
        get: op("Get an MCP server", { "200": { description: "The server", ...json(Server) } }),
        patch: op(
          "Update name, config (shallow merge) or expiry",
          { "200": { description: "Updated", ...json(UpdatedServer) } },
          { requestBody: json(PatchServerBody) },
        ),
        delete: op("Delete an MCP server; its URL stops working at once", {
          "204": { description: "Deleted" },
        }),
      },
      "/integrated-account/{id}/mcp/{mcp_id}/grants": {
        parameters: [idParam("id"), idParam("mcp_id")],
        get: op(
          "List an oauth MCP server's live grants (who signed in, from which app)",
          { "200": { description: "A page", ...json(list(Grant)) } },
          { parameters: pageParams },
        ),
      },
      "/integrated-account/{id}/mcp/{mcp_id}/grants/{grant_id}": {
        parameters: [idParam("id"), idParam("mcp_id"), idParam("grant_id")],
        delete: op("Revoke a grant; its access and refresh tokens stop working at once", {
          "204": { description: "Revoked" },
        }),
      },
      "/api-token": {
        post: op(
          "Create an API token (shown only here)",
          { "201": { description: "Created", ...json(CreatedApiToken) } },
          { requestBody: json(CreateApiTokenBody) },
        ),
        get: op(
          "List API tokens",
          { "200": { description: "A page", ...json(list(ApiToken)) } },
          { parameters: pageParams },
        ),
      },
      "/api-token/{id}": {
        parameters: [idParam("id")],
        delete: op("Revoke an API token", { "204": { description: "Revoked" } }),
      },
    },
  };
  return cached;
}
