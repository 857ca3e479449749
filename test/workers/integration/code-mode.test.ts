/**
 * Code mode: two tools (search_functions, run_program); a program runs in a dynamic Worker that holds
 * nothing, and each of its function calls goes through the gateway's own tool-call path.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Client } from "@modelcontextprotocol/client";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { createMissiveSimulator } from "../../../simulator/missive/index";
import { previewToolsHandler } from "../../../worker/admin/accounts";
import { createServerHandler, patchServerHandler } from "../../../worker/admin/servers";
import { HttpError, httpErrorResponse } from "../../../worker/http/errors";
import worker from "../../../worker/index";
import { connectOn, recordsOf, TRANSPORTS } from "../support/activity";
import {
  admin,
  connectClient,
  createAccount,
  createServer,
  type Era,
  gw,
  installSimulator,
  mcpPost,
  ORIGIN,
  rpcMessages,
  serveHost,
  structuredOf,
  withinOneLimiterWindow,
} from "../support/gateway";

const enc = new Tiktoken(o200k);

type Result = {
  isError?: boolean;
  content: Array<{ type: string; text: string }>;
  structuredContent?: Record<string, unknown>;
};

async function codeServer(config: Record<string, unknown> = {}, account?: string) {
  const id = account ?? (await createAccount());
  return createServer(id, { name: "code", config: { tool_exposure: "code", ...config } });
}

async function run(client: Client, code: string): Promise<Result> {
  return (await client.callTool({ name: "run_program", arguments: { code } })) as Result;
}

/** A 2026-07-28 `run_program` call POSTed as a client would, for its headers. */
function runPost(path: string, code: string): Promise<Response> {
  return gw(path, runInit(code));
}

/** The same call as an incoming Request, for the Worker entry called with an env of the test's own. */
function runRequest(path: string, code: string): Request<unknown, IncomingRequestCfProperties> {
  // An incoming request's `cf` is the edge's; the gateway reads none of it.
  return new Request(`${ORIGIN}${path}`, runInit(code)) as Request<unknown, IncomingRequestCfProperties>;
}

function runInit(code: string): RequestInit {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": "run_program",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: {
        name: "run_program",
        arguments: { code },
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientCapabilities": {},
          "io.modelcontextprotocol/clientInfo": { name: "code-test", version: "1" },
        },
      },
    }),
  };
}

/** Spends a URL's per-URL budget with batches of tools/list (one unit each) until it refuses. */
async function spend(path: string): Promise<void> {
  const batch = Array.from({ length: 10 }, (_, i) => ({ jsonrpc: "2.0", id: i + 1, method: "tools/list" }));
  for (let i = 0; i < 25; i++) {
    const got = await rpcMessages<{ error?: { data?: { kind?: string } } }>(await mcpPost(path, batch));
    if (got.some((a) => a.error?.data?.kind === "gateway_rate_limited")) return;
  }
  throw new Error("the per-URL limit never refused");
}

/** A handler's answer as the Worker entry gives it: a thrown HttpError becomes its response. */
async function answered(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (e) {
    if (e instanceof HttpError) return httpErrorResponse(e);
    throw e;
  }
}

function answer(r: Result): Record<string, unknown> {
  expect(r.isError, r.content[0]?.text).toBeFalsy();
  return JSON.parse(r.content[0]?.text ?? "null") as Record<string, unknown>;
}

