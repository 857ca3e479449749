/**
 * The Notion simulator: a deterministic, in-memory imitation of Notion's REST API (version
 * 2025-09-03) for local development and tests, in the style of the Missive one. It checks the bearer
 * token (401), the `Notion-Version` header (400 `missing_version`), ids (404 `object_not_found`),
 * bodies and page sizes (400 `validation_error`), and rate limits (429 `rate_limited` with
 * `Retry-After`); control endpoints under `/__simulator/` read the request log, reset the data and
 * inject failures (e.g. 503/529 overload answers).
 */
import type { OAuthProvider } from "../oauth/provider";
import { createRng } from "../prng";
import { route } from "./handlers";
import { errorResponse, json, NotionError } from "./http";
import { NOTION_SEED, seedWorkspace, type Workspace } from "./model";
import { notionOAuthProvider } from "./oauth";

export type { NotionObject, Workspace } from "./model";
export { NOTION_SEED } from "./model";
export { NOTION_OAUTH_APP } from "./oauth";

/** The token of the seeded integration (its bot user is `GET /v1/users/me`). */
export const NOTION_TOKEN = "ntn_simulator";

/** One request as the simulator received it. */
export interface NotionRequest {
  method: string;
  /** Path below `/v1`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

/** Options of a simulator instance. */
export interface NotionSimulatorOptions {
  seed?: number;
  /** Requests per token per minute before 429s (Notion averages 3 per second). */
  rateLimitPerMinute?: number;
}

/** A running simulator. */
export interface NotionSimulator {
  fetch(request: Request): Promise<Response>;
  /** The live workspace (tests read ground truth here). */
  readonly data: Workspace;
  /** Every API request handled, oldest first. */
  readonly requests: readonly NotionRequest[];
  /** Answers the next `count` API requests with `status` (e.g. 503, 529, 429). */
  failNext(status: number, count?: number, retryAfterSeconds?: number): void;
  /** The OAuth provider side (public connections; see oauth.ts). */
  readonly oauth: OAuthProvider;
  reset(): void;
}

/** Creates a simulator. */
export function createNotionSimulator(options: NotionSimulatorOptions = {}): NotionSimulator {
  const seed = options.seed ?? NOTION_SEED;
  const limit = options.rateLimitPerMinute ?? 180;
  let ws = seedWorkspace(seed);
  let rng = createRng(seed + 1);
  let log: NotionRequest[] = [];
  let failures: Array<{ status: number; retryAfter: number | undefined }> = [];
  const windows = new Map<string, { start: number; count: number }>();
  const oauth = notionOAuthProvider();

  const failNext = (status: number, count = 1, retryAfter?: number) => {
    for (let i = 0; i < count; i++) failures.push({ status, retryAfter });
  };
  const reset = () => {
    ws = seedWorkspace(seed);
    rng = createRng(seed + 1);
    log = [];
    failures = [];
    windows.clear();
    oauth.reset();
  };

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__simulator/")) return control(url, request);
    // Readiness probe of the local stack (scripts/lib/dev-stack.ts); not part of Notion's API.
    if (url.pathname === "/health") return json({ status: "ok", simulator: "notion" });
    if (oauth.handles(url)) return oauth.fetch(request);
    const headers = Object.fromEntries(request.headers);
    const text = request.method === "GET" || request.method === "DELETE" ? "" : await request.text();
    const entry: NotionRequest = {
      method: request.method,
      path: url.pathname.replace(/^\/v1/, ""),
      query: Object.fromEntries(url.searchParams),
      headers,
      body: undefined,
      status: 0,
    };
    log.push(entry);
    const res = await answer(url, request, text, entry);
    entry.status = res.status;
    return res;
  }

  async function answer(url: URL, request: Request, text: string, entry: NotionRequest): Promise<Response> {
    const auth = request.headers.get("authorization") ?? "";
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1] ?? "";
    if (bearer !== NOTION_TOKEN && typeof oauth.lookup(bearer) !== "object")
      return errorResponse(401, "unauthorized", "API token is invalid.");
    const now = Date.now();
    const w = windows.get(NOTION_TOKEN);
    if (!w || now - w.start >= 60_000) windows.set(NOTION_TOKEN, { start: now, count: 1 });
    else if (++w.count > limit) {
      const wait = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
      return errorResponse(
        429,
        "rate_limited",
        "You have been rate limited. Please try again in a few minutes.",
        {
          "retry-after": String(wait),
        },
      );
    }
    const failure = failures.shift();
    if (failure) return injected(failure.status, failure.retryAfter);
    if (!request.headers.get("notion-version")) {
      return errorResponse(
        400,
        "missing_version",
        "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
      );
    }
    if (!url.pathname.startsWith("/v1/"))
      return errorResponse(400, "invalid_request_url", "Invalid request URL.");
    let body: Record<string, unknown> = {};
    if (text.trim() !== "") {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
          throw new Error("not an object");
        body = parsed as Record<string, unknown>;
      } catch {
        return errorResponse(400, "invalid_json", "Error parsing JSON body.");
      }
    }
    entry.body = text === "" ? undefined : body;
    const found = route(request.method, entry.path);
    if (found instanceof NotionError) return errorResponse(found.status, found.code, found.message);
    try {
      return found.handler({
        ws,
        params: found.params,
        query: url.searchParams,
        body,
        now: () => new Date().toISOString().replace(/\.\d{3}Z$/, ".000Z"),
        newId: () => rng.uuid(),
      });
    } catch (e) {
      if (e instanceof NotionError) return errorResponse(e.status, e.code, e.message);
      throw e;
    }
  }

  function control(url: URL, request: Request): Response | Promise<Response> {
    const what = url.pathname.slice("/__simulator/".length);
    const provider = oauth.control(what, request.method);
    if (provider) return provider;
    if (what === "requests") return json({ requests: log });
    if (what === "reset" && request.method === "POST") {
      reset();
      return json({ ok: true });
    }
    if (what === "fail" && request.method === "POST") {
      return request.json().then((b) => {
        const { status, count, retry_after } = (b ?? {}) as {
          status?: number;
          count?: number;
          retry_after?: number;
        };
        if (typeof status !== "number") return json({ error: "status is required" }, 400);
        failNext(status, count ?? 1, retry_after);
        return json({ ok: true });
      });
    }
    return json({ error: "unknown control endpoint" }, 404);
  }

  return {
    fetch: handle,
    get data() {
      return ws;
    },
    get requests() {
      return log;
    },
    failNext,
    oauth,
    reset,
  };
}

/** The answers Notion gives when it is overloaded or limiting, as injected failures. */
function injected(status: number, retryAfter: number | undefined): Response {
  const headers: Record<string, string> =
    retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {};
  if (status === 429)
    return errorResponse(
      429,
      "rate_limited",
      "You have been rate limited. Please try again in a few minutes.",
      headers,
    );
  if (status === 503)
    return errorResponse(
      503,
      "service_unavailable",
      "Notion is unavailable, please try again later.",
      headers,
    );
  if (status === 529)
    return errorResponse(
      529,
      "service_unavailable",
      "Notion is overloaded, please try again later.",
      headers,
    );
  if (status === 409)
    return errorResponse(
      409,
      "conflict_error",
      "Transaction could not be completed, please try again.",
      headers,
    );
  return errorResponse(status, "internal_server_error", "Unexpected error occurred.", headers);
}

/** The seeded workspace without a simulator (ground truth for tests). */
export { seedWorkspace } from "./model";
