/**
 * Responses in Notion's shapes: every error is `{"object":"error","status","code","message"}`, every
 * list `{"object":"list","results","next_cursor","has_more","type",…}`.
 */

/** A failure a handler throws; turned into Notion's error envelope. */
export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Notion's error envelope. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    { object: "error", status, code, message, request_id: "00000000-0000-4000-8000-000000000000" },
    status,
    headers,
  );
}

/** A 400 `validation_error` naming the offending field. */
export function invalid(message: string): NotionError {
  return new NotionError(400, "validation_error", message);
}

/** The 404 Notion answers for unknown ids and for objects not shared with the integration. */
export function notFound(kind: string, id: string): NotionError {
  return new NotionError(
    404,
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

/**
 * One page of `items` after `start_cursor`, `page_size` 1–100 (default 100). Cursors are opaque
 * strings as in Notion (here: the position, encoded); a cursor this list did not issue is a
 * validation error, as in Notion.
 */
export function paginate<T>(
  items: readonly T[],
  startCursor: unknown,
  pageSize: unknown,
): { results: T[]; next_cursor: string | null; has_more: boolean } {
  const size = pageSize === undefined || pageSize === null ? 100 : Number(pageSize);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw invalid(
      `body failed validation: page_size should be a number between 1 and 100, instead was \`${String(pageSize)}\`.`,
    );
  }
  let from = 0;
  if (startCursor !== undefined && startCursor !== null && startCursor !== "") {
    const m = /^cur_(\d+)_([0-9a-f]{8})$/.exec(String(startCursor));
    from = m ? Number(m[1]) : -1;
    if (!m || m[2] !== checksum(from, items.length) || from > items.length) {
      throw invalid(`start_cursor provided is invalid: ${String(startCursor)}`);
    }
  }
  const results = items.slice(from, from + size);
  const has_more = from + size < items.length;
  return {
    results,
    next_cursor: has_more ? `cur_${from + size}_${checksum(from + size, items.length)}` : null,
    has_more,
  };
}

/** Binds a cursor to its list's length, so a cursor of another list is usually refused. */
function checksum(pos: number, length: number): string {
  return ((pos * 2654435761 + length * 40503) >>> 0).toString(16).padStart(8, "0");
}
