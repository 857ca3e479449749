/** `?limit=&cursor=` of admin list endpoints. */
import { HttpError } from "../http/errors";

/** Parses list paging; limit defaults to 50, at most 100. */
export function pageParams(url: URL): { limit: number; cursor: string | undefined } {
  const raw = url.searchParams.get("limit");
  const limit = raw === null ? 50 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new HttpError(400, "invalid_request", "limit must be an integer from 1 to 100", { field: "limit" });
  }
  return { limit, cursor: url.searchParams.get("cursor") || undefined };
}

/** The list envelope of the admin API. */
export function listResponse(items: unknown[], next_cursor: string | null): Response {
  return Response.json({ result: items, next_cursor });
}
