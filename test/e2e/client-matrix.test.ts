/**
 * The client compatibility matrix (docs/clients.md): every client pasted the same MCP URL — or its
 * `/sse` alias — lists the tools and calls `list_all_missive_contact_books` against `wrangler dev`
 * and the Missive simulator, over real HTTP.
 *
 * Every client goes through a recording proxy, so each row also proves which transport and protocol
 * version the client really used, and that a Streamable HTTP client never opens a legacy session:
 * the gateway touches the SSE_SESSION namespace only for a GET answered with an event stream and for
 * POSTs to `/message`, so a row with neither created no session object.
 */

import { dirname } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as V1SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as V1StreamableHTTP } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  newApiToken,
  newServer,
  packageBin,
  type RecordedExchange,
  type RecordingProxy,
  removeTempHomes,
  runNodeScript,
  stack,
  startRecordingProxy,
  tempHome,
} from "./support.ts";

const TOOL = "list_all_missive_contact_books";
const ROW_TIMEOUT_MS = 45_000;

/** What a client saw: the listed tool names and the contact-book names the tool call returned. */
interface Outcome {
  tools: string[];
  books: string[];
}

type Transport = "Streamable HTTP" | "HTTP+SSE";

interface Row {
  client: string;
  mode: string;
  /** Appended to the MCP URL: the legacy `/sse` alias or nothing. */
  suffix: "" | "/sse";
  transport: Transport;
  /** The protocol version the client asks for (`initialize`) or sends in every request (2026-07-28). */
  version: string;
  /** Whether the server requires the API token, which the client sends as `Authorization: Bearer`. */
  apiToken?: boolean;
  run(url: string, headers: Record<string, string>): Promise<Outcome>;
}

/** The calls every SDK client class shares. */
interface SdkClient {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

/** tools/list, then the contact-book tool, on a connected SDK client; always closes it. */
async function exercise(client: SdkClient): Promise<Outcome> {
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: TOOL, arguments: {} });
    return { tools: tools.map((t) => t.name), books: bookNames(result) };
  } finally {
    await client.close();
  }
}

/** Contact-book names from a tool result (the JSON of its one text block: `result[].name`). */
function bookNames(result: unknown): string[] {
  const text = (result as { content?: Array<{ text?: string }> } | null)?.content?.[0]?.text;
  if (!text) return [];
  const json = JSON.parse(text) as { result?: Array<{ name?: unknown }> };
  return (json.result ?? []).map((b) => String(b.name));
}

function v2Client(mode: "auto" | "legacy" | "pinned"): Row["run"] {
  return async (url, headers) => {
    const versionNegotiation = mode === "pinned" ? { mode: { pin: "2026-07-28" as const } } : { mode };
    const client = new Client({ name: "matrix-v2", version: "1.0.0" }, { versionNegotiation });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return exercise(client);
  };
}

const v1StreamableHttp: Row["run"] = async (url, headers) => {
  const client = new V1Client({ name: "matrix-v1", version: "1.0.0" });
  await client.connect(new V1StreamableHTTP(new URL(url), { requestInit: { headers } }));
  return exercise(client as unknown as SdkClient);
};

const v1Sse: Row["run"] = async (url, headers) => {
  const client = new V1Client({ name: "matrix-v1-sse", version: "1.0.0" });
  await client.connect(new V1SSEClientTransport(new URL(url), { requestInit: { headers } }));
  return exercise(client as unknown as SdkClient);
};

/**
 * The SDK v1 SSE transport configured, as some client libraries are, to send `MCP-Protocol-Version`
 * on every request including its opening GET: still a legacy client, recognised on the `/sse` alias.
 */
const v1SseWithVersionHeader: Row["run"] = (url, headers) =>
  v1Sse(url, { ...headers, "mcp-protocol-version": "2025-11-25" });

