import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keys } from "../../../worker/stores/records";
import { admin, createAccount, createServer, gw } from "../support/gateway";

describe("admin API basics", () => {
  it("rejects requests without the admin bearer token, saying whether it was missing or wrong", async () => {
    const res = await gw("/integrated-account");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({
      error: {
        code: "unauthorized",
        message:
          "Missing admin credentials: send Authorization: Bearer <ADMIN_TOKEN or an admin-scoped API token>",
      },
    });
    const wrong = await admin("GET", "/integrated-account", undefined, "wrong");
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(
      /^Invalid admin credentials/,
    );
  });

  it("tells an mcp-scoped API token that its scope is the problem (403)", async () => {
    const created = (await (
      await admin("POST", "/api-token", { name: "agent", scopes: ["mcp"] })
    ).json()) as {
      token: string;
    };
    const res = await admin("GET", "/integrated-account", undefined, created.token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: "insufficient_scope",
        message:
          "This API token has the mcp scope only; the admin API needs ADMIN_TOKEN or an API token with the admin scope",
      },
    });
  });

  it("creates an account whose credentials are encrypted at rest and never returned", async () => {
    const res = await admin("POST", "/integrated-account", {
      integration: "missive",
      name: "Sales",
      credentials: { api_token: "missive_pat-secret-value" },
      verify: false,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ integration: "missive", name: "Sales" });
    expect(created).not.toHaveProperty("credentials");
    const stored = await env.KV.get(keys.account(created.id as string));
    expect(stored).not.toContain("missive_pat-secret-value");
    const got = (await (await admin("GET", `/integrated-account/${created.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(got).toEqual(created);
  });

  it("mints an MCP URL with a prefixed 256-bit token stored only as its SHA-256", async () => {
    const account = await createAccount();
    const created = await createServer(account, {
      name: "Claude Missive Triage Server",
      config: { methods: ["read", "write"], tags: ["contacts", "conversations", "labels"] },
    });
    expect(created).toMatchObject({
      name: "Claude Missive Triage Server",
      config: { methods: ["read", "write"], tags: ["contacts", "conversations", "labels"] },
      expires_at: null,
    });
    const token = created.url.split("/mcp/")[1] ?? "";
    expect(token).toMatch(/^emcp_[A-Za-z0-9_-]{43}$/);
    const all = await env.KV.list();
    expect(all.keys.some((k) => k.name.includes(token))).toBe(false);
    for (const k of all.keys) expect(await env.KV.get(k.name)).not.toContain(token);
  });

  it("refuses a filter that yields zero tools with 400 naming the problem", async () => {
    const account = await createAccount();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "nothing",
      config: { methods: ["delete"], tags: ["analytics"] },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("empty_tool_set");
    expect(body.error.message).toMatch(/zero tools/);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await gw("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
  });
});

describe("a config field sent at the top level of a server body", () => {
  it("is refused with a message saying it belongs inside config", async () => {
    const account = await createAccount();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "locked",
      require_api_token_auth: true,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: "invalid_request",
        details: [
          {
            field: "(body)",
            message:
              'require_api_token_auth belongs inside config: {"config": {"require_api_token_auth": …}}',
          },
        ],
      },
    });
    const { id } = await createServer(account, { name: "x" });
    const patch = await admin("PATCH", `/integrated-account/${account}/mcp/${id}`, { methods: ["read"] });
    expect(
      ((await patch.json()) as { error: { details: Array<{ message: string }> } }).error.details[0]?.message,
    ).toMatch(/^methods belongs inside config/);
    const other = await admin("POST", `/integrated-account/${account}/mcp`, { name: "y", colour: "red" });
    expect(
      ((await other.json()) as { error: { details: Array<{ message: string }> } }).error.details[0]?.message,
    ).toBe("unknown field(s): colour");
  });
});