describe("code mode", () => {
  it.each(["legacy", "modern"] as const satisfies readonly Era[])(
    "lists only search_functions and run_program, within 1,500 tokens for the 42-tool server, and runs (%s)",
    async (era) => {
      const { url } = await codeServer();
      const client = await connectClient(url, era);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["search_functions", "run_program"]);
      expect(enc.encode(JSON.stringify(tools)).length).toBeLessThanOrEqual(1_500);
      expect(client.getInstructions()).toMatch(/run_program/);
      installSimulator();
      const r = await run(
        client,
        "const users = await tools.list_all_missive_users({});\nreturn users.result.length;",
      );
      expect(answer(r).result).toBeGreaterThan(0);
      await client.close();
    },
  );

  it("search_functions returns TypeScript signatures generated from the tools' schemas", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const found = structuredOf(
      await client.callTool({
        name: "search_functions",
        arguments: { query: "conversation comments", limit: 3 },
      }),
    ).result as Array<{ name: string; read_only: boolean; signature: string }>;
    const comments = found.find((f) => f.name === "list_all_missive_conversation_comments");
    expect(comments?.read_only).toBe(true);
    expect(comments?.signature).toMatch(
      /^\/\*\* .+ \*\/\ntools\.list_all_missive_conversation_comments\(args: \{/,
    );
    expect(comments?.signature).toMatch(/conversation_id: string;/);
    expect(comments?.signature).toMatch(/Promise<\{ result: unknown\[\]; next_cursor: string \| null \}>$/);
    await client.close();
  });

  it("runs a whole workflow in one call: only the answer comes back, one activity record per inner call with the outer request id", async () => {
    const sim = installSimulator();
    const server = await codeServer();
    const client = await connectClient(server.url, "modern");
    const target = sim.data.facts.conversations.databaseOutage;
    const r = await run(
      client,
      `const comments = await tools.list_all_missive_conversation_comments({ conversation_id: ${JSON.stringify(target)} });
const hits = comments.result.filter((c) => /database outage/i.test(c.body));
const labels = await tools.list_all_missive_shared_labels({});
const label = labels.result.find((l) => l.name_with_parent_names === "Escalated / Engineering");
await tools.update_a_missive_conversation_by_id({ ids: [${JSON.stringify(target)}], add_shared_labels: [label.id], organization: label.organization });
return { mentions: hits.length, label: label.id };`,
    );
    const out = answer(r).result as { mentions: number; label: string };
    expect(out.mentions).toBeGreaterThan(0);
    expect(sim.requests.find((q) => q.method === "PATCH")).toMatchObject({
      path: `/v1/conversations/${target}`,
      status: 200,
    });
    const rows = await recordsOf(server.id, 4);
    expect(rows.map((row) => row.tool).sort()).toEqual(
      [
        "list_all_missive_conversation_comments",
        "list_all_missive_shared_labels",
        "run_program",
        "update_a_missive_conversation_by_id",
      ].sort(),
    );
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(1);
    expect(rows.every((row) => row.outcome === "ok")).toBe(true);
    await client.close();
  });

  it("runs over the legacy HTTP+SSE transport too, each inner call recorded on it", async () => {
    installSimulator();
    const server = await codeServer();
    const client = await connectOn(server.url, TRANSPORTS[2]);
    const r = await run(client, "return (await tools.list_all_missive_users({})).result.length;");
    expect(answer(r).result).toBeGreaterThan(0);
    const rows = await recordsOf(server.id, 2);
    expect(rows.map((row) => [row.tool, row.transport]).sort()).toEqual([
      ["list_all_missive_users", "http_sse"],
      ["run_program", "http_sse"],
    ]);
    await client.close();
  });

  it("gives a tool error as an exception the program can catch (message and kind)", async () => {
    installSimulator();
    const client = await connectClient((await codeServer()).url, "modern");
    const r = await run(
      client,
      `try { await tools.get_single_missive_contact_by_id({ id: "nope" }); return "no error"; }
catch (e) { return { kind: e.kind, message: e.message }; }`,
    );
    expect(answer(r).result).toMatchObject({ kind: "not_found", message: expect.any(String) });
    await client.close();
  });

  it("cannot reach a tool outside the URL's filters: the call throws Unknown tool and is recorded as a filter refusal", async () => {
    const sim = installSimulator();
    const server = await codeServer({ methods: ["read"] });
    const client = await connectClient(server.url, "modern");
    const r = await run(client, `await tools.create_a_missive_contact({ contact_book: "x" });\nreturn 1;`);
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(
      /^The program failed at line 1: Unknown tool: create_a_missive_contact/,
    );
    expect(structuredOf(r).error).toMatchObject({ kind: "program_error", line: 1 });
    expect(sim.requests).toHaveLength(0);
    const rows = await recordsOf(server.id, 2);
    expect(rows.find((row) => row.tool === "create_a_missive_contact")).toMatchObject({
      outcome: "unknown_tool",
      refusal_reason: "filter",
    });
    await client.close();
  });

  it("has no network, no bindings and no secrets: fetch fails and the sandbox sees nothing of the gateway", async () => {
    const sim = installSimulator();
    const client = await connectClient((await codeServer()).url, "modern");
    const r = await run(
      client,
      `let fetched;
try { await fetch("https://missive.test/v1/users"); fetched = "reached"; } catch (e) { fetched = e.message; }
const bindings = Object.keys((await import("cloudflare:workers")).env ?? {});
const guard = Object.getOwnPropertyNames(globalThis).find((k) => k.startsWith("__loop_"));
let swapped = guard ? "no" : "no guard found";
if (guard) try { globalThis[guard] = () => true; } catch { swapped = "refused"; }
return { fetched, bindings, swapped, env: typeof env, processEnv: Object.keys(globalThis.process?.env ?? {}), globals: Object.keys(globalThis).filter((k) => /KEY|TOKEN|LOADER|KV|ACTIVITY/.test(k)) };`,
    );
    const out = answer(r).result as Record<string, unknown>;
    expect(out.fetched).toMatch(/not permitted to access the internet/);
    expect(out).toMatchObject({ env: "undefined", processEnv: [], globals: [], bindings: [] });
    // The loop counter cannot be swapped for a no-op (assignment fails in the module's strict mode).
    expect(out.swapped).toBe("refused");
    expect(sim.requests).toHaveLength(0);
    await client.close();
  });

  it("cannot reach another account: every inner call carries this URL's account credentials", async () => {
    const sim = createMissiveSimulator();
    const seen: Array<string | null> = [];
    serveHost("missive.test", (q) => {
      seen.push(q.headers.get("authorization"));
      return sim.fetch(q);
    });
    await createAccount("missive_pat-simulator-guest", "Guest inbox");
    const mine = await createAccount("missive_pat-simulator", "Primary inbox");
    const client = await connectClient((await codeServer({}, mine)).url, "modern");
    const r = await run(
      client,
      `const a = await tools.list_all_missive_users({});
const b = await tools.list_all_missive_contact_books({});
return a.result.length + b.result.length;`,
    );
    answer(r);
    expect(seen).toEqual(["Bearer missive_pat-simulator", "Bearer missive_pat-simulator"]);
    await client.close();
  });

  it("caps the function calls of one run at 50, even when the program catches the refusal", async () => {
    const sim = installSimulator();
    const server = await codeServer();
    const client = await connectClient(server.url, "modern");
    const r = await run(
      client,
      `for (let i = 0; i < 60; i++) {
  try { await tools.list_all_missive_users({}); } catch (e) {}
}
return "done";`,
    );
    expect(r.isError).toBe(true);
    expect(structuredOf(r).error).toMatchObject({ kind: "program_limit", reason: "calls", calls: 50 });
    expect(r.content[0]?.text).toMatch(/more than 50 function calls in one run/);
    expect(sim.requests).toHaveLength(50);
    await client.close();
  });

  it("stops an endless loop with the line and the reason", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const r = await run(client, `let n = 0;\nwhile (true) { n++; }\nreturn n;`);
    expect(r.isError).toBe(true);
    expect(structuredOf(r).error).toMatchObject({ kind: "program_limit", reason: "loop", line: 2 });
    expect(r.content[0]?.text).toMatch(/^The program stopped at line 2: more than 5000000 loop iterations/);
    const generated = await run(
      client,
      `function* forever() { while (true) yield 1; }\nlet n = 0;\nfor (const x of forever()) n += x;\nreturn n;`,
    );
    expect(structuredOf(generated).error).toMatchObject({ kind: "program_limit", reason: "loop" });
    await client.close();
  });

  it("stops a run past its wall time (CODE_RUN_TIMEOUT_MS)", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const started = Date.now();
    const r = await run(client, `await new Promise((resolve) => setTimeout(resolve, 60000));\nreturn 1;`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.isError).toBe(true);
    expect(structuredOf(r).error).toMatchObject({ kind: "program_limit", reason: "timeout" });
    expect(r.content[0]?.text).toMatch(/more than 3 s/);
    await client.close();
  });

  it("returns the program's console lines beside its answer, whatever it logs", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const r = await run(
      client,
      `const loop = {}; loop.self = loop;\nconsole.log("found", 2, { a: 1 });\nconsole.warn(loop, 10n);\nreturn "ok";`,
    );
    expect(answer(r)).toEqual({ result: "ok", logs: ['found 2 {"a":1}', "[warn] [object Object] 10"] });
    await client.close();
  });

  it("names the line of a throw and of a syntax error", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const thrown = await run(client, `const a = { b: null };\n\nreturn a.b.c;`);
    expect(thrown.content[0]?.text).toMatch(
      /^The program failed at line 3: TypeError: Cannot read properties of null/,
    );
    expect(structuredOf(thrown).error).toMatchObject({ kind: "program_error", reason: "threw", line: 3 });
    const own = await run(client, `if (1 + 1 === 2) {\n  throw new Error("no label found");\n}`);
    expect(own.content[0]?.text).toBe("The program failed at line 2: no label found.");
    const syntax = await run(client, `const x = 1;\nconst = 2;`);
    expect(syntax.content[0]?.text).toMatch(/^The program failed at line 2: SyntaxError: /);
    expect(structuredOf(syntax).error).toMatchObject({ kind: "program_error", reason: "syntax", line: 2 });
    await client.close();
  });

  it("cuts an answer over MAX_RESULT_CHARS to whole JSON values, never mid-object", async () => {
    const client = await connectClient((await codeServer()).url, "modern");
    const r = await run(
      client,
      `return Array.from({ length: 5000 }, (_, i) => ({ id: i, text: "x".repeat(50) }));`,
    );
    const text = r.content[0]?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(Number(env.MAX_RESULT_CHARS ?? 100_000));
    const out = JSON.parse(text) as { result: Array<{ id: number; text: string }>; truncated: boolean };
    expect(out.truncated).toBe(true);
    expect(out.result.length).toBeGreaterThan(100);
    expect(out.result.length).toBeLessThan(5000);
    expect(out.result.every((item, i) => item.id === i && item.text.length === 50)).toBe(true);
    // An answer over 1 MiB never leaves the sandbox.
    const huge = await run(client, `return "x".repeat(2 * 1024 * 1024);`);
    expect(structuredOf(huge).error).toMatchObject({ kind: "program_limit", reason: "answer" });
    await client.close();
  });

  it("caps runs per URL and minute (CODE_RUNS_PER_MINUTE) in-band, with rate-limit headers", {
    timeout: 40_000,
  }, async () => {
    const { url } = await codeServer();
    const path = new URL(url).pathname;
    await withinOneLimiterWindow();
    const client = await connectClient(url, "modern");
    for (let i = 0; i < 5; i++) answer(await run(client, "return 1;"));
    await client.close();
    const res = await runPost(path, "return 1;");
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBe("5");
    expect(res.headers.get("retry-after")).toBe("60");
    const [refused] = await rpcMessages<{ result: Result }>(res);
    expect(refused?.result.isError).toBe(true);
    expect(refused?.result.structuredContent?.error).toMatchObject({
      kind: "gateway_rate_limited",
      limit: 5,
      retry_after: 60,
    });
    expect(refused?.result.content[0]?.text).toMatch(
      /Too many programs run on this MCP URL \(5 per minute\)/,
    );
  });

  it("takes one unit of the URL's limit per inner call: once it is spent, a call is refused in-band inside the program and the answer carries the headers", async () => {
    const sim = installSimulator();
    const path = new URL((await codeServer()).url).pathname;
    const attempt = async () => {
      const res = await runPost(
        path,
        "try { await tools.list_all_missive_users({}); return 'admitted'; } catch (e) { return e.kind; }",
      );
      const [got] = await rpcMessages<{ result: Result }>(res);
      if (JSON.parse(got?.result.content[0]?.text ?? "{}").result !== "gateway_rate_limited") return false;
      expect(res.headers.get("ratelimit-limit")).toBe("100");
      expect(res.headers.get("retry-after")).toBe("60");
      return true;
    };
    // The limiter counts in fixed 60 s windows: if one turned right after spending it, spend it again.
    await spend(path);
    if (!(await attempt())) {
      await spend(path);
      expect(await attempt()).toBe(true);
    }
    expect(sim.requests.length).toBeLessThanOrEqual(1);
  });

  it("makes no more calls once the client disconnects: the read in flight is abandoned, the write after it never sent", async () => {
    const sim = createMissiveSimulator();
    const sent: string[] = [];
    let readStarted: () => void = () => {};
    const started = new Promise<void>((r) => {
      readStarted = r;
    });
    serveHost("missive.test", (q) => {
      sent.push(`${q.method} ${new URL(q.url).pathname}`);
      if (q.method !== "GET") return sim.fetch(q);
      readStarted();
      // A stalled read: it ends only when the gateway abandons it.
      return new Promise<Response>(() => {});
    });
    const { url, id } = await codeServer();
    const path = new URL(url).pathname;
    const client = new AbortController();
    const request = new Request(`${ORIGIN}${path}`, {
      ...runInit(
        `try { await tools.list_all_missive_users({}); } catch (e) { console.log(String(e)); }
await tools.create_a_missive_contact({ contact_book: "x" });
return "done";`,
      ),
      signal: client.signal,
    }) as Request<unknown, IncomingRequestCfProperties>;
    const ctx = createExecutionContext();
    const answer = worker.fetch(request, env, ctx);
    await started;
    client.abort();
    const res = await answer;
    await waitOnExecutionContext(ctx);
    // The SDK answers a closed connection with 499 and no body: the client is gone.
    expect(res.status).toBe(499);
    // The read went out and was abandoned; the program's next call, a write, was never made; the
    // run's record says so.
    const rows = await recordsOf(id, 2);
    const byTool = Object.fromEntries(rows.map((r) => [r.tool, r.outcome]));
    expect(byTool).toEqual({ list_all_missive_users: "abandoned", run_program: "abandoned" });
    expect(sent).toEqual(["GET /v1/users"]);
  });

  it("is refused with a 400 naming the binding where the deployment has no Worker Loader", async () => {
    const account = await createAccount();
    const noLoader = { ...env, LOADER: undefined } as Env;
    const create = await answered(() =>
      createServerHandler(
        new Request(`${ORIGIN}/integrated-account/${account}/mcp`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${env.ADMIN_TOKEN}` },
          body: JSON.stringify({ name: "code", config: { tool_exposure: "code" } }),
        }),
        noLoader,
        account,
      ),
    );
    expect(create.status).toBe(400);
    const body = (await create.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/Worker Loader binding named LOADER.*\[\[worker_loaders\]\]/);
    const { id } = await createServer(account, { name: "plain" });
    const patch = await answered(() =>
      patchServerHandler(
        new Request(`${ORIGIN}/integrated-account/${account}/mcp/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ config: { tool_exposure: "code" } }),
        }),
        noLoader,
        account,
        id,
      ),
    );
    expect(patch.status).toBe(400);
    // The preview the dashboard reads lists the exposures offered: without the binding, no code.
    const without = await previewToolsHandler(
      new Request(`${ORIGIN}/integrated-account/${account}/tools`),
      noLoader,
      account,
    );
    expect(((await without.json()) as { exposures: string[] }).exposures).toEqual([
      "all",
      "auto",
      "discovery",
    ]);
    // A code URL whose deployment has since lost the binding: run_program says what to configure.
    const code = new URL((await codeServer({}, account)).url).pathname;
    const ctx = createExecutionContext();
    const lost = await worker.fetch(runRequest(code, "return 1;"), noLoader, ctx);
    await waitOnExecutionContext(ctx);
    const [unavailable] = await rpcMessages<{ result: Result }>(lost);
    expect(unavailable?.result.structuredContent?.error).toMatchObject({ kind: "code_unavailable" });
    expect(unavailable?.result.content[0]?.text).toMatch(/Worker Loader binding named LOADER/);
    // With the binding (this deployment), the preview offers code.
    const preview = await admin("GET", `/integrated-account/${account}/tools?tool_exposure=code`);
    const page = (await preview.json()) as {
      exposures: string[];
      footprint: { effective_exposure: string; listed: { tool_count: number } };
    };
    expect(page.exposures).toContain("code");
    expect(page.footprint).toMatchObject({ effective_exposure: "code", listed: { tool_count: 2 } });
  });
});
