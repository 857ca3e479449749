/**
 * One OpenAPI operation → one draft endpoint record: resource, method kind, tags, flattened path /
 * query / body schemas and pagination, plus a list of what could not be inferred. Pure.
 */
import { detectPagination, type PaginationDefaults } from "./pagination";
import { cleanSchema, ensureDescribed, type OasSchema, SNAKE } from "./schemas";

/** An operation as it comes out of the dereferenced document. */
export interface OasOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: OasSchema;
  }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: OasSchema }> };
  responses?: Record<
    string,
    { content?: Record<string, { schema?: OasSchema }>; headers?: Record<string, unknown> }
  >;
}

/** What the importer made of one operation. */
export interface MappedOperation {
  /** The operation's stable key: its operationId, else `METHOD path`. */
  key: string;
  record: Record<string, unknown>;
  /** Header parameters (candidates for the integration's static headers). */
  headers: Array<{ name: string; default?: unknown; required: boolean }>;
  /** What the importer guessed or dropped, for the report. */
  notes: string[];
  /** Set when the operation cannot become a record at all. */
  skipped?: string;
}

/** Turns `/v1/pages/{page_id}/move` (prefix `/v1` already removed) into a record draft. */
export function mapOperation(
  httpMethod: string,
  path: string,
  op: OasOperation,
  defaults: PaginationDefaults,
): MappedOperation {
  const method = httpMethod.toUpperCase();
  const key = op.operationId ?? `${method} ${path}`;
  const notes: string[] = [];
  const headers: MappedOperation["headers"] = [];
  const segments = path.split("/").filter(Boolean);
  const isParam = (s: string) => /^\{.+\}$/.test(s);
  const badPlaceholder = segments.find((s) => isParam(s) && !/^\{[a-z0-9_]+\}$/.test(s));
  if (badPlaceholder)
    return {
      key,
      record: {},
      headers,
      notes,
      skipped: `path placeholder ${badPlaceholder} is not snake_case`,
    };
  if (!/^\/[A-Za-z0-9_{}/.-]*$/.test(path))
    return { key, record: {}, headers, notes, skipped: `path ${path} has characters records cannot hold` };

  const pathProps: Record<string, OasSchema> = {};
  const pathRequired: string[] = [];
  const queryProps: Record<string, OasSchema> = {};
  const queryRequired: string[] = [];
  for (const p of op.parameters ?? []) {
    const schema = ensureDescribed(
      {
        ...cleanSchema(p.schema ?? { type: "string" }, { at: `${p.in}.${p.name}`, notes }),
        ...(p.description ? { description: p.description } : {}),
      },
      `${p.in}.${p.name}`,
      p.name,
      notes,
    );
    if (p.in === "header") {
      headers.push({ name: p.name, default: p.schema?.default, required: p.required === true });
      continue;
    }
    if (p.in === "cookie") {
      notes.push(`cookie parameter ${p.name} dropped`);
      continue;
    }
    if (!SNAKE.test(p.name)) {
      if (p.required)
        return {
          key,
          record: {},
          headers,
          notes,
          skipped: `required ${p.in} parameter ${p.name} is not snake_case`,
        };
      notes.push(`${p.in} parameter ${p.name} dropped: not snake_case`);
      continue;
    }
    if (p.in === "path") {
      pathProps[p.name] = schema;
      pathRequired.push(p.name);
    } else if (p.in === "query") {
      queryProps[p.name] = schema;
      if (p.required) queryRequired.push(p.name);
    }
  }

  // The JSON body, if any; other media types cannot be expressed by a tool.
  let body: { schema: OasSchema; envelope: { shape: "none" } } | undefined;
  const content = op.requestBody?.content ?? {};
  const jsonType = Object.keys(content).find((t) => /json/.test(t));
  if (jsonType) {
    const schema = cleanSchema(content[jsonType]?.schema ?? { type: "object" }, {
      at: "body",
      notes,
      dropReadOnly: true,
    });
    const branches = (schema.oneOf ?? schema.anyOf ?? schema.allOf) as OasSchema[] | undefined;
    if (branches && !schema.properties) {
      // Tools need a root object: merge the branches' fields (none required) and say so.
      notes.push("body: the root is a oneOf/anyOf/allOf; its branches' fields were merged, none required");
      const properties: Record<string, OasSchema> = {};
      for (const b of branches) Object.assign(properties, (b.properties ?? {}) as Record<string, OasSchema>);
      body = { schema: { type: "object", properties }, envelope: { shape: "none" } };
    } else {
      body = { schema: schema.type ? schema : { type: "object", ...schema }, envelope: { shape: "none" } };
    }
  } else if (Object.keys(content).length > 0) {
    notes.push(`body: media type ${Object.keys(content).join(", ")} is not JSON; dropped`);
  }

  const ok = Object.entries(op.responses ?? {}).find(([s]) => /^2/.test(s))?.[1];
  const okSchema = Object.values(ok?.content ?? {})[0]?.schema as OasSchema | undefined;
  const responseProps = (okSchema?.properties ?? {}) as Record<string, OasSchema>;

  const linkHeader = Object.keys(ok?.headers ?? {}).some((h) => h.toLowerCase() === "link");
  const pagination =
    method === "GET"
      ? detectPagination("query", queryProps, responseProps, defaults, notes, linkHeader)
      : method === "POST" && body?.schema.properties
        ? detectPagination(
            "body",
            body.schema.properties as Record<string, OasSchema>,
            responseProps,
            defaults,
            notes,
          )
        : null;
  if (pagination) {
    const owned =
      pagination.style === "cursor"
        ? [pagination.cursor_param, pagination.size_param]
        : [pagination.page_param, pagination.size_param];
    for (const n of owned) {
      if (n === undefined) continue;
      delete queryProps[n];
      if (body?.schema.properties) delete (body.schema.properties as Record<string, OasSchema>)[n];
    }
  }

  const { resource, kind, guessed } = inferKind(method, segments, pagination !== null);
  if (guessed) notes.push(`method kind: ${guessed}`);
  const literals = segments.filter((s) => !isParam(s));
  const tags = (op.tags ?? []).map(tagOf).filter((t) => /^[a-z][a-z0-9_-]*$/.test(t));
  if (!op.tags?.length)
    notes.push(`tags: none in the spec; the resource tag (${tagOf(literals[0] ?? resource)}) only`);

  let description = [op.summary, op.description]
    .filter((s) => typeof s === "string" && s.trim())
    .join(". ")
    .replace(/\.\.\s/, ". ")
    .trim();
  if (description.length < 20) {
    notes.push("description: missing or too short in the spec; generated from the method and path");
    description = `${description ? `${description}. ` : ""}Calls ${method} ${path}.`;
  }

  const responseKey = pagination ? listKey(okSchema, responseProps, defaults, notes) : undefined;

  const record: Record<string, unknown> = {
    resource,
    method: kind,
    http: { method, path },
    description,
    notes: [],
    path_params: {
      type: "object",
      properties: pathProps,
      ...(pathRequired.length ? { required: pathRequired } : {}),
    },
    query: {
      type: "object",
      properties: queryProps,
      ...(queryRequired.length ? { required: queryRequired } : {}),
    },
    ...(body ? { body } : {}),
    ...(responseKey ? { response_key: responseKey } : {}),
    ...(pagination ? { pagination } : {}),
    // Custom methods declare their access: a GET, or a POST that pages (a search, a query), only reads.
    ...(["list", "get", "create", "update", "delete"].includes(kind)
      ? {}
      : { access: method === "GET" || pagination ? "read" : "write" }),
    tags: [...new Set(tags)],
  };
  return { key, record, headers, notes };
}

