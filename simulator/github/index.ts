/**
 * The GitHub simulator: a deterministic, in-memory imitation of GitHub's REST API (api.github.com,
 * version 2022-11-28) for local development and tests, in the style of the Notion and Missive ones.
 * Paths, parameters and shapes follow GitHub's OpenAPI document (@octokit/openapi); see README.md.
 *
 * Pipeline: control endpoints → token (401) → route (404) → rate limits (403/429 with
 * `x-ratelimit-*`, secondary with `retry-after`) → injected failures → JSON body (400) → handler
 * (404/422…). Every answer to an API request carries GitHub's `x-ratelimit-*` headers.
 */
import { control } from "./control.js";
import { injectedFailure, secondaryMessage } from "./faults.js";
import { errorResponse, GithubError, headerRecord, json, RATE_LIMIT_DOCS } from "./http.js";
import { findAccount, type GithubData } from "./model.js";
import { githubOAuthProvider } from "./oauth.js";
import {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimits,
  type RateWindow,
  rateHeaders,
} from "./rate-limit.js";
import { buildRoutes, matchRoute } from "./router.js";
import { GITHUB_SEED, seedGithub } from "./seed/index.js";
import type { GithubRequest, GithubSimulator, GithubSimulatorOptions, RateLimitUpdate } from "./types.js";

export type * from "./model.js";
export { GITHUB_OAUTH_APP } from "./oauth.js";
export { DEFAULT_RATE_LIMITS, type RateLimits } from "./rate-limit.js";
export { GITHUB_OPERATIONS } from "./router.js";
export { GITHUB_HUBOT_TOKEN, GITHUB_SEED, GITHUB_TOKEN, SEED_NOW, seedGithub } from "./seed/index.js";
export type * from "./types.js";

/** The API version the simulator answers as. */
const API_VERSION = "2022-11-28";

/** The token of an `Authorization: Bearer <t>` or `Authorization: token <t>` header. */
function credential(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  return /^(?:Bearer|token)\s+(\S+)\s*$/i.exec(header)?.[1];
}

function merge(limits: RateLimits, update: RateLimitUpdate): RateLimits {
  const { secondary, ...primary } = update;
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...limits, ...defined(primary), secondary: { ...limits.secondary, ...defined(secondary ?? {}) } };
}

