/**
 * `npm run bench:code-mode`: one Missive workflow — find the conversation whose internal comments
 * mention "database outage", list its messages, add the shared label "Escalated / Engineering" — run
 * three ways against the simulator through the SDK v2 client (2026-07-28): all tools, discovery, code
 * (and code once more with the functions already known, the program alone).
 * A scripted model: it calls what a model would, in the same order each way, and forwards results.
 * Counted per way: MCP round trips (HTTP requests), tool calls, the o200k tokens that cross the
 * model's context (tool definitions + arguments + results), and the gateway's workerd CPU over the
 * workflow. Prints JSON; exits 1 unless every way labels the same conversation.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { adminCall, startStack } from "../scripts/lib/dev-stack.ts";
import { cpuMs, workerdPids } from "./lib/proc-cpu.ts";

const PHRASE = "database outage";
const LABEL = "Escalated / Engineering";
const enc = new Tiktoken(o200k);
const tokens = (value: unknown) =>
  enc.encode(typeof value === "string" ? value : JSON.stringify(value)).length;

// biome-ignore lint/suspicious/noExplicitAny: tool results are the upstream's JSON, read by the script as a model would.
type Json = any;

/** A client that counts what crosses the model's context and the HTTP round trips. */
async function counted(url: string) {
  let roundTrips = 0;
  let contextTokens = 0;
  let toolCalls = 0;
  const client = new Client(
    { name: "bench-code-mode", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  const fetchCounted = (input: string | URL | Request, init?: RequestInit) => {
    roundTrips++;
    return fetch(input, init);
  };
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: fetchCounted }));
  const { tools } = await client.listTools();
  contextTokens += tokens(tools);
  const call = async (name: string, args: Record<string, unknown>): Promise<Json> => {
    toolCalls++;
    contextTokens += tokens({ name, arguments: args });
    const r = (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      content: Array<{ text: string }>;
    };
    const text = r.content.map((c) => c.text).join("");
    contextTokens += tokens(text);
    if (r.isError) throw new Error(`${name}: ${text}`);
    return JSON.parse(text);
  };
  return {
    call,
    stats: () => ({
      round_trips: roundTrips,
      tool_calls: toolCalls,
      context_tokens: contextTokens,
      definitions_tokens: tokens(tools),
    }),
    close: () => client.close(),
  };
}

/** The workflow with one tool per step; `call` runs a tool directly or through call_tool. */
async function stepwise(
  call: (name: string, args: Record<string, unknown>) => Promise<Json>,
): Promise<string> {
  const conversations = (await call("list_all_missive_conversations", { all: true, limit: 10 }))
    .result as Json[];
  for (const conversation of conversations) {
    const comments = (
      await call("list_all_missive_conversation_comments", { conversation_id: conversation.id })
    ).result as Json[];
    if (!comments.some((c) => String(c.body).toLowerCase().includes(PHRASE))) continue;
    await call("list_all_missive_conversation_messages", { conversation_id: conversation.id });
    const labels = (await call("list_all_missive_shared_labels", {})).result as Json[];
    const label = labels.find((l) => l.name_with_parent_names === LABEL);
    await call("update_a_missive_conversation_by_id", {
      ids: [conversation.id],
      add_shared_labels: [label.id],
      organization: label.organization,
    });
    return conversation.id;
  }
  throw new Error("no conversation mentions the phrase");
}

/** What a model looks up before calling, per step (discovery and code search the same words). */
const LOOKUPS: ReadonlyArray<[query: string, tool: string]> = [
  ["list conversations", "list_all_missive_conversations"],
  ["conversation comments", "list_all_missive_conversation_comments"],
  ["conversation messages", "list_all_missive_conversation_messages"],
  ["shared labels", "list_all_missive_shared_labels"],
  ["add a label to a conversation", "update_a_missive_conversation_by_id"],
];

