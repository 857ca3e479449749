/**
 * The Missive simulator: a deterministic, in-memory imitation of Missive's REST API (the API and
 * the tools built on it: docs/integrations/missive.md), for local development and tests.
 * Web-standard APIs only, so it runs in workerd and in Node.
 *
 * Request pipeline: control endpoints → `/v1` check → bearer token (401) → rate limits (429) →
 * injected faults → route (404/405) → handler. Every non-control request is logged without its
 * Authorization header.
 */

import { createRng, type Rng } from "../prng";
import { control } from "./control";
import { applyFault, FaultStore } from "./faults";
import { AUTH_ERROR_MESSAGE, errorResponse, json, responseForError } from "./http";
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits, rateLimitHeaders } from "./rate-limit";
import { dispatch } from "./router";
import { BASE_EPOCH, SEED, seedData } from "./seed/index";
import type { SimulatorData } from "./state";
import type { MissiveSimulator, RateLimitUpdate, SimulatorOptions, SimulatorRequest } from "./types";

export type * from "./model";
export { ROUTES } from "./router";
export { GUEST_TOKEN, PRIMARY_TOKEN } from "./seed/directory";
export type * from "./state";
export type * from "./types";
export { BASE_EPOCH };

function bearer(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** Longer bodies are logged as a short excerpt. */
const MAX_LOGGED_BODY = 100_000;

/** The body of a request for the log (read from a clone, so the handler still gets it). */
async function loggedBody(request: Request): Promise<unknown> {
  if (request.body === null) return undefined;
  const text = await request.clone().text();
  if (text.trim() === "") return undefined;
  if (text.length > MAX_LOGGED_BODY) return `${text.slice(0, 200)}… (${text.length} characters)`;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Creates a simulator with freshly seeded data. */
export function createMissiveSimulator(options: SimulatorOptions = {}): MissiveSimulator {
  const now = options.now ?? (() => Date.now());
  const initialLimits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  let rng: Rng = createRng(SEED);
  let data: SimulatorData = seedData(rng);
  let headersOnSuccess = options.rateLimitHeadersOnSuccess ?? false;
  const limiter = new RateLimiter({ ...initialLimits });
  const faults = new FaultStore();
  const requests: SimulatorRequest[] = [];

  async function serve(request: Request, url: URL, nowMs: number): Promise<Response> {
    if (url.pathname !== "/v1" && !url.pathname.startsWith("/v1/")) return errorResponse(404, "Not found");
    const token = bearer(request);
    const userId = token && Object.hasOwn(data.tokens, token) ? data.tokens[token] : undefined;
    const user = data.users.find((u) => u.id === userId);
    if (!token || !user) return errorResponse(401, AUTH_ERROR_MESSAGE);
    const admission = limiter.acquire(token, nowMs);
    if (!admission.ok) {
      return json({ error: { message: "Rate limit exceeded" } }, 429, rateLimitHeaders(admission.info, true));
    }
    try {
      const fault = faults.take(request.method, url.pathname);
      const faulty = fault ? await applyFault(fault, limiter.exhaustedInfo(nowMs)) : undefined;
      if (faulty) return faulty;
      const response = await dispatch(request, url.pathname.slice(3), {
        data,
        user,
        query: url.searchParams,
        nowMs,
        nowSec: Math.floor(nowMs / 1000),
        newId: () => rng.uuid(),
      });
      if (headersOnSuccess && response.status >= 200 && response.status < 300) {
        for (const [k, v] of rateLimitHeaders(admission.info, false)) response.headers.set(k, v);
      }
      return response;
    } catch (error) {
      return responseForError(error);
    } finally {
      admission.release();
    }
  }

  const sim: MissiveSimulator = {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname.startsWith("/__simulator/")) return control(request, url.pathname, sim);
      const at = now();
      const body = await loggedBody(request);
      const response = await serve(request, url, at);
      requests.push({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(body === undefined ? {} : { body }),
        status: response.status,
        at,
      });
      return response;
    },
    get requests() {
      return requests;
    },
    reset() {
      rng = createRng(SEED);
      data = seedData(rng);
      requests.length = 0;
      faults.set([]);
      limiter.limits = { ...initialLimits };
      limiter.clear();
      headersOnSuccess = options.rateLimitHeadersOnSuccess ?? false;
    },
    setFaults(list) {
      faults.set(list);
    },
    setRateLimits(update: RateLimitUpdate) {
      const { headersOnSuccess: h, ...limits } = update;
      const defined = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
      limiter.limits = { ...limiter.limits, ...defined };
      if (h !== undefined) headersOnSuccess = h;
    },
    get data() {
      return data;
    },
  };
  return sim;
}
