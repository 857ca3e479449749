import { describe, expect, it } from "vitest";
import { readHints } from "../../../worker/tools/definition";
import { connectClient, createAccount, createServer, type Era, gw, workerFetch } from "../support/gateway";

describe("MCP endpoint over Streamable HTTP", () => {
  it.each<Era>(["legacy", "auto", "modern"])(
    "lists the filtered tools to an SDK v2 client in %s mode",
    async (era) => {
      const account = await createAccount();
      const server = await createServer(account, {
        name: "Read contacts",
        config: { methods: ["read"], tags: ["contacts"] },
      });
      const client = await connectClient(server.url, era);
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual([
        "get_single_missive_contact_by_id",
        "list_all_missive_contact_books",
        "list_all_missive_contact_groups",
        "list_all_missive_contacts",
      ]);
      const contacts = tools.find((t) => t.name === "list_all_missive_contacts");
      expect(contacts?.inputSchema).toMatchObject({ type: "object", required: ["contact_book"] });
      expect(Object.keys(contacts?.inputSchema.properties ?? {})).toEqual(
        expect.arrayContaining(["limit", "next_cursor", "search"]),
      );
      // Hints equal to MCP's defaults are not sent; read with those defaults they are complete.
      expect(contacts?.annotations).toEqual({ readOnlyHint: true });
      expect(readHints(contacts?.annotations ?? {})).toEqual({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      });
      await client.close();
    },
  );

  it("answers an unknown URL token with 404 and a JSON-RPC error body, never a stack trace", async () => {
    const res = await gw("/mcp/emcp_doesnotexist", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(body.jsonrpc).toBe("2.0");
    expect(body.error.message).toBe("Unknown or expired MCP server URL");
  });

  it("refuses a present, non-allowed Origin with 403 and allows an absent or listed one", async () => {
    const account = await createAccount();
    const { url } = await createServer(account);
    const path = new URL(url).pathname;
    const post = (origin?: string) =>
      gw(path, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "t", version: "1" },
          },
        }),
      });
    expect((await post("https://evil.example")).status).toBe(403);
    expect((await post()).status).toBe(200);
    const listed = await post("https://inspector.example");
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://inspector.example");
  });

  it("refuses a DNS-rebinding request on a development gateway: Origin equal to a non-loopback Host", async () => {
    const account = await createAccount();
    const { url } = await createServer(account);
    const path = new URL(url).pathname;
    const initialize = (origin: string) =>
      workerFetch(`${origin}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          origin,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "t", version: "1" },
          },
        }),
      });
    // The test config runs as ENVIRONMENT=development, where the Host header is whatever a page's DNS says.
    expect((await initialize("http://evil.example:8787")).status).toBe(403);
    expect((await initialize("http://127.0.0.1:8787")).status).toBe(200);
  });

  it("answers CORS preflight without authentication", async () => {
    const res = await gw("/mcp/emcp_anything", {
      method: "OPTIONS",
      headers: { origin: "https://inspector.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/MCP-Protocol-Version/);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Mcp-Method/);
  });

  it("puts the CORS headers on every answer of the MCP URL to an allowed origin, whichever layer produced it", async () => {
    const account = await createAccount();
    const { url } = await createServer(account);
    const guarded = await createServer(account, { name: "g", config: { require_api_token_auth: true } });
    const path = new URL(url).pathname;
    const origin = "https://inspector.example";
    const json = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      origin,
    };
    const answers: Array<[string, Promise<Response>, number]> = [
      ["unknown URL", gw("/mcp/emcp_unknown0123456789", { method: "POST", headers: json, body: "{}" }), 404],
      ["GET probe", gw(path, { headers: { origin, accept: "application/json" } }), 405],
      ["not JSON", gw(path, { method: "POST", headers: json, body: "{nope" }), 400],
      [
        "API token missing",
        gw(new URL(guarded.url).pathname, { method: "POST", headers: json, body: "{}" }),
        401,
      ],
      ["message without session", gw(`${path}/message`, { method: "POST", headers: json, body: "{}" }), 400],
      ["malformed escape", gw("/mcp/%E0%A4", { method: "POST", headers: json, body: "{}" }), 400],
    ];
    for (const [what, pending, status] of answers) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expect(res.headers.get("access-control-allow-origin"), what).toBe(origin);
      expect(res.headers.get("access-control-expose-headers"), what).toMatch(/ratelimit-remaining/);
    }
    // A refused origin, and the admin API (same-origin dashboard only), get none.
    const refused = await gw(path, { method: "POST", headers: { ...json, origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const adminAnswer = await gw("/integrated-account", { headers: { origin } });
    expect(adminAnswer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers GET and DELETE from Streamable HTTP clients with 405", async () => {
    const account = await createAccount();
    const { url } = await createServer(account);
    const path = new URL(url).pathname;
    const get = await gw(path, {
      headers: { accept: "text/event-stream", "mcp-protocol-version": "2025-06-18" },
    });
    expect(get.status).toBe(405);
    expect((await gw(path, { method: "DELETE" })).status).toBe(405);
  });
});
