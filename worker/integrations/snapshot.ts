/**
 * An integration version's content and its immutable, content-hashed snapshot.
 *
 * The content is what every path produces (the shipped seed, an OpenAPI import, an edit): the
 * integration description plus one record per endpoint, validated here before anything is stored.
 * A snapshot is that content under its SHA-256: two versions with the same content share one
 * snapshot, and everything derived from it (tools, the search index, prepared `tools/list` answers)
 * is cached on the snapshot object, so a publish can never serve a stale derivative.
 */
import * as z from "zod";
import { sha256Hex } from "../security/crypto";
import {
  type EndpointRecord,
  EndpointRecordSchema,
  type Integration,
  IntegrationSchema,
  type RecordHead,
} from "./schema";

/**
 * The content format stored under a snapshot's hash; bumped when the layout changes. Format 2 is a
 * header line (the integration and each record's {@link RecordHead}) followed by one line per record,
 * so a reader parses a record only when its tool is used; format 1 (one JSON document) is still read.
 */
export const CONTENT_FORMAT = 2;

/** One endpoint record with the name it is known by (its file in the seed, its key in an import). */
export interface NamedRecord {
  file: string;
  record: EndpointRecord;
  /** The record's head, where it can be read without the record (a stored snapshot parses records on first use). */
  head?: RecordHead;
}

/** An integration version's validated content. */
export interface IntegrationContent {
  integration: Integration;
  records: readonly NamedRecord[];
}

/** A content-hashed, immutable version of an integration. */
export interface Snapshot extends IntegrationContent {
  /** SHA-256 (hex) of the stored content; the snapshot's identity. */
  readonly hash: string;
}

/** Content that fails the record format; `issues` lists every problem with its place. */
export class ContentError extends Error {
  override name = "ContentError";
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
  }
}

/** Most records one integration may have (a tool surface, not a data set). */
export const MAX_RECORDS = 2_000;

const RawContent = z.object({
  integration: z.unknown(),
  records: z.array(z.object({ file: z.string().min(1).max(200), record: z.unknown() })).max(MAX_RECORDS),
});

/**
 * Validates raw content (the registry format: `{integration, records: [{file, record}]}`), every
 * record against the record format and the integration's resources. Throws {@link ContentError}
 * naming each problem; nothing partial is returned.
 */
export function validateContent(raw: unknown): IntegrationContent {
  const shape = RawContent.safeParse(raw);
  if (!shape.success) throw new ContentError("content is not {integration, records}", issuesOf(shape.error));
  const integration = IntegrationSchema.safeParse(shape.data.integration);
  if (!integration.success) {
    throw new ContentError(
      "invalid integration description",
      issuesOf(integration.error).map((i) => `integration.${i}`),
    );
  }
  const issues: string[] = [];
  const files = new Set<string>();
  const records: NamedRecord[] = [];
  for (const { file, record } of shape.data.records) {
    if (files.has(file)) issues.push(`${file}: named twice`);
    files.add(file);
    const parsed = EndpointRecordSchema.safeParse(record);
    if (!parsed.success) {
      issues.push(...issuesOf(parsed.error).map((i) => `${file}: ${i}`));
      continue;
    }
    if (!(parsed.data.resource in integration.data.resources)) {
      issues.push(`${file}: unknown resource ${parsed.data.resource}`);
      continue;
    }
    records.push({ file, record: parsed.data });
  }
  if (issues.length > 0) throw new ContentError(`${issues.length} invalid record(s)`, issues);
  return { integration: integration.data, records };
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}

/**
 * The stored form of content (format 2): canonical JSON, so equal content always hashes the same. A
 * record's JSON never holds a raw line break (JSON.stringify escapes them), so one line per record.
 */
export function serializeContent(content: IntegrationContent): string {
  const header = JSON.stringify({
    format: CONTENT_FORMAT,
    integration: content.integration,
    records: content.records.map(({ file, record }) => ({ file, head: headOf(record) })),
  });
  return [header, ...content.records.map(({ record }) => JSON.stringify(record))].join("\n");
}

function headOf(r: RecordHead): RecordHead {
  const { resource, method, name_suffix, http, access, tags } = r;
  return { resource, method, name_suffix, http: { method: http.method, path: http.path }, access, tags };
}

/** A snapshot of validated content (hashing its stored form). */
export async function snapshotOf(content: IntegrationContent): Promise<{ snapshot: Snapshot; text: string }> {
  const text = serializeContent(content);
  return { snapshot: { ...content, hash: await sha256Hex(text) }, text };
}

/**
 * A stored header (format 2), or a whole format-1 document. What it lists was validated with its
 * records when the version was created; the hash proves it is that content.
 */
const StoredHeader = z.object({
  format: z.union([z.literal(1), z.literal(CONTENT_FORMAT)]),
  integration: z.object({ name: z.string() }).passthrough(),
  records: z.array(z.unknown()),
});

/**
 * Reads a stored snapshot back. Its content was validated in full (every record, with zod) when its
 * version was created, and it is stored under its SHA-256: the read checks that hash (a value that
 * is not byte for byte what was validated fails loudly) and the layout, not every field again, and
 * parses a record only when something first reads it. That keeps an isolate's first use of a
 * 1,000-tool integration cheap: re-validation was a third of it, parsing every record another.
 */
export async function readSnapshot(hash: string, text: string): Promise<Snapshot> {
  const actual = await sha256Hex(text);
  if (actual !== hash) throw new Error(`snapshot ${hash.slice(0, 12)} does not match its content`);
  const lines = text.split("\n");
  const header = StoredHeader.parse(JSON.parse(lines[0] as string));
  const integration = header.integration as unknown as Integration;
  if (header.format === 1) {
    return { hash, integration, records: header.records as NamedRecord[] };
  }
  if (lines.length !== header.records.length + 1) {
    throw new Error(
      `snapshot ${hash.slice(0, 12)} lists ${header.records.length} records but holds ${lines.length - 1}`,
    );
  }
  return {
    hash,
    integration,
    records: (header.records as { file: string; head: RecordHead }[]).map(({ file, head }, i) =>
      lazyRecord(file, head, lines[i + 1] as string),
    ),
  };
}

/** A stored record, parsed on first read of `record` (then kept). */
function lazyRecord(file: string, head: RecordHead, line: string): NamedRecord {
  let record: EndpointRecord | undefined;
  return {
    file,
    head,
    get record() {
      record ??= JSON.parse(line) as EndpointRecord;
      return record;
    },
  };
}
