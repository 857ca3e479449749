/**
 * `GET /openapi.json`: the admin API as OpenAPI 3.1, generated from the same zod schemas that
 * validate the requests (zod emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Built once
 * per isolate.
 */
import * as z from "zod";
import pkg from "../../package.json";
import {
  CreateAccountBody,
  CreateApiTokenBody,
  CreateServerBody,
  PatchAccountBody,
  PatchServerBody,
  ServerConfigBody,
} from "./schemas";

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const Account = z.object({
  id: z.string(),
  integration: z.string(),
  name: z.string(),
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
});
const CreatedServer = Server.extend({
  url: z.string().describe("The MCP URL. Shown only in this response."),
});
const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});
const CreatedApiToken = ApiToken.extend({
  token: z.string().describe("The API token. Shown only in this response."),
});
const Tool = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  method: z.string(),
  access: z.enum(["read", "write"]),
  tags: z.array(z.string()),
  http: z.object({ method: z.string(), path: z.string() }),
  annotations: z.record(z.string(), z.unknown()),
  inputSchema: z.record(z.string(), z.unknown()),
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
const pageParams = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "cursor", in: "query", schema: { type: "string" } },
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
      "/integrated-account": {
        post: op(
          "Connect an account",
          { "201": { description: "Created", ...json(Account) } },
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
          { "200": { description: "Updated", ...json(Account) } },
          { requestBody: json(PatchAccountBody) },
        ),
        delete: op("Delete an account and all its MCP servers", { "204": { description: "Deleted" } }),
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
        ],
        get: op("Preview the tools a filter yields", {
          "200": { description: "Tools", ...json(list(Tool)) },
        }),
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
          { "200": { description: "Updated", ...json(Server) } },
          { requestBody: json(PatchServerBody) },
        ),
        delete: op("Delete an MCP server; its URL stops working at once", {
          "204": { description: "Deleted" },
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