/**
 * mcp-remote as a desktop host runs it: a stdio child the host talks JSON-RPC lines to (here the
 * SDK v1 stdio client). HOME is a fresh directory (its `~/.mcp-auth` stays isolated) and PATH holds
 * only Node, so even an unexpected OAuth attempt cannot open a browser; `--auth-timeout` bounds it.
 */
function mcpRemote(...flags: string[]): Row["run"] {
  return async (url, headers) => {
    // Headers travel as CLI arguments, as in a Claude Desktop config entry.
    const headerFlags = Object.entries(headers).flatMap(([k, v]) => ["--header", `${k}: ${v}`]);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        packageBin("mcp-remote", "mcp-remote"),
        url,
        "--allow-http",
        "--auth-timeout",
        "10",
        ...flags,
        ...headerFlags,
      ],
      env: { PATH: dirname(process.execPath), HOME: tempHome("mcp-remote") },
      stderr: "pipe",
    });
    let log = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    const client = new V1Client({ name: "matrix-mcp-remote", version: "1.0.0" });
    try {
      await client.connect(transport, { timeout: 30_000 });
    } catch (e) {
      await transport.close();
      throw new Error(`mcp-remote did not connect: ${(e as Error).message}\n${log.slice(-3000)}`);
    }
    return exercise(client as unknown as SdkClient);
  };
}

/** The MCP Inspector CLI, one process per method, as a CI script would run it. */
function inspector(transport: "http" | "sse", ...flags: string[]): Row["run"] {
  return async (url, headers) => {
    const home = tempHome("inspector");
    const headerFlags = Object.entries(headers).flatMap(([k, v]) => ["--header", `${k}: ${v}`]);
    const cli = async (method: string[]) => {
      const args = [
        "--cli",
        url,
        "--transport",
        transport,
        ...flags,
        ...method,
        "--format",
        "json",
        "--quiet",
        "--stored-auth-only",
        ...headerFlags,
      ];
      const out = await runNodeScript(packageBin("@modelcontextprotocol/inspector", "mcp-inspector"), args, {
        env: { HOME: home },
        timeoutMs: 30_000,
      });
      if (out.code !== 0) throw new Error(`inspector exited ${out.code}: ${out.stderr.slice(-2000)}`);
      return (JSON.parse(out.stdout) as { result: unknown }).result;
    };
    const listed = (await cli(["--method", "tools/list"])) as { tools: Array<{ name: string }> };
    const called = await cli(["--method", "tools/call", "--tool-name", TOOL]);
    return { tools: listed.tools.map((t) => t.name), books: bookNames(called) };
  };
}

const MODERN = "2026-07-28";

