/**
 * Splits a tool call's flat arguments back into the upstream request: path (URL-encoded, batch ids
 * comma-joined), query string and body (wrapped in the record's envelope).
 */
import type { GatewayTool } from "./build";

/** An upstream request before credentials and base URL are applied. */
export interface UpstreamCall {
  method: string;
  /** Path below the base URL, every parameter already percent-encoded. */
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

/** Longest value of one path parameter (one id of a batch), in characters. */
export const MAX_PATH_PARAM_CHARS = 256;
/** Longest upstream path plus query string, percent-encoded: proxies and APIs refuse longer URLs. */
export const MAX_UPSTREAM_URL_CHARS = 8000;

/** Raised for arguments that cannot be turned into a safe upstream request. */
export class ArgumentError extends Error {
  override name = "ArgumentError";
}

/**
 * Builds the upstream request of a validated tool call. `extraQuery` and `extraBody` carry
 * pagination (body paging fields go at the top level of the JSON body, next to the caller's).
 */
export function buildUpstreamCall(
  tool: GatewayTool,
  args: Readonly<Record<string, unknown>>,
  extraQuery: Readonly<Record<string, string>> = {},
  extraBody: Readonly<Record<string, unknown>> = {},
): UpstreamCall {
  for (const [flat, value] of Object.entries(args)) checkWellFormed(flat, value);
  const pathValues: Record<string, string> = {};
  const query: Record<string, string> = {};
  const fields: Record<string, unknown> = {};
  let whole: unknown;

  for (const [flat, value] of Object.entries(args)) {
    const binding = tool.bindings[flat];
    if (!binding || value === undefined || value === null) continue;
    switch (binding.location) {
      case "path":
        pathValues[binding.wire] = encodePathValue(flat, value);
        break;
      case "query":
        query[binding.wire] = queryValue(value);
        break;
      case "body":
        fields[binding.wire] = value;
        break;
      case "body_whole":
        whole = value;
        break;
    }
  }

  const path = tool.record.http.path.replace(/\{([a-z0-9_]+)\}/g, (_, p: string) => {
    const v = pathValues[p];
    if (v === undefined) throw new ArgumentError(`missing required path parameter ${p}`);
    return v;
  });

  const call: UpstreamCall = { method: tool.record.http.method, path, query: { ...query, ...extraQuery } };
  const urlChars = Object.entries(call.query).reduce(
    (n, [k, v]) => n + 2 + encodeURIComponent(k).length + encodeURIComponent(v).length,
    path.length,
  );
  if (urlChars > MAX_UPSTREAM_URL_CHARS)
    throw new ArgumentError(
      `the path and query arguments are too long (${urlChars} characters once encoded; at most ${MAX_UPSTREAM_URL_CHARS})`,
    );
  const body = tool.record.body;
  if (body) call.body = whole !== undefined ? whole : wrap(body.envelope, fields, args);
  if (Object.keys(extraBody).length > 0) {
    const base = call.body;
    call.body = {
      ...(base !== null && typeof base === "object" && !Array.isArray(base) ? base : {}),
      ...extraBody,
    };
  }
  return call;
}

type Envelope = NonNullable<GatewayTool["record"]["body"]>["envelope"];

function wrap(
  envelope: Envelope,
  fields: Record<string, unknown>,
  args: Readonly<Record<string, unknown>>,
): unknown {
  switch (envelope.shape) {
    case "none":
      return fields;
    case "object":
      return { [envelope.key]: fields };
    case "array":
      return { [envelope.key]: [fields] };
    case "per_id": {
      const ids = args[envelope.ids_param];
      const list = Array.isArray(ids) ? ids : [ids];
      // Each object carries its own id from the path; a body field named `id` cannot replace it.
      const { id: _ignored, ...rest } = fields;
      return { [envelope.key]: list.map((id) => ({ id, ...rest })) };
    }
  }
}

/**
 * One path segment. Percent-encoding stops `/`, `?`, `#` and `%` from changing the upstream URL;
 * dot segments are refused outright because URL parsers resolve `..` (and `%2e%2e`) as "parent".
 */
function encodePathValue(name: string, value: unknown): string {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new ArgumentError(`${name} needs at least one id`);
  return items
    .map((item) => {
      if (typeof item !== "string" && typeof item !== "number") {
        throw new ArgumentError(`${name} must be a string id`);
      }
      const s = String(item).trim();
      if (s.length > MAX_PATH_PARAM_CHARS)
        throw new ArgumentError(
          `${name} is too long (${s.length} characters; at most ${MAX_PATH_PARAM_CHARS})`,
        );
      if (s === "" || /^\.+$/.test(s) || /^(%2e)+$/i.test(s))
        throw new ArgumentError(`${name} is not a valid id: "${s}"`);
      return encodeURIComponent(s);
    })
    .join(",");
}

function queryValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => String(v)).join(",");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A UTF-16 surrogate without its partner: cannot be UTF-8 encoded into a URL or sent as text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses malformed Unicode anywhere in an argument (strings, keys, nested values). */
function checkWellFormed(name: string, value: unknown, depth = 0): void {
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value))
      throw new ArgumentError(`${name} contains malformed Unicode (a lone UTF-16 surrogate)`);
    return;
  }
  // Arguments passed the tool's JSON Schema; the depth bound only guards against pathological nesting.
  if (typeof value !== "object" || value === null || depth > 32) return;
  for (const [k, v] of Object.entries(value)) {
    checkWellFormed(name, k, depth + 1);
    checkWellFormed(name, v, depth + 1);
  }
}
