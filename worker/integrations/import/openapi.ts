/**
 * The importer's core: an OpenAPI 3.0/3.1 document (parsed and dereferenced by ./document.ts) and an
 * integration's overrides → the integration description and one validated record per operation,
 * with a per-operation report of what could not be inferred. Pure and Worker-safe: the admin API
 * (`POST /integrations`) and the CLI (`npm run import:openapi`) call this same function.
 */
import { toolName } from "../../tools/naming";
import { EndpointRecordSchema, IntegrationSchema } from "../schema";
import type { OasDocument } from "./document";
import { mapOperation, type OasOperation, singular, tagOf } from "./operation";
import { deepMerge, type Overrides } from "./overrides";

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** One operation's line in the report. */
export interface ReportEntry {
  key: string;
  http: string;
  /** The record file it became, or null when skipped. */
  file: string | null;
  notes: string[];
  overridden: boolean;
}

/** Everything an import produces. */
export interface ImportResult {
  integration: Record<string, unknown>;
  /** Record file name (`pages.get.json`) → record. */
  records: Map<string, Record<string, unknown>>;
  report: ReportEntry[];
  /** Integration-level findings (base URL, auth, headers, …). */
  integrationNotes: string[];
  /** Override keys that matched no operation of this spec (renamed or removed upstream). */
  unusedOverrides: string[];
}

/** Most operations one document may have (GitHub's REST API, the largest we know, has 1,223). */
export const MAX_OPERATIONS = 2_000;

/** A document the importer refuses as a whole; `issues` names each problem. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

/**
 * Imports a prepared document as integration `name`. Operations that cannot become a tool are left
 * out and reported; throws {@link ImportError} when the result cannot be an integration at all, or
 * when an override (the admin's own words) yields a tool name that is too long or taken.
 */
