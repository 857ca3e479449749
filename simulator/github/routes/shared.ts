/**
 * What every route handler receives and the helpers they share: reading and checking bodies,
 * answering lists with GitHub's pagination.
 */
import { GithubError, isObject, json } from "../http.js";
import type { Account, GithubData, Repo } from "../model.js";
import { paginate } from "../pagination.js";
import type { RateResource } from "../rate-limit.js";
import type { ViewContext } from "../views/users.js";
import { visibleRepo } from "../visibility.js";

/** One request, as a handler sees it. */
export interface Call {
  method: string;
  data: GithubData;
  /** The token's user. */
  user: Account;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  view: ViewContext;
  /** The simulator's clock, epoch milliseconds. */
  now: number;
  /** The route's documentation page, for error bodies. */
  docs: string;
}

/** A route handler. */
export type Handler = (call: Call) => Response;

/** One operation of GitHub's REST API. */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The path template exactly as GitHub's OpenAPI document writes it. */
  path: string;
  /** The operation's `operationId` in GitHub's OpenAPI document. */
  operationId: string;
  /** The operation's documentation page (GitHub puts it in error bodies). */
  docs: string;
  resource: RateResource;
  /** Answered without counting against any limit (`GET /rate_limit`, as on GitHub). */
  free?: boolean;
  handler: Handler;
}

/** Answers one page of `items`, rendered by `render`, with GitHub's `Link` header. */
export function listResponse<T>(call: Call, items: readonly T[], render: (item: T) => unknown): Response {
  const page = paginate(items, call.url);
  return json(page.items.map(render), 200, page.headers);
}

/** The body as an object, or GitHub's 400 for a body that is not one. */
export function objectBody(call: Call): Record<string, unknown> {
  if (call.body === undefined) return {};
  if (!isObject(call.body)) throw new GithubError(400, "Body should be a JSON object", call.docs);
  return call.body;
}

/** GitHub's 422 for a body that breaks the operation's JSON schema. */
export function invalidRequest(call: Call, detail: string): GithubError {
  return new GithubError(422, `Invalid request.\n\n${detail}`, call.docs);
}

/** GitHub's 403 for writes to an archived repository. */
export function archived(call: Call): GithubError {
  return new GithubError(403, "Repository was archived so is read-only.", call.docs);
}

/** Compares two values for a sort, `direction` `asc` or `desc`. */
export function compare(a: number | string, b: number | string, direction: string): number {
  const order = a < b ? -1 : a > b ? 1 : 0;
  return direction === "asc" ? order : -order;
}

/** A query timestamp (`since`, `before`) in epoch ms, or GitHub's 422 when it is not ISO 8601. */
export function queryTime(call: Call, name: string, resource: string): number | undefined {
  const raw = call.query.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw new GithubError(422, "Validation Failed", call.docs, [
      { resource, field: name, code: "invalid", message: `Invalid ${name}: ${raw}` },
    ]);
  }
  return ms;
}

/** The repository of the call's `owner`/`repo` if the token's user may see it, or GitHub's 404. */
export function callRepo(call: Call): Repo {
  return visibleRepo(call.data, call.user, call.params.owner ?? "", call.params.repo ?? "", call.docs);
}