/** Creates a simulator with freshly seeded data. */
export function createGithubSimulator(options: GithubSimulatorOptions = {}): GithubSimulator {
  const seed = options.seed ?? GITHUB_SEED;
  const now = options.now ?? (() => Date.now());
  const initial = merge(DEFAULT_RATE_LIMITS, options.rateLimits ?? {});
  let data: GithubData = seedGithub(seed);
  let log: GithubRequest[] = [];
  let failures: Array<{ status: number; retryAfter: number | undefined }> = [];
  let requestCount = 0;
  let latencyMs = options.latencyMs ?? 0;
  const limiter = new RateLimiter(structuredClone(initial));
  const routes = buildRoutes((login) => limiter.snapshot(login, now()));
  const oauth = githubOAuthProvider(now);

  const requestId = () => {
    const n = (++requestCount).toString(16).toUpperCase().padStart(6, "0");
    return `C0DE:51A1:${n}:${n}00:${n}11`;
  };

  async function answer(request: Request, url: URL, entry: GithubRequest, id: string): Promise<Response> {
    const at = entry.at;
    const token = credential(request);
    const issued = token === undefined ? undefined : oauth.lookup(token);
    const login =
      token !== undefined && Object.hasOwn(data.tokens, token)
        ? data.tokens[token]
        : typeof issued === "object"
          ? issued.subject
          : undefined;
    const user = login === undefined ? undefined : findAccount(data, login);
    if (!user) {
      // Unauthenticated callers share GitHub's anonymous budget of 60 an hour.
      const w = limiter.window("anonymous", "core", at, 60);
      w.used = Math.min(w.limit, w.used + 1);
      const message = token === undefined ? "Requires authentication" : "Bad credentials";
      return withRate(errorResponse(new GithubError(401, message, "https://docs.github.com/rest")), w);
    }
    const found = matchRoute(routes, request.method, url.pathname);
    const resource = found?.route.resource ?? "core";
    entry.operationId = found?.route.operationId ?? null;
    let window: RateWindow = limiter.window(user.login, resource, at);
    let release = () => {};
    if (!found?.route.free) {
      const write = request.method !== "GET" && request.method !== "HEAD";
      const decision = limiter.admit(user.login, resource, write, at);
      window = decision.window;
      if (!decision.ok) return withRate(refusal(decision.kind, user.id, id), window);
      release = decision.release;
    }
    try {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const failure = failures.shift();
      if (failure)
        return withRate(errorResponse(injectedFailure(failure.status, failure.retryAfter, id)), window);
      if (!found) return withRate(errorResponse(new GithubError(404, "Not Found")), window);
      const parsed = parseBody(entry, found.route.docs);
      if (parsed instanceof GithubError) return withRate(errorResponse(parsed), window);
      const response = found.route.handler({
        method: request.method,
        data,
        user,
        url,
        query: url.searchParams,
        params: found.params,
        body: parsed,
        view: { api: url.origin, data },
        now: at,
        docs: found.route.docs,
      });
      return withRate(response, window);
    } catch (error) {
      if (error instanceof GithubError) return withRate(errorResponse(error), window);
      throw error;
    } finally {
      release();
    }
  }

  /** The primary or secondary refusal, in GitHub's words. */
  function refusal(kind: "primary" | "secondary", userId: number, id: string): Response {
    const limits = limiter.limits;
    if (kind === "primary") {
      return errorResponse(
        new GithubError(
          limits.status,
          `API rate limit exceeded for user ID ${userId}. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
          `${RATE_LIMIT_DOCS}#about-primary-rate-limits`,
        ),
      );
    }
    return errorResponse(
      new GithubError(
        limits.secondary.status,
        secondaryMessage(id),
        `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
        undefined,
        { "retry-after": String(limits.secondary.retryAfter) },
      ),
    );
  }

  function withRate(response: Response, window: RateWindow): Response {
    for (const [k, v] of Object.entries(rateHeaders(window))) response.headers.set(k, v);
    return response;
  }

  const sim: GithubSimulator = {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname.startsWith("/__simulator/")) {
        const what = url.pathname.slice("/__simulator/".length);
        return oauth.control(what, request.method) ?? control(request, what, sim, () => limiter.limits);
      }
      if (oauth.handles(url)) return oauth.fetch(request);
      // Readiness probe of the local stack (scripts/lib/dev-stack.ts); not part of GitHub's API.
      if (url.pathname === "/health") return json({ status: "ok", simulator: "github" });
      const text = request.body === null ? "" : await request.text();
      const entry: GithubRequest = {
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: headerRecord(request.headers),
        body: text,
        status: 0,
        operationId: null,
        at: now(),
      };
      log.push(entry);
      const id = requestId();
      const response = await answer(request, url, entry, id);
      response.headers.set("x-github-request-id", id);
      response.headers.set("x-github-api-version-selected", API_VERSION);
      response.headers.set("x-github-media-type", "github.v3; format=json");
      entry.status = response.status;
      return response;
    },
    get data() {
      return data;
    },
    get requests() {
      return log;
    },
    oauth,
    failNext(status, count = 1, retryAfter) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter });
    },
    setRateLimits(update) {
      limiter.limits = merge(limiter.limits, update);
      limiter.retune();
    },
    setRateWindow({ login, resource, ...patch }) {
      const logins = login ? [login] : [...new Set(Object.values(data.tokens))];
      limiter.patch(logins, resource ?? "core", patch, now());
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      data = seedGithub(seed);
      log = [];
      failures = [];
      requestCount = 0;
      latencyMs = options.latencyMs ?? 0;
      limiter.limits = structuredClone(initial);
      limiter.clear();
      oauth.reset();
    },
  };
  return sim;
}

/**
 * Parses the logged body text in place: JSON when it parses (400 `Problems parsing JSON` when it
 * does not), undefined when empty.
 */
function parseBody(entry: GithubRequest, docs: string): unknown {
  const text = typeof entry.body === "string" ? entry.body : "";
  if (text.trim() === "") {
    entry.body = undefined;
    return undefined;
  }
  try {
    entry.body = JSON.parse(text);
    return entry.body;
  } catch {
    return new GithubError(400, "Problems parsing JSON", docs);
  }
}
