/**
 * An OpenAPI document as an admin hands it in — a JSON object, or JSON or YAML text — made ready for
 * the importer: bounded in size, parsed (YAML by js-yaml, which runs in workerd), checked to be
 * OpenAPI 3.0/3.1, and its internal `$ref`s resolved in place.
 *
 * Only references inside the document (`#/…`) are followed: resolving a URL or a file would let a
 * document make the gateway fetch what its author chooses (SSRF), so an external one is an error
 * that says to bundle the document. Recursive schemas keep their innermost `$ref` (the schema
 * cleaner turns it into a described free-form object); a chain of references that never reaches a
 * schema (`A → B → A`) is an error.
 */
import { load as loadYaml } from "js-yaml";

/** Largest document accepted (bytes of its text): GitHub's REST API, the largest we know, is 12.4 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** A document that cannot be imported; the message says why, for the admin. */
export class DocumentError extends Error {
  override name = "DocumentError";
}

/** A parsed, dereferenced OpenAPI document (loosely typed: it is input). */
export interface OasDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: Array<{ url: string }>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
}

/** Parses document text: JSON when it looks like JSON, else YAML. */
export function parseDocumentText(text: string): unknown {
  const size = new TextEncoder().encode(text).length;
  if (size > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(
      `the document is ${(size / 1024 / 1024).toFixed(1)} MiB; the most accepted is ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`,
    );
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new DocumentError(`the document is not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    // js-yaml's default schema reads plain YAML data only (no custom tags, no code).
    return loadYaml(text, { json: true });
  } catch (e) {
    const message = (e as { reason?: string; mark?: { line?: number; column?: number } }) ?? {};
    const where = message.mark?.line !== undefined ? ` at line ${message.mark.line + 1}` : "";
    throw new DocumentError(
      `the document is not valid YAML${where}: ${message.reason ?? (e as Error).message}`,
    );
  }
}

/** Checks that `value` is an OpenAPI 3.0/3.1 document and resolves its internal references. */
export function prepareDocument(value: unknown): OasDocument {
  if (!isObject(value)) throw new DocumentError("the document is not a JSON/YAML object");
  const version = value.openapi;
  if (typeof version !== "string" || !/^3\.[01]\./.test(version)) {
    throw new DocumentError(
      typeof value.swagger === "string"
        ? "Swagger 2.0 documents are not supported; convert it to OpenAPI 3 first"
        : "not an OpenAPI 3.0 or 3.1 document (no `openapi: 3.x.y` field)",
    );
  }
  if (!isObject(value.paths) || Object.keys(value.paths).length === 0) {
    throw new DocumentError("the document has no paths");
  }
  new Dereferencer(value).run();
  return value as unknown as OasDocument;
}

/** Marks a reference met again while its own target is being resolved (recursion). */
const RECURSIVE = Symbol("recursive");

class Dereferencer {
  private readonly resolved = new Map<string, unknown>();
  private readonly active = new Set<string>();
  private readonly walked = new WeakSet<object>();

  constructor(private readonly doc: Record<string, unknown>) {}

  run(): void {
    this.walk(this.doc.paths);
  }

  /** Replaces every `$ref` under `node` by its target, except recursive ones. */
  private walk(node: unknown): void {
    if (node === null || typeof node !== "object" || this.walked.has(node)) return;
    this.walked.add(node);
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (isRef(child)) {
        const target = this.target(child.$ref, []);
        if (target !== RECURSIVE) container[key] = target;
      } else this.walk(child);
    }
  }

  private target(ref: string, chain: string[]): unknown {
    const known = this.resolved.get(ref);
    if (known !== undefined) return known;
    if (this.active.has(ref)) return RECURSIVE;
    if (chain.includes(ref)) throw new DocumentError(`$ref cycle: ${[...chain, ref].join(" → ")}`);
    let node = this.pointer(ref);
    if (isRef(node)) {
      node = this.target(node.$ref, [...chain, ref]);
      if (node === RECURSIVE) throw new DocumentError(`$ref cycle: ${[...chain, ref].join(" → ")} → …`);
    } else {
      this.active.add(ref);
      this.walk(node);
      this.active.delete(ref);
    }
    this.resolved.set(ref, node);
    return node;
  }

  /** The node a local JSON pointer (RFC 6901) names. */
  private pointer(ref: string): unknown {
    if (!ref.startsWith("#")) {
      throw new DocumentError(
        `external $ref "${ref.slice(0, 200)}" is not supported: bundle the document into one file (e.g. \`redocly bundle\`)`,
      );
    }
    let node: unknown = this.doc;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) {
        throw new DocumentError(`$ref "${ref.slice(0, 200)}" points at nothing in the document`);
      }
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }
}

function isRef(v: unknown): v is { $ref: string } {
  return isObject(v) && typeof v.$ref === "string";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
