/**
 * `tools/list` answers served from bytes prepared once per isolate, server config and request shape.
 * The SDK answers the first request of a shape, with a placeholder id; its response body is split
 * around that id and kept as bytes, and later requests of the same shape get those bytes with their
 * own id in between, without the SDK re-serializing the whole list. A shape is everything the SDK's
 * answer depends on besides the id: the integration version (its snapshot's hash) and config (the
 * tool set), the protocol headers it validates, and the params (cursor, `_meta`). Only 200 answers
 * are kept, so a request the SDK refuses is refused again. A snapshot never changes, so an entry
 * never goes stale: a publish changes the hash, and with it the key.
 */
import type { TokenRecord } from "../stores/records";

/** Request headers the SDK reads for a `tools/list` (anything else cannot change its answer). */
const SHAPE_HEADERS = [
  "accept",
  "content-type",
  "mcp-protocol-version",
  "mcp-method",
  "mcp-name",
  "mcp-session-id",
] as const;
/** Stands in for the request id while the SDK builds the template (a string no client sends). */
const PLACEHOLDER_ID = "edge-mcp:tools-list-template:6f1c2a";
const MARKER = `"id":${JSON.stringify(PLACEHOLDER_ID)}`;
/** Templates kept per isolate; a 42-tool list is ~100 KB, so this bounds the cache near 25 MB. */
const MAX_ENTRIES = 256;

interface Template {
  status: number;
  headers: Array<[string, string]>;
  before: Uint8Array;
  after: Uint8Array;
}

const templates = new Map<string, Template>();
const encoder = new TextEncoder();

/** The id of a single `tools/list` request, or undefined when `parsed` is anything else. */
export function toolsListId(parsed: unknown): string | number | undefined {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const m = parsed as { method?: unknown; id?: unknown };
  if (m.method !== "tools/list") return undefined;
  return typeof m.id === "string" || typeof m.id === "number" ? m.id : undefined;
}

/**
 * Answers a `tools/list` request (`toolsListId(parsed)` defined) from its template, building the
 * template through `dispatch` on the first request of its shape.
 */
export async function cachedToolsList(
  request: Request,
  record: TokenRecord,
  snapshotHash: string,
  parsed: { id: string | number; params?: unknown },
  dispatch: (parsedBody: unknown) => Promise<Response>,
): Promise<Response> {
  const key = shapeKey(request, record, snapshotHash, parsed.params);
  let template = templates.get(key);
  if (!template) {
    const response = await dispatch({ ...parsed, id: PLACEHOLDER_ID });
    const text = await response.text();
    const at = text.indexOf(MARKER);
    const once = at >= 0 && text.indexOf(MARKER, at + 1) < 0;
    if (response.status !== 200 || !once) {
      // Not reusable: answer this request as the SDK did, with its own id.
      const own = text.split(MARKER).join(`"id":${JSON.stringify(parsed.id)}`);
      return new Response(own, { status: response.status, headers: bodyHeaders(response.headers) });
    }
    template = {
      status: response.status,
      headers: bodyHeaders(response.headers),
      before: encoder.encode(`${text.slice(0, at)}"id":`),
      after: encoder.encode(text.slice(at + MARKER.length)),
    };
    if (templates.size >= MAX_ENTRIES) templates.clear();
    templates.set(key, template);
  }
  const id = encoder.encode(JSON.stringify(parsed.id));
  const body = new Uint8Array(template.before.length + id.length + template.after.length);
  body.set(template.before, 0);
  body.set(id, template.before.length);
  body.set(template.after, template.before.length + id.length);
  return new Response(body, { status: template.status, headers: template.headers });
}

function shapeKey(request: Request, record: TokenRecord, snapshotHash: string, params: unknown): string {
  return JSON.stringify([
    snapshotHash,
    record.config,
    SHAPE_HEADERS.map((h) => request.headers.get(h)),
    params ?? null,
  ]);
}

/** Response headers minus the body length (the id's length differs per request). */
function bodyHeaders(headers: Headers): Array<[string, string]> {
  return [...headers].filter(([k]) => k !== "content-length");
}