const ROWS: Row[] = [
  {
    client: "SDK v2 Client",
    mode: "auto",
    suffix: "",
    transport: "Streamable HTTP",
    version: MODERN,
    run: v2Client("auto"),
  },
  {
    client: "SDK v2 Client",
    mode: "pinned 2026-07-28",
    suffix: "",
    transport: "Streamable HTTP",
    version: MODERN,
    run: v2Client("pinned"),
  },
  {
    client: "SDK v2 Client",
    mode: "legacy (default)",
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    run: v2Client("legacy"),
  },
  {
    client: "SDK v1 StreamableHTTPClientTransport",
    mode: "default",
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    run: v1StreamableHttp,
  },
  {
    client: "SDK v1 SSEClientTransport",
    mode: "default",
    suffix: "",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: v1Sse,
  },
  {
    client: "SDK v1 SSEClientTransport",
    mode: "default",
    suffix: "/sse",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: v1Sse,
  },
  {
    client: "SDK v1 SSEClientTransport",
    mode: "requestInit MCP-Protocol-Version: 2025-11-25",
    suffix: "/sse",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: v1SseWithVersionHeader,
  },
  {
    client: "mcp-remote",
    mode: "--transport http-first",
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    run: mcpRemote("--transport", "http-first"),
  },
  {
    client: "mcp-remote",
    mode: "--transport http-first --protocol auto",
    suffix: "",
    transport: "Streamable HTTP",
    version: MODERN,
    run: mcpRemote("--transport", "http-first", "--protocol", "auto"),
  },
  {
    client: "mcp-remote",
    mode: "--transport sse-only",
    suffix: "",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: mcpRemote("--transport", "sse-only"),
  },
  {
    client: "mcp-remote",
    mode: "--transport sse-only",
    suffix: "/sse",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: mcpRemote("--transport", "sse-only"),
  },
  {
    client: "MCP Inspector CLI",
    mode: "--transport http",
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    run: inspector("http"),
  },
  {
    client: "MCP Inspector CLI",
    mode: "--transport http --protocol-era auto",
    suffix: "",
    transport: "Streamable HTTP",
    version: MODERN,
    run: inspector("http", "--protocol-era", "auto"),
  },
  {
    client: "MCP Inspector CLI",
    mode: "--transport sse",
    suffix: "/sse",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    run: inspector("sse"),
  },
  {
    client: "SDK v2 Client",
    mode: "auto, requestInit headers",
    suffix: "",
    transport: "Streamable HTTP",
    version: MODERN,
    apiToken: true,
    run: v2Client("auto"),
  },
  {
    client: "mcp-remote",
    mode: '--transport http-first --header "Authorization: Bearer …"',
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    apiToken: true,
    run: mcpRemote("--transport", "http-first"),
  },
  {
    client: "mcp-remote",
    mode: '--transport sse-only --header "Authorization: Bearer …"',
    suffix: "",
    transport: "HTTP+SSE",
    version: "2025-11-25",
    apiToken: true,
    run: mcpRemote("--transport", "sse-only"),
  },
  {
    client: "MCP Inspector CLI",
    mode: '--transport http --header "Authorization: Bearer …"',
    suffix: "",
    transport: "Streamable HTTP",
    version: "2025-11-25",
    apiToken: true,
    run: inspector("http"),
  },
];

/** Rejects when `promise` has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the proxy saw on one MCP URL's legs: the URL, `/sse` and `/message` (not the OAuth discovery
 * probes some clients send below it, which get 404).
 */
function trafficOf(proxy: RecordingProxy, mcpPath: string): RecordedExchange[] {
  const legs = new Set([mcpPath, `${mcpPath}/sse`, `${mcpPath}/message`]);
  return proxy.exchanges.filter((x) => legs.has(x.path));
}

/**
 * The proxy's record of one MCP URL once every exchange has its answer, or after a short grace
 * period (a client may close with a request still in flight; that one stays at status 0).
 */