export function importOpenApi(doc: OasDocument, name: string, overrides: Overrides): ImportResult {
  const integrationNotes: string[] = [];
  const paths = Object.keys(doc.paths ?? {});
  const prefix = commonPrefix(paths);
  if (prefix) integrationNotes.push(`base URL: the common path prefix ${prefix} moved into the base URL`);

  const report: ReportEntry[] = [];
  const records = new Map<string, Record<string, unknown>>();
  const headerSeen = new Map<string, { count: number; default?: unknown }>();
  const resources = new Map<string, Set<string>>();
  const usedOverrides = new Set<string>();
  let operations = 0;
  const total = Object.values(doc.paths ?? {}).reduce(
    (n, item) => n + HTTP_METHODS.filter((m) => item && typeof item === "object" && m in item).length,
    0,
  );
  if (total > MAX_OPERATIONS) {
    throw new ImportError(
      `the document has ${total} operations; the most one integration may have is ${MAX_OPERATIONS}`,
    );
  }
  const rateHeaders = new Set<string>();
  /** Problems an override (the admin's own words) caused: refused as a whole, never skipped. */
  const overrideIssues: string[] = [];

  for (const [rawPath, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters ?? []) as NonNullable<OasOperation["parameters"]>;
    for (const m of HTTP_METHODS) {
      const op = item[m] as OasOperation | undefined;
      if (!op) continue;
      operations++;
      const merged: OasOperation = { ...op, parameters: mergeParams(shared, op.parameters ?? []) };
      const path = rawPath.slice(prefix.length) || "/";
      const mapped = mapOperation(m, path, merged, overrides.pagination);
      const over = overrides.operations[mapped.key];
      if (over) usedOverrides.add(mapped.key);
      const http = `${m.toUpperCase()} ${rawPath}`;
      if (mapped.skipped || over?.skip === true) {
        report.push({
          key: mapped.key,
          http,
          file: null,
          notes: [mapped.skipped ?? "skipped by overrides"],
          overridden: !!over,
        });
        continue;
      }
      for (const h of responseHeaderNames(merged)) rateHeaders.add(h);
      for (const h of mapped.headers) {
        const seen = headerSeen.get(h.name) ?? { count: 0 };
        headerSeen.set(h.name, { count: seen.count + 1, default: seen.default ?? h.default });
      }
      const { skip: _skip, ...patch } = over ?? {};
      const record = deepMerge(mapped.record, patch) as Record<string, unknown>;
      const resource = String(record.resource);
      const file = `${resource}.${String(record.method)}${record.name_suffix ? `.${String(record.name_suffix)}` : ""}.json`;
      if (records.has(file)) {
        if (over) overrideIssues.push(`${mapped.key}: its tool is taken by another operation (${file})`);
        report.push({
          key: mapped.key,
          http,
          file: null,
          notes: [
            ...mapped.notes,
            `skipped: ${file} is taken by another operation (set name_suffix in overrides)`,
          ],
          overridden: !!over,
        });
        continue;
      }
      const rootTag = tagOf(path.split("/").find((s) => s && !s.startsWith("{")) ?? resource);
      const tags = resources.get(resource) ?? new Set<string>();
      tags.add(rootTag);
      resources.set(resource, tags);
      records.set(file, record);
      report.push({ key: mapped.key, http, file, notes: mapped.notes, overridden: !!over });
    }
  }

  const security = Object.values((doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>);
  if (!security.some((s) => s.type === "http" && s.scheme?.toLowerCase() === "bearer")) {
    integrationNotes.push("auth: no HTTP bearer scheme in the spec; bearer assumed");
  }
  const oauth2 = oauth2Method(security, integrationNotes);
  const static_headers: Record<string, string> = {};
  for (const [h, seen] of headerSeen) {
    if (typeof seen.default === "string") {
      static_headers[h] = seen.default;
      integrationNotes.push(
        `static header ${h}: ${seen.default} (the spec's default, on ${seen.count} operations)`,
      );
    } else {
      integrationNotes.push(`header parameter ${h} (on ${seen.count} operations) has no default; not sent`);
    }
  }
  const title = integrationTitle(doc.info?.title, name, integrationNotes);
  const server = doc.servers?.[0]?.url ?? "";
  if (!/^https?:\/\//.test(server) && typeof overrides.integration.base_url !== "string") {
    throw new ImportError(
      "the document names no absolute server URL (`servers[0].url`); give the API's base URL in overrides.integration.base_url",
    );
  }
  const generatedIntegration = {
    name,
    title,
    base_url: `${server.replace(/\/+$/, "")}${prefix}`,
    auth: {
      type: "bearer",
      credential: "api_token",
      instructions: `Create an API token in ${title} and paste it as credentials.api_token.`,
    },
    ...(oauth2 ? { auth_methods: [{ type: "api_token" }, oauth2] } : {}),
    static_headers,
    rate_limit_headers: rateLimitHeaders(rateHeaders, integrationNotes),
    error_message_path: "message",
    resources: Object.fromEntries(
      [...resources]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([r, tags]) => [r, { singular: singular(r), title: r.replaceAll("_", " "), tags: [...tags] }]),
    ),
  };
  integrationNotes.push(
    "error_message_path: not inferable from the spec; `message` assumed unless overridden",
  );
  const integration = deepMerge(generatedIntegration, overrides.integration) as Record<string, unknown>;

  // The registry's own checks, on exactly what will be written.
  const parsedIntegration = IntegrationSchema.safeParse(integration);
  if (!parsedIntegration.success) {
    throw new ImportError(
      "the integration description this document and its overrides produce is invalid",
      parsedIntegration.error.issues.map((i) => `integration.${i.path.join(".")}: ${i.message}`),
    );
  }
  // A record that fails them, or whose tool name is too long or taken, is left out and reported.
  const names = new Set<string>();
  const nameProblem = (r: (typeof EndpointRecordSchema)["_output"]): string | null => {
    const resource = parsedIntegration.data.resources[r.resource];
    if (!resource) return `unknown resource ${r.resource}`;
    try {
      const name = toolName(parsedIntegration.data.name, { name: r.resource, ...resource }, r);
      if (names.has(name)) return `tool name ${name} is taken (set name_suffix in overrides)`;
      names.add(name);
      return null;
    } catch (e) {
      return `${(e as Error).message} (shorten the resource or method in overrides)`;
    }
  };
  for (const [file, record] of records) {
    const parsed = EndpointRecordSchema.safeParse(record);
    const problem = !parsed.success
      ? parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      : nameProblem(parsed.data);
    if (!problem) continue;
    records.delete(file);
    const entry = report.find((r) => r.file === file);
    if (entry?.overridden && parsed.success) overrideIssues.push(`${entry.key}: ${problem}`);
    if (entry) {
      entry.file = null;
      entry.notes.push(`skipped: fails the registry checks (${problem})`);
    }
  }

  if (overrideIssues.length > 0) {
    throw new ImportError("overrides give tools names that are too long or already taken", overrideIssues);
  }
  if (records.size === 0) {
    throw new ImportError(
      "no operation of the document could become a tool",
      report.slice(0, 20).map((r) => `${r.http}: ${r.notes.at(-1) ?? "skipped"}`),
    );
  }
  const unusedOverrides = Object.keys(overrides.operations).filter((k) => !usedOverrides.has(k));
  integrationNotes.unshift(`${operations} operations, ${records.size} records`);
  return { integration, records, report, integrationNotes, unusedOverrides };
}

/** A `components.securitySchemes` entry, as far as the importer reads it. */
interface SecurityScheme {
  type?: string;
  scheme?: string;
  flows?: {
    authorizationCode?: {
      authorizationUrl?: string;
      tokenUrl?: string;
      refreshUrl?: string;
      scopes?: Record<string, string>;
    };
  };
}

/**
 * The `oauth2` auth method of the document's first OAuth 2.0 scheme with an `authorizationCode`
 * flow (absolute URLs), or null. What OpenAPI cannot say is assumed and reported: PKCE (OAuth 2.1
 * makes it mandatory; a provider without it ignores the parameters), HTTP Basic client
 * authentication (the one RFC 6749 requires providers to support), expiring tokens with refresh.
 */
