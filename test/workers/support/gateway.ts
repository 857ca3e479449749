/**
 * Test helpers that go through the real Worker entry (`exports.default.fetch`) and bindings.
 */

import { env, exports } from "cloudflare:workers";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { expect, vi } from "vitest";
import {
  createMissiveSimulator,
  type MissiveSimulator,
  type SimulatorOptions,
} from "../../../simulator/missive/index";
import {
  createNotionSimulator,
  type NotionSimulator,
  type NotionSimulatorOptions,
} from "../../../simulator/notion/index";
import worker from "../../../worker/index";

/** The origin tests address the gateway with. */
export const ORIGIN = "https://gw.test";

/** Calls the gateway. */
export function gw(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

/**
 * Calls the Worker entry with the test bindings as a deployed environment sees them
 * (`ENVIRONMENT = "production"`: no local hosts, https only).
 */
export function productionFetch(request: Request): Promise<Response> {
  const production = { ...env, ENVIRONMENT: "production" } as Env;
  const ctx = {
    waitUntil: () => {},
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  return worker.fetch(request as Parameters<typeof worker.fetch>[0], production, ctx);
}

/** Calls the admin API with the bootstrap admin token and a JSON body. */
export function admin(
  method: string,
  path: string,
  body?: unknown,
  token = env.ADMIN_TOKEN,
): Promise<Response> {
  return gw(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

/**
 * Creates an account (Missive unless told otherwise) with the simulator's token and returns its id.
 * Saved with `"verify": false`, so tests see only their own upstream traffic (verification has its
 * own tests).
 */
export async function createAccount(
  apiToken = "missive_pat-simulator",
  name = "Support inbox",
  integration = "missive",
): Promise<string> {
  const res = await admin("POST", "/integrated-account", {
    integration,
    name,
    credentials: { api_token: apiToken },
    verify: false,
  });
  if (res.status !== 201) throw new Error(`account create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Creates an MCP server and returns the create response (with `url`). */
export async function createServer(
  accountId: string,
  body: Record<string, unknown> = { name: "All tools" },
): Promise<{ id: string; url: string; [k: string]: unknown }> {
  const res = await admin("POST", `/integrated-account/${accountId}/mcp`, body);
  if (res.status !== 201) throw new Error(`server create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; url: string };
}

/** An MCP POST of a JSON body on a path, accepting JSON or SSE, with extra headers. */
export function mcpPost(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return gw(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/**
 * Every JSON-RPC message in an MCP answer, whichever shape the server chose: one JSON body (an
 * object or a batch array) or an SSE stream of `data:` events. Arrays are flattened.
 */
export async function rpcMessages<T = Record<string, unknown>>(res: Response): Promise<T[]> {
  const text = await res.text();
  const payloads = (res.headers.get("content-type") ?? "").includes("text/event-stream")
    ? text
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5))
    : [text];
  return payloads.flatMap((p) => {
    const parsed = JSON.parse(p) as T | T[];
    return Array.isArray(parsed) ? parsed : [parsed];
  });
}

/** A 2025-era MCP `initialize` POST on a path, with extra headers (for access checks). */
export function initialize(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return mcpPost(
    path,
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    },
    headers,
  );
}

/** Routes fetches of the SDK client transport into the Worker. */
export const workerFetch = (url: string | URL, init?: RequestInit) =>
  exports.default.fetch(new Request(url, init));

/** Negotiation modes of the SDK v2 client. */
export type Era = "legacy" | "auto" | "modern";

/** A connected SDK v2 client against an MCP URL, served in-process by the Worker. */
export async function connectClient(
  url: string,
  era: Era,
  headers?: Record<string, string>,
): Promise<Client> {
  const versionNegotiation =
    era === "legacy"
      ? { mode: "legacy" as const }
      : era === "auto"
        ? { mode: "auto" as const }
        : { mode: { pin: "2026-07-28" as const } };
  const client = new Client({ name: "edge-mcp-tests", version: "1.0.0" }, { versionNegotiation });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: workerFetch,
    ...(headers ? { requestInit: { headers } } : {}),
  });
  await client.connect(transport);
  return client;
}

/**
 * Serves the gateway's upstream calls to `https://missive.test` (UPSTREAM_BASE_URLS in the test
 * config) from an in-process Missive simulator, so tests can also read its request log.
 */
export function installSimulator(options?: SimulatorOptions): MissiveSimulator {
  const sim = createMissiveSimulator(options);
  serveHost("missive.test", (r) => sim.fetch(r));
  return sim;
}

/**
 * Serves the gateway's upstream calls to `https://notion.test` (UPSTREAM_BASE_URLS in the test config)
 * from an in-process Notion simulator.
 */
export function installNotionSimulator(options?: NotionSimulatorOptions): NotionSimulator {
  const sim = createNotionSimulator(options);
  serveHost("notion.test", (r) => sim.fetch(r));
  return sim;
}

/** Routes fetches to `host` into `handler`; every other fetch goes out as usual. */
export function serveHost(host: string, handler: (r: Request) => Promise<Response>): void {
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).host !== host) return original(input, init);
    // Like a real fetch, reject as soon as the caller's signal aborts (timeouts), even mid-answer.
    const signal = init?.signal ?? request.signal;
    if (!signal) return handler(request);
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(signal.reason ?? new DOMException("aborted", "AbortError"));
      if (signal.aborted) return abort();
      signal.addEventListener("abort", abort, { once: true });
      handler(request).then(resolve, reject);
    });
  });
}

/**
 * A frozen simulator clock derived from the real one: the start of the next minute. The simulator's
 * epoch-aligned rate-limit window then ends 60–120 s after the gateway's real clock, whatever the date
 * (a clock pinned to a calendar date would put its `X-RateLimit-Reset` in the past once that date passes).
 */
export function frozenClockAhead(): () => number {
  const t = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
  return () => t;
}

/** The structured result of a tool call, typed loosely for assertions. */
export interface Structured {
  result?: unknown;
  next_cursor?: string | null;
  error?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * What a tool result says, as tests read it: for an error its `structuredContent`
 * (`{error: {…}}`); for a success the JSON of its one text block. A success must carry its
 * payload once (docs/tools.md "Results"), so it is also checked to have no `structuredContent`.
 */
export function structuredOf(result: object): Structured {
  const r = result as { content?: unknown; structuredContent?: unknown; isError?: unknown };
  if (r.isError === true) return (r.structuredContent ?? {}) as Structured;
  expect(r.structuredContent, "a success carries its JSON once, as text").toBeUndefined();
  const blocks = (r.content ?? []) as Array<{ type?: string; text?: string }>;
  expect(blocks).toHaveLength(1);
  expect(blocks[0]?.type).toBe("text");
  return JSON.parse(blocks[0]?.text ?? "") as Structured;
}

/**
 * Waits, when fewer than `needMs` are left in the current minute, until the next one begins: the
 * Workers rate limiters count in 60 s windows aligned to the clock, so a test that counts a
 * limiter's exact units must not straddle a boundary.
 */
export async function withinOneLimiterWindow(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 100));
}