const PROGRAM = `const conversations = (await tools.list_all_missive_conversations({ all: true, limit: 10 })).result;
for (const c of conversations) {
  const comments = (await tools.list_all_missive_conversation_comments({ conversation_id: c.id })).result;
  if (!comments.some((m) => String(m.body).toLowerCase().includes(${JSON.stringify(PHRASE)}))) continue;
  const messages = (await tools.list_all_missive_conversation_messages({ conversation_id: c.id })).result;
  const label = (await tools.list_all_missive_shared_labels({})).result.find((l) => l.name_with_parent_names === ${JSON.stringify(LABEL)});
  await tools.update_a_missive_conversation_by_id({ ids: [c.id], add_shared_labels: [label.id], organization: label.organization });
  return { conversation: c.id, subject: c.latest_message_subject, messages: messages.length, label: label.id };
}
return null;`;

const WAYS: Record<string, (c: Awaited<ReturnType<typeof counted>>) => Promise<string>> = {
  all: (c) => stepwise(c.call),
  discovery: async (c) => {
    for (const [query, tool] of LOOKUPS) {
      const hits = (await c.call("search_tools", { query, limit: 3 })).result as Json[];
      if (!hits.some((h) => h.name === tool)) throw new Error(`search_tools "${query}" missed ${tool}`);
      await c.call("get_tool_schema", { name: tool });
    }
    return stepwise((name, args) => c.call("call_tool", { name, arguments: args }));
  },
  code: async (c) => {
    for (const [query, tool] of LOOKUPS) {
      const hits = (await c.call("search_functions", { query, limit: 3 })).result as Json[];
      if (!hits.some((h) => h.name === tool)) throw new Error(`search_functions "${query}" missed ${tool}`);
    }
    return (await c.call("run_program", { code: PROGRAM })).result.conversation;
  },
  // The same program when the model already has the signatures (a second workflow in a conversation).
  code_known: async (c) => (await c.call("run_program", { code: PROGRAM })).result.conversation,
};

const adminToken = `adm_${crypto.randomUUID()}`;
const stack = await startStack({
  adminToken,
  credentialsKey: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64"),
  persistTo: mkdtempSync(join(tmpdir(), "bench-code-mode-")),
  quiet: true,
});
const results: Record<string, unknown> = {};
let labelled = new Set<string>();
try {
  const gateway = stack.gateway.url;
  const pids = workerdPids(stack.gateway.child.pid);
  const account = await adminCall(gateway, adminToken, "POST", "/integrated-account", {
    integration: "missive",
    name: "bench",
    credentials: { api_token: "missive_pat-simulator" },
  });
  labelled = new Set();
  for (const [way, run] of Object.entries(WAYS)) {
    await fetch(`${stack.simulator.url}/__simulator/reset`, { method: "POST" });
    const server = await adminCall(gateway, adminToken, "POST", `/integrated-account/${account.id}/mcp`, {
      name: way,
      config: { tool_exposure: way === "code_known" ? "code" : way },
    });
    const client = await counted(server.url);
    const cpu0 = cpuMs(pids);
    const t0 = performance.now();
    labelled.add(await run(client));
    results[way] = {
      ...client.stats(),
      wall_ms: Math.round(performance.now() - t0),
      gateway_cpu_ms: Math.round(cpuMs(pids) - cpu0),
    };
    await client.close();
  }
} finally {
  await stack.stop();
}
const ratio = (a: string, b: string) =>
  Math.round(
    (100 * (results[a] as { context_tokens: number }).context_tokens) /
      (results[b] as { context_tokens: number }).context_tokens,
  );
console.log(
  JSON.stringify(
    {
      results,
      code_vs_discovery_tokens_pct: ratio("code", "discovery"),
      code_vs_all_tokens_pct: ratio("code", "all"),
    },
    null,
    2,
  ),
);
if (labelled.size !== 1) {
  console.error(`the ways labelled different conversations: ${[...labelled].join(", ")}`);
  process.exit(1);
}