function oauth2Method(schemes: SecurityScheme[], notes: string[]): Record<string, unknown> | null {
  for (const scheme of schemes) {
    const flow = scheme.type === "oauth2" ? scheme.flows?.authorizationCode : undefined;
    if (!flow) continue;
    const absolute = (u: string | undefined) => (u && /^https?:\/\//.test(u) ? u : null);
    const authorization_url = absolute(flow.authorizationUrl);
    const token_url = absolute(flow.tokenUrl);
    if (!authorization_url || !token_url) {
      notes.push("auth: an oauth2 authorizationCode flow without absolute URLs; not imported");
      continue;
    }
    const scopes = Object.keys(flow.scopes ?? {});
    notes.push(
      `auth: oauth2 (authorization code) from the spec, asking for ${scopes.length ? `every declared scope (${scopes.join(" ")})` : "no scope"}; PKCE, HTTP Basic client authentication and expiring tokens with refresh assumed, override auth_methods if not`,
    );
    return {
      type: "oauth2",
      authorization_url,
      token_url,
      scopes,
      pkce: true,
      client_auth: "basic",
      expiring_tokens: true,
      refresh: true,
    };
  }
  return null;
}

/** Names of the response headers an operation declares (for the rate-limit headers). */
function responseHeaderNames(op: OasOperation): string[] {
  return Object.values(op.responses ?? {}).flatMap((r) => Object.keys(r?.headers ?? {}));
}

/**
 * The upstream's rate-limit headers, from the response headers the document declares: the IETF
 * `RateLimit-*` names or the common `X-RateLimit-*` ones. An `X-` reset is assumed to be an epoch
 * (what the `X-` convention mostly sends) and the IETF one seconds until the reset; both reported.
 */
function rateLimitHeaders(declared: ReadonlySet<string>, notes: string[]): Record<string, string> {
  const lower = new Set([...declared].map((h) => h.toLowerCase()));
  for (const prefix of ["ratelimit-", "x-ratelimit-", "x-rate-limit-"]) {
    const limit = `${prefix}limit`;
    if (!lower.has(limit) && !lower.has(`${prefix}remaining`)) continue;
    const epoch = prefix.startsWith("x-");
    notes.push(
      `rate limits: ${prefix}limit/remaining/reset from the responses' headers; reset read as ${epoch ? "an epoch (Unix seconds)" : "seconds until the reset"}, override rate_limit_headers.reset_kind if not`,
    );
    return {
      limit,
      remaining: `${prefix}remaining`,
      reset: `${prefix}reset`,
      reset_kind: epoch ? "epoch_seconds" : "delta_seconds",
      retry_after: "retry-after",
    };
  }
  notes.push("rate limits: no rate-limit headers declared in the responses; only Retry-After is read");
  return { retry_after: "retry-after" };
}

/** Operation parameters win over path-level ones with the same name and location. */
function mergeParams(
  shared: NonNullable<OasOperation["parameters"]>,
  own: NonNullable<OasOperation["parameters"]>,
): NonNullable<OasOperation["parameters"]> {
  const key = (p: { name: string; in: string }) => `${p.in}:${p.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

/**
 * The literal leading segments every path shares (`/v1`), never a placeholder; none for a single
 * path (its first segment is its resource).
 */
function commonPrefix(paths: string[]): string {
  if (paths.length < 2) return "";
  const split = paths.map((p) => p.split("/").filter(Boolean));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const seg = split[0]?.[i];
    if (!seg || seg.startsWith("{") || !split.every((s) => s[i] === seg && s.length > i + 1)) break;
    out.push(seg);
  }
  return out.length ? `/${out.join("/")}` : "";
}

/** Longest integration title taken as the document states it: it begins every tool's title. */
const MAX_TITLE_WORDS = 3;

/**
 * The integration's title, which begins every tool title ("Create a <title> issue"): the document's
 * `info.title` without a trailing "API" or "REST API". A longer one ("GitHub's official OpenAPI spec
 * + Octokit extension") is a description, not a name: the title is then its word that spells the
 * integration's name ("GitHub"), else the name; reported either way, so an override can set it.
 */
export function integrationTitle(infoTitle: string | undefined, name: string, notes: string[]): string {
  const stated = (infoTitle ?? "").replace(/\s+(REST\s+)?API$/i, "").trim();
  if (stated && stated.split(/\s+/).length <= MAX_TITLE_WORDS) return stated;
  const key = (w: string) =>
    w
      .replace(/['’]s$/i, "")
      .replace(/[^A-Za-z0-9]/g, "")
      .toLowerCase();
  const wanted = name.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  const word = stated.split(/\s+/).find((w) => key(w) === wanted);
  const title = word ? word.replace(/['’]s$/i, "").replace(/[^A-Za-z0-9 .&-]/g, "") : name;
  if (stated) {
    notes.push(
      `title: "${title}" (info.title "${stated.slice(0, 80)}" is too long to begin every tool title; set integration.title in the overrides to choose)`,
    );
  }
  return title;
}
