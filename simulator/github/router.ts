/**
 * The route table (every operation the simulator implements, with GitHub's exact paths) and the
 * matcher. GitHub answers 404 `Not Found` both for unknown paths and for a known path with a method
 * it does not serve, so the matcher has no 405.
 */
import { COMMENT_ROUTES } from "./routes/comments.js";
import { ISSUE_ROUTES } from "./routes/issues.js";
import { PULL_ROUTES } from "./routes/pulls.js";
import { REPO_ROUTES } from "./routes/repos.js";
import { SEARCH_ROUTES } from "./routes/search.js";
import type { Route } from "./routes/shared.js";
import { type RateLimitReader, userRoutes } from "./routes/users.js";

export type { Call, Handler, Route } from "./routes/shared.js";

/** Builds the route table; `rates` serves `GET /rate_limit`. */
export function buildRoutes(rates: RateLimitReader): Route[] {
  return [
    ...userRoutes(rates),
    ...REPO_ROUTES,
    ...ISSUE_ROUTES,
    ...COMMENT_ROUTES,
    ...PULL_ROUTES,
    ...SEARCH_ROUTES,
  ];
}

/** The operations the simulator implements: method, OpenAPI path template and operationId. */
export const GITHUB_OPERATIONS: ReadonlyArray<{ method: string; path: string; operationId: string }> =
  buildRoutes(() => ({ core: {}, search: {} })).map(({ method, path, operationId }) => ({
    method,
    path,
    operationId,
  }));

const compiled = new WeakMap<Route, { re: RegExp; names: string[] }>();

function pattern(route: Route): { re: RegExp; names: string[] } {
  let c = compiled.get(route);
  if (!c) {
    const names: string[] = [];
    const source = route.path.replace(/\{([a-z_]+)\}/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    });
    c = { re: new RegExp(`^${source}/?$`), names };
    compiled.set(route, c);
  }
  return c;
}

/** The route of `method path` and its decoded path parameters, or undefined (GitHub's 404). */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const { re, names } = pattern(route);
    const m = re.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
    return { route, params };
  }
  return undefined;
}