/**
 * Where a paged answer keeps its items: the root when the answer is an array, else `results`, else
 * its only array property (`items`), else the configured default (reported as assumed).
 */
function listKey(
  okSchema: OasSchema | undefined,
  props: Record<string, OasSchema>,
  d: PaginationDefaults,
  notes: string[],
): string | undefined {
  if (okSchema?.type === "array") return undefined;
  if (props.results) return "results";
  const arrays = Object.entries(props).filter(([, p]) => p?.type === "array");
  if (arrays.length === 1) return arrays[0]?.[0];
  if (d.response_key)
    notes.push(`response_key: not declared in the response schema; assumed ${d.response_key}`);
  return d.response_key;
}

/** A tag as our filters spell it: "Data sources" → `data_sources`. */
export function tagOf(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** `data_sources` → `data_source`, `properties` → `property`, `children` → `child`. */
export function singular(word: string): string {
  if (word.endsWith("children")) return `${word.slice(0, -8)}child`;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/**
 * Resource and method kind from the HTTP method and the path shape:
 * - `…/{id}`: GET get, PATCH/PUT update, DELETE delete, POST a custom `post`;
 * - `…/{id}/<word>` POST where `<word>` is not plural: custom `<word>` on the parent (`move`, `query`);
 * - a collection: GET list when it pages (else a custom `fetch`), POST create (or a custom verb when
 *   it pages: a search), PATCH/PUT update.
 * Resources join the literal segments, all but the last singular: `/blocks/{id}/children` → `block_children`.
 */
export function inferKind(
  method: string,
  segments: string[],
  paginated: boolean,
): { resource: string; kind: string; guessed?: string } {
  const isParam = (s: string) => s.startsWith("{");
  const literals = segments.filter((s) => !isParam(s)).map((s) => tagOf(s));
  const last = segments.at(-1) ?? "";
  const resourceOf = (lits: string[]) =>
    lits.length === 0
      ? "root"
      : [...lits.slice(0, -1).map(singular), lits.at(-1)].join("_").replace(/^v\d+_/, "");
  if (isParam(last)) {
    const resource = resourceOf(literals);
    if (method === "GET" && paginated)
      return {
        resource,
        kind: "list",
        guessed: "GET on an item path that pages: a list of the item's parts",
      };
    if (method === "GET") return { resource, kind: "get" };
    if (method === "PATCH" || method === "PUT") return { resource, kind: "update" };
    if (method === "DELETE") return { resource, kind: "delete" };
    return { resource, kind: "post", guessed: `${method} on an item path: custom method "post"` };
  }
  const word = literals.at(-1) ?? "root";
  const afterParam = segments.length >= 2 && isParam(segments.at(-2) ?? "");
  if (method === "POST" && afterParam && singular(word) === word && !paginated) {
    return { resource: resourceOf(literals.slice(0, -1)), kind: word };
  }
  if (method === "POST" && paginated) {
    return afterParam
      ? { resource: resourceOf(literals.slice(0, -1)), kind: word }
      : {
          resource: resourceOf(literals),
          kind: word,
          guessed: `POST that pages: custom method "${word}" (a search?)`,
        };
  }
  const resource = resourceOf(literals);
  if (method === "GET") {
    return paginated
      ? { resource, kind: "list" }
      : afterParam
        ? { resource, kind: "get" }
        : {
            resource,
            kind: "fetch",
            guessed: 'GET on a collection path that does not page: custom method "fetch"',
          };
  }
  if (method === "POST") return { resource, kind: "create" };
  if (method === "PATCH" || method === "PUT")
    return { resource, kind: "update", guessed: `${method} on a collection path: "update"` };
  return { resource, kind: "delete", guessed: "DELETE on a collection path" };
}
