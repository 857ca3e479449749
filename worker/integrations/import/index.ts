/**
 * The one entry of the importer, shared by the admin API (`POST /integrations`) and the CLI
 * (`npm run import:openapi`): a document (a parsed object, or JSON/YAML text) and optional overrides
 * → the draft integration and its report. Worker-safe (no Node APIs).
 */
import { parseDocumentText, prepareDocument } from "./document";
import { type ImportResult, importOpenApi } from "./openapi";
import { parseOverrides } from "./overrides";

export { DocumentError, MAX_DOCUMENT_BYTES } from "./document";
export { ImportError, type ImportResult, MAX_OPERATIONS, type ReportEntry } from "./openapi";

/** Imports `document` as integration `name` with `overrides` (the `overrides.json` format). */
export function importDocument(document: unknown, name: string, overrides?: unknown): ImportResult {
  const parsed = typeof document === "string" ? parseDocumentText(document) : document;
  return importOpenApi(prepareDocument(parsed), name, parseOverrides(overrides));
}
