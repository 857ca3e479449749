/**
 * The 24 operations of Notion's API (2025-09-03) over the simulated workspace, one module per concern
 * under `routes/`. Handlers validate what Notion validates (required fields, ids, page sizes) and
 * throw {@link NotionError}s otherwise.
 */
import { NotionError } from "./http";
import { BLOCK_ROUTES } from "./routes/blocks";
import { COMMENT_ROUTES } from "./routes/comments";
import { DATA_SOURCE_ROUTES } from "./routes/data-sources";
import { PAGE_MARKDOWN_ROUTES } from "./routes/page-markdown";
import { PAGE_ROUTES } from "./routes/pages";
import { SEARCH_ROUTES } from "./routes/search";
import type { Handler, Route } from "./routes/shared";
import { USER_ROUTES } from "./routes/users";

export type { Call, Handler } from "./routes/shared";

/** The route table: method, path pattern under `/v1`, handler. */
export const ROUTES: readonly Route[] = [
  ...USER_ROUTES,
  ...SEARCH_ROUTES,
  ...BLOCK_ROUTES,
  ...PAGE_MARKDOWN_ROUTES,
  ...PAGE_ROUTES,
  ...COMMENT_ROUTES,
  ...DATA_SOURCE_ROUTES,
];

/** Finds the route of a request: the handler and its path parameters, or why none matches. */
export function route(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | NotionError {
  let pathKnown = false;
  for (const [m, pattern, handler] of ROUTES) {
    const names: string[] = [];
    const re = new RegExp(
      `^${pattern.replace(/\{([a-z_]+)\}/g, (_, n: string) => {
        names.push(n);
        return "([^/]+)";
      })}$`,
    );
    const match = re.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (m !== method) continue;
    return {
      handler,
      params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")])),
    };
  }
  return pathKnown
    ? new NotionError(405, "invalid_request", `Method ${method} is not supported on ${path}.`)
    : new NotionError(400, "invalid_request_url", "Invalid request URL.");
}
