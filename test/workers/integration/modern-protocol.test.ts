/**
 * The 2026-07-28 revision on an MCP URL, on the wire: `server/discover` advertises every version the
 * URL serves, `tools/list` carries its cache hints, the standard headers are enforced (-32020), an
 * unsupported version names what is supported (-32022), and tools come in one order in every era.
 */
import { Client, SSEClientTransport } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { TOOLS_LIST_TTL_MS } from "../../../worker/mcp/server";
import { SERVED_PROTOCOL_VERSIONS } from "../../../worker/mcp/versions";
import {
  connectClient,
  createAccount,
  createServer,
  type Era,
  gw,
  installSimulator,
  ORIGIN,
  workerFetch,
} from "../support/gateway";

const MODERN = "2026-07-28";

/** Every version the gateway serves, newest first. */
const ALL_VERSIONS = ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

interface JsonRpcAnswer {
  jsonrpc: string;
  id?: number | string | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

/** The per-request `_meta` envelope a 2026-07-28 client sends. */
function envelope(version = MODERN): Record<string, unknown> {
  return {
    "io.modelcontextprotocol/protocolVersion": version,
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": { name: "modern-protocol-test", version: "1.0.0" },
  };
}

/** The path of a fresh MCP URL serving every Missive tool. */
async function mcpPath(): Promise<string> {
  const { url } = await createServer(await createAccount());
  return new URL(url).pathname;
}

/** POSTs one JSON-RPC request with exactly the given MCP headers (none are added). */
async function post(
  path: string,
  body: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<{ status: number; body: JsonRpcAnswer }> {
  const res = await gw(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, ...body }),
  });
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return { status: res.status, body: (await res.json()) as JsonRpcAnswer };
}

const DISCOVER = { method: "server/discover", params: { _meta: envelope() } };
const LIST = { method: "tools/list", params: { _meta: envelope() } };
const CALL = {
  method: "tools/call",
  params: { name: "list_all_missive_contact_books", arguments: {}, _meta: envelope() },
};
const LIST_HEADERS = { "mcp-protocol-version": MODERN, "mcp-method": "tools/list" };
const CALL_HEADERS = {
  "mcp-protocol-version": MODERN,
  "mcp-method": "tools/call",
  "mcp-name": "list_all_missive_contact_books",
};

describe("2026-07-28 on an MCP URL", () => {
  it("advertises 2026-07-28 and every 2025-era version in server/discover", async () => {
    const path = await mcpPath();
    const { status, body } = await post(path, DISCOVER, {
      "mcp-protocol-version": MODERN,
      "mcp-method": "server/discover",
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      resultType: "complete",
      supportedVersions: ALL_VERSIONS,
      capabilities: { tools: {} },
    });
    expect(SERVED_PROTOCOL_VERSIONS).toEqual(ALL_VERSIONS);
  });

  it("still negotiates 2026-07-28 with an SDK v2 client in auto mode that reads the full discover list", async () => {
    const { url } = await createServer(await createAccount());
    const client = await connectClient(url, "auto");
    expect(client.getProtocolEra()).toBe("modern");
    expect(client.getDiscoverResult()?.supportedVersions).toEqual(ALL_VERSIONS);
    expect((await client.listTools()).tools).toHaveLength(42);
    await client.close();
  });

  it("marks tools/list cacheable for 30 s, privately (lists differ per URL token; a publish reaches every client within 60 s)", async () => {
    const path = await mcpPath();
    const { status, body } = await post(path, LIST, LIST_HEADERS);
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      resultType: "complete",
      ttlMs: TOOLS_LIST_TTL_MS,
      cacheScope: "private",
    });
    expect(TOOLS_LIST_TTL_MS).toBe(30_000);
  });

  it("answers a tool call whose headers match its body", async () => {
    installSimulator();
    const path = await mcpPath();
    const { status, body } = await post(path, CALL, CALL_HEADERS);
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ resultType: "complete" });
    expect(body.result?.isError ?? false).toBe(false);
  });

  const without = (headers: Record<string, string>, name: string) =>
    Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ["MCP-Protocol-Version is missing", LIST, without(LIST_HEADERS, "mcp-protocol-version")],
    [
      "MCP-Protocol-Version disagrees with the body",
      LIST,
      { ...LIST_HEADERS, "mcp-protocol-version": "2025-11-25" },
    ],
    ["Mcp-Method is missing", LIST, without(LIST_HEADERS, "mcp-method")],
    ["Mcp-Method names another method", LIST, { ...LIST_HEADERS, "mcp-method": "tools/call" }],
    ["Mcp-Name is missing on tools/call", CALL, without(CALL_HEADERS, "mcp-name")],
    ["Mcp-Name names another tool", CALL, { ...CALL_HEADERS, "mcp-name": "delete_everything" }],
  ])("refuses a request with 400 and -32020 when %s", async (_case, body, headers) => {
    const path = await mcpPath();
    const answer = await post(path, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32020);
    expect(answer.body.id).toBe(1);
  });

  it("refuses a 2026-07-28 header without the _meta envelope with -32602, never serving it as 2025-era", async () => {
    const path = await mcpPath();
    const answer = await post(path, { method: "tools/list", params: {} }, LIST_HEADERS);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(-32602);
    expect(answer.body.result).toBeUndefined();
  });

  it.each([
    ["tools/list", { method: "tools/list" }, { "mcp-method": "tools/list" }],
    [
      "tools/call",
      { method: "tools/call", params: { name: "list_all_missive_contact_books", arguments: {} } },
      { "mcp-method": "tools/call", "mcp-name": "list_all_missive_contact_books" },
    ],
  ])(
    "refuses an unsupported version on %s with 400 and -32022 naming every served version",
    async (_method, request, headers) => {
      const path = await mcpPath();
      const params = { ...("params" in request ? request.params : {}), _meta: envelope("2099-01-01") };
      const answer = await post(
        path,
        { method: request.method, params },
        { "mcp-protocol-version": "2099-01-01", ...headers },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: -32022,
        data: { supported: ALL_VERSIONS, requested: "2099-01-01" },
      });
    },
  );

  it("lists tools in the same order on every call, in every era and on the legacy SSE transport", async () => {
    const { url } = await createServer(await createAccount(), {
      name: "Filtered",
      config: { methods: ["read"] },
    });
    const path = new URL(url).pathname;
    const names = async (client: Client) => {
      const { tools } = await client.listTools();
      await client.close();
      return tools.map((t) => t.name);
    };
    const orders: Record<string, string[]> = {};
    for (const era of ["modern", "modern", "auto", "legacy"] as Era[]) {
      const order = await names(await connectClient(url, era));
      if (orders[era]) expect(order).toEqual(orders[era]);
      orders[era] = order;
    }
    const sse = new Client({ name: "sse", version: "1.0.0" }, { versionNegotiation: { mode: "legacy" } });
    await sse.connect(
      new SSEClientTransport(new URL(`${ORIGIN}${path}/sse`), {
        fetch: workerFetch,
        eventSourceInit: { fetch: workerFetch },
      }),
    );
    orders.sse = await names(sse);

    const reference = orders.modern ?? [];
    expect(reference.length).toBeGreaterThan(10);
    expect(reference).toEqual([...reference].sort());
    for (const order of Object.values(orders)) expect(order).toEqual(reference);
  });
});
