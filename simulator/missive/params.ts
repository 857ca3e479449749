/**
 * Reading query strings and JSON bodies. Validators throw {@link HttpError}s (400) with messages that
 * name the offending field, so a model reading the error can correct its call.
 */
import { badRequest } from "./http";

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Splits a `:id1,:id2` path segment into ids, dropping empty parts. */
export function splitIds(segment: string): string[] {
  return segment
    .split(",")
    .map((s) => decodeURIComponent(s).trim())
    .filter((s) => s.length > 0);
}

/** A query flag: `true`/`1` means set, anything else (or absence) means not set. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === "true" || v === "1";
}

/** A non-empty query value or undefined. */
export function queryString(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v === "" ? undefined : v;
}

/** An integer query value or undefined; a non-integer is a 400. */
export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const v = queryString(query, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`'${name}' must be an integer`);
  return Number(v);
}

/** The object under `body[key]` (Missive's singular envelope); anything else is a 400. */
export function envelopeObject(body: unknown, key: string): JsonObject {
  const value = isRecord(body) ? body[key] : undefined;
  if (!isRecord(value)) throw badRequest(`param is missing or the value is empty: ${key}`);
  return value;
}

/** The array of objects under `body[key]` (Missive's plural envelope); anything else is a 400. */
export function envelopeArray(body: unknown, key: string): JsonObject[] {
  const value = isRecord(body) ? body[key] : undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest(`param is missing or the value is empty: ${key}`);
  }
  if (!value.every(isRecord)) throw badRequest(`Each item of '${key}' must be an object`);
  return value;
}

/**
 * Pairs the ids of a batch path with the body objects: one object per id, each carrying its own `id`.
 * Any mismatch answers the live message Missive gives for an object body on `PATCH /responses`.
 */
export function batchItems(body: unknown, key: string, ids: string[]): Map<string, JsonObject> {
  const value = isRecord(body) ? body[key] : undefined;
  if (!Array.isArray(value) || !value.every(isRecord)) throw badRequest("Invalid resource ID(s)");
  const byId = new Map<string, JsonObject>();
  for (const item of value) {
    const id = item.id;
    if (typeof id !== "string" || !ids.includes(id) || byId.has(id))
      throw badRequest("Invalid resource ID(s)");
    byId.set(id, item);
  }
  if (byId.size !== ids.length || new Set(ids).size !== ids.length)
    throw badRequest("Invalid resource ID(s)");
  return byId;
}

/** An optional string field; a non-string is a 400. */
export function optString(obj: JsonObject, field: string): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest(`'${field}' must be a string`);
  return v;
}

/** A required non-empty string field. */
export function reqString(obj: JsonObject, field: string): string {
  const v = optString(obj, field);
  if (v === undefined || v === "") throw badRequest(`'${field}' is required`);
  return v;
}

/** An optional boolean field; a non-boolean is a 400. */
export function optBool(obj: JsonObject, field: string): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badRequest(`'${field}' must be a boolean`);
  return v;
}

/** An optional integer field (unix seconds and the like); anything else is a 400. */
export function optInt(obj: JsonObject, field: string): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw badRequest(`'${field}' must be an integer`);
  return v;
}

/** An optional array of strings (ids); anything else is a 400. */
export function optStringArray(obj: JsonObject, field: string): string[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) {
    throw badRequest(`'${field}' must be an array of strings`);
  }
  return v;
}

/** An optional array of objects; anything else is a 400. */
export function optObjectArray(obj: JsonObject, field: string): JsonObject[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every(isRecord)) throw badRequest(`'${field}' must be an array of objects`);
  return v;
}

/** Rejects a string longer than `max` characters. */
export function maxLength(value: string | undefined, field: string, max: number): void {
  if (value !== undefined && value.length > max) {
    throw badRequest(`'${field}' is too long (maximum is ${max} characters)`);
  }
}

/** Removes the chevrons of an RFC 5322 message id, since Missive treats them as optional. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^</, "").replace(/>$/, "").toLowerCase();
}