async function settledTrafficOf(proxy: RecordingProxy, mcpPath: string): Promise<RecordedExchange[]> {
  const deadline = Date.now() + 2_000;
  while (trafficOf(proxy, mcpPath).some((x) => x.status === 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return trafficOf(proxy, mcpPath);
}

/** Exchanges that opened a legacy HTTP+SSE session: a GET answered with an event stream. */
function legacyStreams(traffic: RecordedExchange[]): RecordedExchange[] {
  return traffic.filter(
    (x) => x.method === "GET" && x.status === 200 && x.contentType.includes("text/event-stream"),
  );
}

describe("client compatibility matrix over HTTP against the stack", () => {
  let proxy: RecordingProxy;
  const results: string[] = [];

  beforeAll(async () => {
    proxy = await startRecordingProxy(stack().gateway);
  });

  afterAll(async () => {
    await proxy?.close();
    removeTempHomes();
    // VERBOSE=1 prints the matrix as the markdown table docs/clients.md carries.
    if (process.env.VERBOSE && results.length > 0) {
      console.log(
        [
          "| Client | Mode | URL | Transport | Protocol | API token | tools/list | tools/call | legacy session |",
          "|---|---|---|---|---|---|---|---|---|",
          ...results,
        ].join("\n"),
      );
    }
  });

  for (const row of ROWS) {
    const url = row.suffix === "/sse" ? "URL/sse" : "URL";
    const auth = row.apiToken ? " with the API token in Authorization" : "";
    const session = row.transport === "HTTP+SSE" ? "in a legacy session" : "without opening a legacy session";
    it(`${row.client} (${row.mode}) on the ${url}${auth} lists tools and calls ${TOOL} over ${row.transport} ${row.version} ${session}`, async () => {
      const { url: mcpUrl } = await newServer(row.apiToken ? { require_api_token_auth: true } : {});
      const mcpPath = new URL(mcpUrl).pathname;
      const headers: Record<string, string> = row.apiToken
        ? { Authorization: `Bearer ${await newApiToken(["mcp"])}` }
        : {};

      const outcome = await within(
        row.run(`${proxy.via(mcpUrl)}${row.suffix}`, headers),
        ROW_TIMEOUT_MS,
        row.client,
      );
      expect(outcome.tools).toHaveLength(42);
      expect(outcome.tools).toContain(TOOL);
      expect(outcome.books).toContain("VIP Prospects");

      const traffic = await settledTrafficOf(proxy, mcpPath);
      const posts = traffic.filter((x) => x.method === "POST");
      const messagePosts = posts.filter((x) => x.path.endsWith("/message"));
      const claimed = [...new Set(posts.map((x) => x.claimedVersion).filter((v) => v !== null))];
      expect(claimed).toEqual([row.version]);
      const methods = posts.flatMap((x) => x.rpcMethods);
      expect(methods).toEqual(expect.arrayContaining(["tools/list", "tools/call"]));
      if (row.version === MODERN) {
        expect(methods).not.toContain("initialize");
        for (const post of posts) expect(post.protocolVersionHeader).toBe(MODERN);
      } else {
        expect(methods).toContain("initialize");
      }

      if (row.transport === "HTTP+SSE") {
        expect(legacyStreams(traffic).length).toBeGreaterThanOrEqual(1);
        expect(messagePosts.length).toBe(posts.length);
        // 202, or 0 when the client hung up first: the answer travels on the stream before the 202.
        for (const post of messagePosts) expect([0, 202], JSON.stringify(post)).toContain(post.status);
        expect(messagePosts[0]?.status).toBe(202);
      } else {
        // No legacy session: no event stream on a GET and no POST to the legacy message endpoint.
        expect(legacyStreams(traffic)).toEqual([]);
        expect(messagePosts).toEqual([]);
        for (const get of traffic.filter((x) => x.method === "GET"))
          expect(get.status, JSON.stringify(get)).toBe(405);
      }
      // Nothing failed on the way: only the Streamable HTTP GET/DELETE probes get 405.
      for (const x of traffic) {
        if (x.method === "GET" || x.method === "DELETE") continue;
        expect(x.status, `${x.method} ${x.rpcMethods.join(",")}`).toBeLessThan(400);
      }
      if (row.apiToken) for (const x of traffic) expect(x.authorization, JSON.stringify(x)).toBe(true);

      const gets = traffic.filter((x) => x.method === "GET").map((x) => x.status);
      results.push(
        `| ${row.client} | \`${row.mode}\` | ${url} | ${row.transport} | ${row.version} | ${row.apiToken ? "yes" : "—"} | ${outcome.tools.length} tools | ✓ | ${
          row.transport === "HTTP+SSE"
            ? "yes (by design)"
            : `none${gets.length ? ` (GET → ${gets.join(", ")})` : ""}`
        } |`,
      );
    });
  }

  it("refuses a require_api_token_auth server to a client that sends no Authorization header", async () => {
    const { url } = await newServer({ require_api_token_auth: true });
    const client = new Client(
      { name: "matrix-no-token", version: "1.0.0" },
      { versionNegotiation: { mode: "auto" } },
    );
    await expect(
      within(client.connect(new StreamableHTTPClientTransport(new URL(proxy.via(url)))), 15_000, "connect"),
    ).rejects.toThrow();
    const statuses = trafficOf(proxy, new URL(url).pathname).map((x) => x.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([401]));
  });
});
