/**
 * `/integrations`: integrations as live data (docs/admin-api.md#integrations). List and read them,
 * create a version from an OpenAPI document or from records, publish or roll back, edit one tool,
 * delete. Every change is a version or an event with who made it; nothing is live until published.
 */
import * as z from "zod";
import { now } from "../clock";
import { readBoundedText, readJsonBody, requireJsonContentType } from "../http/body";
import { HttpError } from "../http/errors";
import { DocumentError, ImportError, importDocument, MAX_DOCUMENT_BYTES } from "../integrations/import/index";
import { publishedSnapshot } from "../integrations/registry";
import { AnnotationOverrideSchema } from "../integrations/schema";
import { getReport, listEvents, listIntegrationRows, listVersions } from "../integrations/store";
import {
  createVersion,
  deleteIntegration,
  editTool,
  integrationOr404,
  publish,
  versionOr404,
} from "../integrations/versions";
import { listAccounts } from "../stores/accounts";
import { catalog } from "../tools/catalog";
import { authMethods } from "../upstream/auth/methods";
import { parseBody } from "./schemas";

/** One integration as `GET /integrations` lists it (also its OpenAPI schema). */
export const IntegrationInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  published_version: z.number().int().nullable(),
  updated_at: z.string(),
  credential: z
    .string()
    .nullable()
    .describe("The credentials field an account of it takes (null until published)"),
  instructions: z.string().nullable(),
  auth_methods: z
    .array(z.enum(["api_token", "oauth2"]))
    .describe("How its accounts can connect (empty until published)"),
  tools: z.number().int(),
  methods: z.array(z.string()),
  tags: z.array(z.string()),
});
export type IntegrationInfo = z.infer<typeof IntegrationInfoSchema>;

const NAME = z
  .string()
  .regex(/^[a-z][a-z0-9]*$/, "lowercase letters and digits, starting with a letter")
  .max(40);

/** `POST /integrations`: an OpenAPI document, or records in the registry format. */
export const CreateIntegrationBody = z
  .strictObject({
    name: NAME.optional().describe("Required with `openapi`; records carry their own name"),
    openapi: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .describe("An OpenAPI 3.0/3.1 document: a JSON object, or its JSON or YAML text"),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Refinements in the format of overrides.json"),
    records: z
      .object({ integration: z.unknown(), records: z.array(z.unknown()) })
      .optional()
      .describe("The registry format: {integration, records: [{file, record}]}"),
    publish: z.boolean().optional().describe("Publish the new version at once (default false)"),
  })
  .refine((b) => (b.openapi === undefined) !== (b.records === undefined), {
    message: "send exactly one of `openapi` and `records`",
  })
  .refine((b) => b.records !== undefined || b.name !== undefined, {
    message: "`name` is required with `openapi`",
  });

/** `POST /integrations/:name/publish` */
export const PublishBody = z.strictObject({
  version: z.number().int().positive(),
  expected_revision: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Refuse (409) unless the integration is still at this revision"),
});

/** `PATCH /integrations/:name/tools/:tool` */
export const EditToolBody = z
  .strictObject({
    description: z.string().min(20).max(10_000).optional(),
    notes: z.array(z.string().min(5).max(2_000)).max(20).optional(),
    annotations: AnnotationOverrideSchema.nullable()
      .optional()
      .describe("Hint overrides with a `reason` (required); null removes them"),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message: "change at least one of description, notes, annotations",
  });

/**
 * Largest `POST /integrations` body read: above it, 413. Between the largest document (plus room for
 * overrides) and this, a 400 says the document is too large, before anything is parsed.
 */
const MAX_IMPORT_BODY_BYTES = 32 * 1024 * 1024;
const MAX_PARSED_BODY_CHARS = MAX_DOCUMENT_BYTES + 1024 * 1024;

/** `GET /integrations` */
export async function listIntegrationsHandler(env: Env): Promise<Response> {
  const rows = await listIntegrationRows(env);
  const t = now();
  const result: IntegrationInfo[] = await Promise.all(
    rows.map(async (row) => {
      const snapshot = row.published_version === null ? null : await publishedSnapshot(env, row.name, t);
      const c = snapshot ? catalog(snapshot) : null;
      return {
        name: row.name,
        title: snapshot?.integration.title ?? row.title,
        published_version: row.published_version,
        updated_at: new Date(row.updated_at).toISOString(),
        credential: snapshot?.integration.auth.credential ?? null,
        instructions: snapshot?.integration.auth.instructions ?? null,
        auth_methods: snapshot ? authMethods(snapshot.integration).map((m) => m.type) : [],
        tools: c?.tools.length ?? 0,
        methods: [...(c?.methods ?? [])].sort(),
        tags: [...(c?.tags ?? [])].sort(),
      };
    }),
  );
  return Response.json({ result, next_cursor: null });
}

/** `GET /integrations/:name` — versions (newest first), which one is live, and the latest changes. */
export async function getIntegrationHandler(env: Env, name: string): Promise<Response> {
  const row = await integrationOr404(env, name);
  const [versions, events] = await Promise.all([listVersions(env, name), listEvents(env, name)]);
  return Response.json({
    name: row.name,
    title: row.title,
    published_version: row.published_version,
    revision: row.revision,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    versions: versions.map((v) => ({ ...v, created_at: iso(v.created_at) })),
    events: events.map((e) => ({ ...e, at: iso(e.at) })),
  });
}

