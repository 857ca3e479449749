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
import type {
  Access,
  EndpointRecord,
  Integration,
  JsonSchema,
  Pagination,
  RecordHead,
} from "../integrations/schema";
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

/**
 * Builds every tool of an integration, sorted by name so `tools/list` order is deterministic.
 *
 * Names, titles, methods and tags are derived at once (filters, cursors and lookups need them);
 * the flat schema, bindings, description and hints of a tool on first read: an isolate's first use
 * of a 1,100-tool integration lists a page or calls a tool, and pays for those, not for every tool.
 * A version being created goes through {@link checkTools}, which derives everything once, so a
 * stored version is known to build.
 */
export function buildTools(
  integration: Integration,
  records: ReadonlyArray<{ record: EndpointRecord; head?: RecordHead }>,
): GatewayTool[] {
  let rewrite: Rewrite | undefined;
  const pointers = () => {
    rewrite ??= pointerRewrite(tools, `_${integration.name}_`);
    return rewrite;
  };
  const tools = records.map((r) => lazyTool(integration, r, pointers));
  return tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Derives every part of every tool and refuses two tools that share a name (canonical or listed):
 * what a version must pass before it is stored. Throws the first problem.
 */
export function checkTools(tools: readonly GatewayTool[]): void {
  const seen = new Map<string, string>();
  for (const t of tools) {
    for (const n of new Set([t.name, t.listedName])) {
      const other = seen.get(n);
      if (other !== undefined) throw new Error(`duplicate tool name ${n} (${other} and ${t.name})`);
      seen.set(n, t.name);
    }
    void t.inputSchema;
    void t.description;
    void t.annotations;
  }
}

/** Rewrites the tool names in a text to their listed names; null when no tool is renamed. */
type Rewrite = ((text: string) => string) | null;

/**
 * Descriptions name other tools ("call list_all_x first"); a model can only call what it sees
 * listed, so a pointer to a shortened tool is rewritten to its listed name (in the tool's
 * description and every property description). Every tool name carries `_<integration>_`, so the
 * words holding that marker are the only candidates: one scan per text, one lookup per candidate.
 */
function pointerRewrite(tools: readonly GatewayTool[], marker: string): Rewrite {
  const renamed = new Map(tools.filter((t) => t.listedName !== t.name).map((t) => [t.name, t.listedName]));
  if (renamed.size === 0) return null;
  const words = new RegExp(`\\b\\w*${marker.replace(/[^\w]/g, "\\$&")}\\w*\\b`, "g");
  return (text) => (text.includes(marker) ? text.replace(words, (w) => renamed.get(w) ?? w) : text);
}

/** Builds the tool of one record (every part derived now: a record that cannot become a tool throws here). */
export function buildTool(integration: Integration, record: EndpointRecord): GatewayTool {
  const tool = lazyTool(integration, { record }, () => null);
  checkTools([tool]);
  return tool;
}

/**
 * A tool whose schema, bindings, description and hints are derived on first read, then kept. Its
 * name, title, access and tags come from the record's head, so a stored record is not parsed before
 * its tool is used.
 */
function lazyTool(
  integration: Integration,
  named: { record: EndpointRecord; head?: RecordHead },
  pointers: () => Rewrite,
): GatewayTool {
  const head = named.head ?? named.record;
  const resource = integration.resources[head.resource];
  if (!resource) throw new Error(`unknown resource ${head.resource}`);
  const name = toolName(integration.name, { name: head.resource, ...resource }, head);
  const title = toolTitle(integration.title, resource, head.method);
  let flat: Pick<GatewayTool, "inputSchema" | "bindings"> | undefined;
  let description: string | undefined;
  let annotations: ToolAnnotations | undefined;
  const schema = () => {
    if (!flat) {
      const built = flatten(name, named.record);
      const rewrite = pointers();
      const text = rewrite ? JSON.stringify(built.inputSchema) : "";
      flat =
        rewrite && rewrite(text) !== text
          ? { ...built, inputSchema: rewriteSchema(built.inputSchema, rewrite) }
          : built;
    }
    return flat;
  };
  return {
    name,
    listedName: listedToolName(name),
    title,
    method: head.method,
    access: recordAccess(head),
    tags: [...new Set([...resource.tags, ...head.tags])],
    get record() {
      return named.record;
    },
    get description() {
      if (description === undefined) {
        const rewrite = pointers();
        const text = toolDescription(named.record);
        description = rewrite ? rewrite(text) : text;
      }
      return description;
    },
    get inputSchema() {
      return schema().inputSchema;
    },
    get bindings() {
      return schema().bindings;
    },
    get annotations() {
      annotations ??= annotate(title, named.record);
      return annotations;
    },
  };
}

/** `schema` with every property description's tool names rewritten (a copy; records are shared). */
function rewriteSchema(schema: GatewayTool["inputSchema"], rewrite: (text: string) => string) {
  return JSON.parse(JSON.stringify(schema), (k, v: unknown) =>
    k === "description" && typeof v === "string" ? rewrite(v) : v,
  ) as GatewayTool["inputSchema"];
}

/** One flat input schema for a record's path, query and body parameters, and where each goes. */
function flatten(name: string, record: EndpointRecord): Pick<GatewayTool, "inputSchema" | "bindings"> {
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
  return { inputSchema, bindings };
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
