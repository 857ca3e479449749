/**
 * The importer's core: an OpenAPI 3.0/3.1 document (dereferenced by @apidevtools/swagger-parser) and
 * an integration's overrides → `integration.json` and one validated record per operation, with a
 * per-operation report of what could not be inferred. No file I/O besides reading the spec.
 */

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { EndpointRecordSchema, IntegrationSchema } from "../../docs-registry/schema.ts";
import { mapOperation, type OasOperation, singular, tagOf } from "./map-operation.ts";
import { deepMerge, type Overrides } from "./overrides.ts";

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The engine's tool naming (worker/tools/naming.ts), so the importer refuses names the engine would. */
type ToolName = (
  integration: string,
  resource: { name: string; singular: string },
  record: { method: string; name_suffix?: string | undefined; http: { path: string } },
) => string;
// Loaded at run time: worker code uses bundler-style imports the node type-check does not follow.
const { toolName } = (await import(new URL("../../worker/tools/naming.ts", import.meta.url).href)) as {
  toolName: ToolName;
};

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

/** A spec given as a file path, or as an npm package path resolved from node_modules. */
export function resolveSpecPath(spec: string, cwd = process.cwd()): string {
  const asFile = resolve(cwd, spec);
  if (existsSync(asFile)) return asFile;
  const req = createRequire(resolve(cwd, "package.json"));
  try {
    return req.resolve(spec);
  } catch {
    const nm = resolve(cwd, "node_modules", spec);
    if (existsSync(nm)) return nm;
    throw new Error(`spec not found: ${spec} (neither a file nor a path inside an installed npm package)`);
  }
}

/** Imports `specPath` as integration `name`. Throws when the output fails the registry checks. */
export async function importOpenApi(
  specPath: string,
  name: string,
  overrides: Overrides,
): Promise<ImportResult> {
  // `circular: "ignore"` keeps recursive schemas as $ref objects (no cycles); cleanSchema replaces them.
  const doc = (await SwaggerParser.dereference(specPath, {
    dereference: { circular: "ignore" },
  })) as unknown as {
    info?: { title?: string };
    servers?: Array<{ url: string }>;
    paths?: Record<string, Record<string, unknown>>;
    components?: { securitySchemes?: Record<string, { type?: string; scheme?: string }> };
  };
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
      for (const h of mapped.headers) {
        const seen = headerSeen.get(h.name) ?? { count: 0 };
        headerSeen.set(h.name, { count: seen.count + 1, default: seen.default ?? h.default });
      }
      const { skip: _skip, ...patch } = over ?? {};
      const record = deepMerge(mapped.record, patch) as Record<string, unknown>;
      const resource = String(record.resource);
      const file = `${resource}.${String(record.method)}${record.name_suffix ? `.${String(record.name_suffix)}` : ""}.json`;
      if (records.has(file)) {
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

  const security = Object.values(doc.components?.securitySchemes ?? {});
  if (!security.some((s) => s.type === "http" && s.scheme?.toLowerCase() === "bearer")) {
    integrationNotes.push("auth: no HTTP bearer scheme in the spec; bearer assumed");
  }
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
  const title = (doc.info?.title ?? name).replace(/\s+(REST\s+)?API$/i, "").trim();
  const server = doc.servers?.[0]?.url ?? "";
  if (!/^https?:\/\//.test(server)) integrationNotes.push("base URL: no absolute server URL in the spec");
  const generatedIntegration = {
    name,
    title,
    base_url: `${server.replace(/\/+$/, "")}${prefix}` || "https://example.invalid",
    base_url_var: `${name.toUpperCase()}_BASE_URL`,
    auth: {
      type: "bearer",
      credential: "api_token",
      instructions: `Create an API token in ${title} and paste it as credentials.api_token.`,
    },
    static_headers,
    rate_limit_headers: { retry_after: "retry-after" },
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
  if (!parsedIntegration.success) throw new Error(`integration.json: ${parsedIntegration.error.message}`);
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
    if (entry) {
      entry.file = null;
      entry.notes.push(`skipped: fails the registry checks (${problem})`);
    }
  }

  const unusedOverrides = Object.keys(overrides.operations).filter((k) => !usedOverrides.has(k));
  integrationNotes.unshift(`${operations} operations, ${records.size} records`);
  return { integration, records, report, integrationNotes, unusedOverrides };
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

/** The literal leading segments every path shares (`/v1`), never a placeholder. */
function commonPrefix(paths: string[]): string {
  if (paths.length === 0) return "";
  const split = paths.map((p) => p.split("/").filter(Boolean));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const seg = split[0]?.[i];
    if (!seg || seg.startsWith("{") || !split.every((s) => s[i] === seg && s.length > i + 1)) break;
    out.push(seg);
  }
  return out.length ? `/${out.join("/")}` : "";
}