/** `GET /integrations/:name/versions/:version` — one version with its report, diff and footprint. */
export async function getVersionHandler(env: Env, name: string, version: string): Promise<Response> {
  const row = await versionOr404(env, name, version);
  return Response.json({
    ...row,
    created_at: iso(row.created_at),
    details: await getReport(env, name, row.version),
  });
}

/**
 * `POST /integrations` → 201 with the new version (200 when the content equals the newest version).
 * A document that cannot be imported, or records that fail the format, answer 400 naming each
 * problem; nothing is stored then.
 */
export async function createIntegrationHandler(request: Request, env: Env, actor: string): Promise<Response> {
  requireJsonContentType(request);
  let text: string;
  try {
    text = await readBoundedText(request, MAX_IMPORT_BODY_BYTES);
  } catch (e) {
    if (e instanceof HttpError && e.status === 413) throw tooLarge(413, MAX_IMPORT_BODY_BYTES);
    throw e;
  }
  if (text.length > MAX_PARSED_BODY_CHARS) throw tooLarge(400, text.length);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  const body = parseBody(CreateIntegrationBody, json);
  const t = now();
  let raw: unknown = body.records;
  let report: unknown = null;
  let source: "registry" | "openapi" = "registry";
  if (body.openapi !== undefined) {
    source = "openapi";
    const imported = importOrThrow(body.openapi, body.name ?? "", body.overrides);
    raw = {
      integration: imported.integration,
      records: [...imported.records].map(([file, record]) => ({ file, record })),
    };
    report = {
      notes: imported.integrationNotes,
      operations: imported.report,
      unused_overrides: imported.unusedOverrides,
    };
  }
  if (body.name && body.records && (body.records.integration as { name?: unknown })?.name !== body.name) {
    throw new HttpError(400, "invalid_request", "`name` differs from records.integration.name", {
      field: "name",
    });
  }
  const created = await createVersion(env, raw, { source, actor, report }, t);
  let published = created.published_version;
  if (body.publish && published !== created.version) {
    published = (await publish(env, created.name, created.version, actor, t)).row.published_version;
  }
  return Response.json({ ...created, published_version: published }, { status: created.created ? 201 : 200 });
}

function tooLarge(status: 400 | 413, size: number): HttpError {
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new HttpError(
    status,
    status === 413 ? "payload_too_large" : "invalid_document",
    `The body is ${status === 413 ? "over " : ""}${mib(size)} MiB; an OpenAPI document may be at most ${mib(MAX_DOCUMENT_BYTES)} MiB`,
  );
}

function importOrThrow(document: unknown, name: string, overrides: unknown) {
  try {
    return importDocument(document, name, overrides);
  } catch (e) {
    if (e instanceof DocumentError) throw new HttpError(400, "invalid_document", e.message);
    if (e instanceof ImportError) {
      throw new HttpError(400, "invalid_document", e.message, { issues: e.issues.slice(0, 100) });
    }
    if (e instanceof Error && e.message.startsWith("overrides:")) {
      throw new HttpError(400, "invalid_overrides", e.message, { field: "overrides" });
    }
    throw e;
  }
}

/** `POST /integrations/:name/publish` `{version}` — make a version live (an older one: the rollback). */
export async function publishHandler(
  request: Request,
  env: Env,
  name: string,
  actor: string,
): Promise<Response> {
  const body = parseBody(PublishBody, await readJsonBody(request));
  const { row, previous } = await publish(env, name, body.version, actor, now(), body.expected_revision);
  return Response.json({
    name: row.name,
    published_version: row.published_version,
    previous_version: previous,
    revision: row.revision,
  });
}

/** `PATCH /integrations/:name/tools/:tool` → 201 with the new draft version and its diff. */
export async function editToolHandler(
  request: Request,
  env: Env,
  name: string,
  tool: string,
  actor: string,
): Promise<Response> {
  const body = parseBody(EditToolBody, await readJsonBody(request));
  const created = await editTool(env, name, tool, body, actor, now());
  return Response.json(created, { status: created.created ? 201 : 200 });
}

/** `DELETE /integrations/:name` — refused with 409 while an account uses it. */
export async function deleteIntegrationHandler(env: Env, name: string, actor: string): Promise<Response> {
  await integrationOr404(env, name);
  const users = await accountsOf(env, name);
  if (users.length > 0) {
    throw new HttpError(
      409,
      "integration_in_use",
      `${users.length} integrated account(s) use "${name}"; delete them first`,
      { accounts: users.slice(0, 20) },
    );
  }
  await deleteIntegration(env, name, actor, now());
  return new Response(null, { status: 204 });
}

/** Ids of the accounts of an integration (a scan: accounts are few, and deletes are rare). */
async function accountsOf(env: Env, name: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAccounts(env, cursor, 1000);
    for (const a of page.items) if (a.integration === name) ids.push(a.id);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
