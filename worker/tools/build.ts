/**
 * Turns documentation records into MCP tool definitions: one flat `inputSchema` per tool that merges
 * path, query and body parameters, plus the binding table that splits arguments back at call time.
 *
 * Collision rule (documented in docs/tools.md): path parameters keep their names, then query
 * parameters, then body fields. A query parameter whose name is taken is exposed as `query_<name>`;
 * a body field whose name is taken (including by `limit`/`next_cursor`) as `body_<name>`. A body whose
 * schema is an array is exposed whole as `body` (`body_body` if a path or query parameter is named
 * `body`). A flat name that is still taken after these renames is a registry error, never a silent
 * overwrite.
 */
import type { Access, EndpointRecord, Integration, JsonSchema, Pagination } from "../integrations/schema";
import { annotate, recordAccess, type ToolAnnotations } from "./annotations";
import { toolDescription } from "./description";
import { listedToolName } from "./listed-name";
import { toolName, toolTitle } from "./naming";

export type { ToolAnnotations } from "./annotations";

/** Where one flat argument goes on the wire. */
export interface ParamBinding {
  location: "path" | "query" | "body" | "body_whole";
  /** The upstream name (path placeholder, query key or body field). */
  wire: string;
}

/** A tool ready for `tools/list` and `tools/call`. */
export interface GatewayTool {
  /** The canonical name (worker/tools/naming.ts): filters, cursors and activity use it. */
  name: string;
  /**
   * The name `tools/list` shows: `name` when it fits every client's prefix, else its documented
   * short form (worker/tools/listed-name.ts). `tools/call` accepts either.
   */
  listedName: string;
  title: string;
  description: string;
  method: string;
  /** Whether the tool only reads or changes state; the `read`/`write` filter groups match on it. */
  access: Access;
  tags: readonly string[];
  inputSchema: JsonSchema & { type: "object"; properties: Record<string, JsonSchema> };
  annotations: ToolAnnotations;
  record: EndpointRecord;
  bindings: Readonly<Record<string, ParamBinding>>;
}

/** Flat names the engine adds to list tools; records cannot use them. */
export const LIMIT_ARG = "limit";
export const CURSOR_ARG = "next_cursor";

/** Builds every tool of an integration, sorted by name so `tools/list` order is deterministic. */
export function buildTools(
  integration: Integration,
  records: ReadonlyArray<{ record: EndpointRecord }>,
): GatewayTool[] {
  const tools = records.map(({ record }) => buildTool(integration, record));
  const seen = new Map<string, string>();
  for (const t of tools) {
    for (const n of new Set([t.name, t.listedName])) {
      const other = seen.get(n);
      if (other !== undefined) throw new Error(`duplicate tool name ${n} (${other} and ${t.name})`);
      seen.set(n, t.name);
    }
  }
  return pointToListedNames(tools, `_${integration.name}_`).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

/**
 * Descriptions name other tools ("call list_all_x first"); a model can only call what it sees
 * listed, so a pointer to a shortened tool is rewritten to its listed name (in the tool's
 * description and every property description).
 */
function pointToListedNames(tools: GatewayTool[], marker: string): GatewayTool[] {
  const renamed = new Map(tools.filter((t) => t.listedName !== t.name).map((t) => [t.name, t.listedName]));
  if (renamed.size === 0) return tools;
  const pattern = new RegExp(`\\b(${[...renamed.keys()].join("|")})\\b`, "g");
  const rewrite = (text: string) => text.replace(pattern, (n) => renamed.get(n) ?? n);
  return tools.map((t) => {
    // Every tool name carries `_<integration>_`: most texts are ruled out without the long pattern.
    const text = `${t.description}${JSON.stringify(t.inputSchema)}`;
    pattern.lastIndex = 0;
    if (!text.includes(marker) || !pattern.test(text)) return t;
    const inputSchema = JSON.parse(JSON.stringify(t.inputSchema), (k, v: unknown) =>
      k === "description" && typeof v === "string" ? rewrite(v) : v,
    ) as GatewayTool["inputSchema"];
    return { ...t, description: rewrite(t.description), inputSchema };
  });
}

/** Builds the tool of one record. */
export function buildTool(integration: Integration, record: EndpointRecord): GatewayTool {
  const resource = integration.resources[record.resource];
  if (!resource) throw new Error(`unknown resource ${record.resource}`);
  const name = toolName(integration.name, { name: record.resource, ...resource }, record);
  const title = toolTitle(integration.title, resource, record.method);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const bindings: Record<string, ParamBinding> = {};
  const add = (flat: string, schema: JsonSchema, binding: ParamBinding, isRequired: boolean) => {
    // The renames below leave no collision in any real record; refuse one rather than drop a binding.
    if (flat in properties) throw new Error(`${name}: two parameters map to the flat name ${flat}`);
    properties[flat] = schema;
    bindings[flat] = binding;
    if (isRequired) required.push(flat);
  };

  const pathReq = new Set(Object.keys(record.path_params.properties));
  for (const [p, schema] of Object.entries(record.path_params.properties)) {
    add(p, schema, { location: "path", wire: p }, pathReq.has(p));
  }
  if (record.pagination) {
    for (const own of [LIMIT_ARG, CURSOR_ARG]) {
      if (own in properties) throw new Error(`${name}: path parameter ${own} collides with paging`);
    }
    properties[LIMIT_ARG] = limitSchema(record.pagination);
    properties[CURSOR_ARG] = cursorSchema();
  }
  const queryReq = new Set(record.query.required ?? []);
  for (const [q, schema] of Object.entries(record.query.properties)) {
    const flat = q in properties ? `query_${q}` : q;
    add(flat, schema, { location: "query", wire: q }, queryReq.has(q));
  }
  const body = record.body?.schema;
  if (body && body.type === "array") {
    add(
      "body" in properties ? "body_body" : "body",
      { ...body, description: body.description ?? "The request body (an array)." },
      { location: "body_whole", wire: "" },
      true,
    );
  } else if (body?.properties) {
    const bodyReq = new Set(body.required ?? []);
    for (const [f, schema] of Object.entries(body.properties)) {
      const flat = f in properties ? `body_${f}` : f;
      add(flat, schema, { location: "body", wire: f }, bodyReq.has(f));
    }
  }

  const inputSchema: GatewayTool["inputSchema"] = { type: "object", properties, additionalProperties: false };
  if (required.length > 0) inputSchema.required = required;

  return {
    name,
    listedName: listedToolName(name),
    title,
    description: toolDescription(record),
    method: record.method,
    access: recordAccess(record),
    tags: [...new Set([...resource.tags, ...record.tags])],
    inputSchema,
    annotations: annotate(title, record),
    record,
    bindings,
  };
}

function limitSchema(p: Pagination): JsonSchema {
  const min = p.style === "until" ? (p.limit.min ?? 1) : 1;
  return {
    type: "integer",
    minimum: min,
    maximum: p.limit.max,
    description: `Default ${p.limit.default}.`,
  };
}

/** Paging itself is explained once, in the server instructions; the argument keeps the one rule. */
function cursorSchema(): JsonSchema {
  return {
    type: "string",
    description: "Omit at first; then pass back the exact `next_cursor`.",
  };
}
