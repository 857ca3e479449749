/**
 * Validation against GitHub's own OpenAPI document (`@octokit/openapi`,
 * `generated/api.github.com.json`), for Node-side tests: of the requests a client (the gateway) sends
 * — method, path, path and query parameters, JSON body — and of the simulator's answers — status and
 * body against the operation's documented responses. Built on openapi-backend (ajv), which compiles
 * schemas with `new Function`, so this runs in Node, not in workerd; the simulator itself never
 * imports it. The caller reads the document (13 MB) and passes it in; by default it is pruned to the
 * operations the simulator implements plus the components they reference.
 */
import { type Document, OpenAPIBackend } from "openapi-backend";
import { headerRecord } from "./http.js";
import { GITHUB_OPERATIONS } from "./router.js";

type Json = Record<string, unknown>;

/** A request as {@link GithubOpenApiValidator.validate} takes it (a log entry of the simulator fits). */
export interface GithubRequestShape {
  method: string;
  /** The path below the API root, e.g. `/repos/octocat-sim/hello-world/issues`. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** The parsed JSON body, if any. */
  body?: unknown;
}

/** The outcome of one validation. */
export interface GithubValidation {
  valid: boolean;
  /** The operation the request matched (null when none did). */
  operationId: string | null;
  /** Readable errors (`where: what`), empty when valid. */
  errors: string[];
}

/** A validator over GitHub's OpenAPI document. */
export interface GithubOpenApiValidator {
  /** Validates a request the gateway would send: method, path, query parameters and JSON body. */
  validateRequest(request: Request): Promise<GithubValidation>;
  /** The same for a request already read, e.g. an entry of the simulator's request log. */
  validate(request: GithubRequestShape): GithubValidation;
  /** Validates an answer: `status` must be documented for the operation and `body` match its schema. */
  validateResponse(operationId: string, status: number, body: unknown): GithubValidation;
}

/** Options of {@link createGithubOpenApiValidator}. */
export interface GithubValidatorOptions {
  /**
   * `implemented` (default): only the operations the simulator implements, a document pruned by
   * {@link pruneGithubSpec} (fast); `all`: every operation of the document.
   */
  operations?: "implemented" | "all";
}

const REF = /^#\/components\/([^/]+)\/(.+)$/;

/**
 * A copy of `spec` with only the `operations` (default: those the simulator implements) and the
 * components they reference, found by walking `$ref`s transitively.
 */
export function pruneGithubSpec(
  spec: unknown,
  operations: ReadonlyArray<{ method: string; path: string }> = GITHUB_OPERATIONS,
): Json {
  const doc = spec as { paths: Record<string, Json>; components: Record<string, Record<string, unknown>> };
  const paths: Record<string, Json> = {};
  for (const { method, path } of operations) {
    const item = doc.paths[path];
    const operation = item?.[method.toLowerCase()];
    if (!item || !operation) throw new Error(`${method} ${path} is not in the document`);
    paths[path] = { ...(paths[path] ?? {}), [method.toLowerCase()]: operation };
    if (item.parameters) (paths[path] as Json).parameters = item.parameters;
  }
  const components: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !seen.has(value)) {
        seen.add(value);
        const m = REF.exec(value);
        if (!m) continue;
        const [, kind = "", name = ""] = m;
        const target = doc.components[kind]?.[name];
        components[kind] = { ...(components[kind] ?? {}), [name]: target };
        walk(target);
      } else walk(value);
    }
  };
  walk(paths);
  const { paths: _paths, components: _components, ...rest } = spec as Json;
  return { ...rest, paths, components };
}

/**
 * Makes OpenAPI 3.0's `nullable` mean to ajv what the document says: without a `type` (GitHub writes
 * it next to `allOf`/`anyOf`) ajv refuses it, so such a schema becomes "it, or null"; with an `enum`
 * ajv would still refuse null, so null joins the enum.
 */
function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = normalizeNullable(value);
  // OpenAPI 3.0.3: `nullable: true` adds null to the allowed values, an `enum` included.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

/** The string formats GitHub's document uses, checked as far as its data needs. */
const FORMATS: Record<string, RegExp | ((value: string) => boolean)> = {
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uri: (value) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value),
  "uri-template": () => true,
  email: /^[^\s@]+@[^\s@]+$/,
  "repo.nwo": /^[^/\s]+\/[^/\s]+$/,
  timestamp: () => true,
};

function describe(
  errors: ReadonlyArray<{ instancePath?: string; message?: string; params?: unknown }> | null | undefined,
): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"} ${JSON.stringify(e.params ?? {})}`,
  );
}

/**
 * Builds a validator over `spec`, GitHub's OpenAPI document as parsed JSON (read it from
 * `@octokit/openapi/generated/api.github.com.json`).
 */
export async function createGithubOpenApiValidator(
  spec: unknown,
  options: GithubValidatorOptions = {},
): Promise<GithubOpenApiValidator> {
  const definition = normalizeNullable(options.operations === "all" ? spec : pruneGithubSpec(spec));
  // `quick` skips the meta-validation of the whole document and compiles each operation's schemas
  // only when first used, which keeps start-up short even with the whole document.
  const api = new OpenAPIBackend({
    definition: definition as Document,
    quick: true,
    customizeAjv: (ajv) => {
      for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
      return ajv;
    },
  });
  await api.init();

  const validate = (r: GithubRequestShape): GithubValidation => {
    const request = {
      method: r.method,
      path: r.path,
      query: r.query ?? {},
      headers: { ...(r.headers ?? {}) },
      ...(r.body === undefined ? {} : { body: r.body }),
    };
    const operation = api.matchOperation(request);
    if (!operation) {
      return { valid: false, operationId: null, errors: [`${r.method} ${r.path}: no such operation`] };
    }
    const result = api.validateRequest(request, operation);
    return {
      valid: result.valid,
      operationId: operation.operationId ?? null,
      errors: describe(result.errors),
    };
  };

  return {
    validate,
    async validateRequest(request) {
      const url = new URL(request.url);
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        query[key] = all.length === 1 ? (all[0] ?? "") : all;
      }
      const text = request.body === null ? "" : await request.clone().text();
      let body: unknown;
      if (text.trim() !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          return { valid: false, operationId: null, errors: ["body: not JSON"] };
        }
      }
      return validate({
        method: request.method,
        path: url.pathname,
        query,
        headers: headerRecord(request.headers),
        body,
      });
    },
    validateResponse(operationId, status, body) {
      const operation = api.getOperation(operationId);
      if (!operation) return { valid: false, operationId, errors: [`${operationId}: no such operation`] };
      const responses = (operation.responses ?? {}) as Record<string, unknown>;
      const documented =
        responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      if (!documented) {
        return {
          valid: false,
          operationId,
          errors: [`status ${status} is not documented for ${operationId}`],
        };
      }
      const result = api.validator.validateResponse(status === 204 ? null : body, operation, status);
      return { valid: result.valid, operationId, errors: describe(result.errors) };
    },
  };
}
