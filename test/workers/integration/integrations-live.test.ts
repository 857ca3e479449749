/**
 * Tools are assembled from the published version: a publish reaches `tools/list` and `tools/call` of
 * every URL of the integration (at once in the isolate that published, within the revalidation
 * period in any other), a URL whose tools changed keeps working, and a tool that disappeared is
 * refused at call with a clear error.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { setClock } from "../../../worker/clock";
import { REVALIDATE_MS } from "../../../worker/integrations/registry";
import { TOOLS_LIST_TTL_MS } from "../../../worker/mcp/server";
import { admin, connectClient, mcpPost, structuredOf } from "../support/gateway";
import { acmeDocument, publishAcme } from "../support/openapi-docs";

afterEach(() => setClock());

/** A published Acme-like integration with an account, a URL and a client on it. */
async function liveIntegration() {
  const calls: string[] = [];
  let host = "";
  const { name, url } = await publishAcme("live", async (r) => {
    const u = new URL(r.url);
    calls.push(`${r.method} ${u.pathname}${u.search}`);
    if (u.pathname.endsWith("/widgets")) {
      const page = Number(u.searchParams.get("page") ?? "1");
      const headers = new Headers({ "content-type": "application/json" });
      if (page < 2)
        headers.set("link", `<https://${host}/v1/widgets?page=${page + 1}&per_page=2>; rel="next"`);
      return new Response(
        JSON.stringify([
          { id: `w${page}a`, name: "A" },
          { id: `w${page}b`, name: "B" },
        ]),
        { headers },
      );
    }
    return Response.json({ id: u.pathname.split("/").at(-1), name: "A widget" });
  });
  host = `${name}.example`;
  // A 2025-era client: it keeps no tools/list cache (2026-07-28 clients may, for TOOLS_LIST_TTL_MS).
  return { name, url, calls, client: await connectClient(url, "legacy") };
}

const descriptionOf = async (client: Awaited<ReturnType<typeof connectClient>>, tool: string) =>
  (await client.listTools()).tools.find((t) => t.name === tool)?.description;

describe("an integration's URLs serve its published version", () => {
  it("pages a Link-header list through next_cursor, sending the link's query to the tool's own path", async () => {
    const { name, client, calls } = await liveIntegration();
    const first = structuredOf(
      await client.callTool({ name: `list_all_${name}_widgets`, arguments: { limit: 2 } }),
    );
    expect(first.result).toEqual([
      { id: "w1a", name: "A" },
      { id: "w1b", name: "B" },
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = structuredOf(
      await client.callTool({
        name: `list_all_${name}_widgets`,
        arguments: { limit: 2, next_cursor: first.next_cursor },
      }),
    );
    expect(second.result).toEqual([
      { id: "w2a", name: "A" },
      { id: "w2b", name: "B" },
    ]);
    expect(second.next_cursor).toBeNull();
    expect(calls).toEqual(["GET /v1/widgets?per_page=2", "GET /v1/widgets?page=2&per_page=2"]);
  });

  it("shows a published edit in tools/list at once, and the old text again after a rollback", async () => {
    const { name, client } = await liveIntegration();
    const tool = `get_single_${name}_widget_by_id`;
    expect(await descriptionOf(client, tool)).toMatch(/^Get a widget\. Returns one widget by its id\./);
    const edit = await admin("PATCH", `/integrations/${name}/tools/${tool}`, {
      description: "Fetches one widget by its id; call list_all_widgets first to find the id.",
    });
    expect(edit.status).toBe(201);
    // A draft is not live.
    expect(await descriptionOf(client, tool)).toMatch(/^Get a widget\./);
    await admin("POST", `/integrations/${name}/publish`, { version: 2 });
    expect(await descriptionOf(client, tool)).toMatch(/^Fetches one widget by its id;/);
    await admin("POST", `/integrations/${name}/publish`, { version: 1 });
    expect(await descriptionOf(client, tool)).toMatch(/^Get a widget\./);
  });

  it("keeps a URL working when its tools change, and refuses a tool that disappeared with a clear error", async () => {
    const { name, client, calls } = await liveIntegration();
    const doc = acmeDocument(`https://${name}.example/v1`) as { paths: Record<string, unknown> };
    delete doc.paths["/widgets/{widget_id}"];
    const v2 = await admin("POST", "/integrations", { name, openapi: doc, publish: true });
    expect(((await v2.json()) as { diff: { removed: string[] } }).diff.removed).toEqual([
      `get_single_${name}_widget_by_id`,
    ]);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual([`create_a_${name}_widget`, `list_all_${name}_widgets`]);
    await expect(
      client.callTool({ name: `get_single_${name}_widget_by_id`, arguments: { widget_id: "w1" } }),
    ).rejects.toThrow(
      `Unknown tool: get_single_${name}_widget_by_id. This server does not offer it (its tools may have changed): list the tools again.`,
    );
    expect(
      structuredOf(await client.callTool({ name: `list_all_${name}_widgets`, arguments: {} })).result,
    ).toHaveLength(2);
    expect(calls.filter((c) => c.includes("/widgets/w1"))).toEqual([]);
  });

  it("sees a publish made by another isolate once the revalidation period has passed", async () => {
    const { name, client } = await liveIntegration();
    const tool = `get_single_${name}_widget_by_id`;
    await admin("PATCH", `/integrations/${name}/tools/${tool}`, {
      description: "Another isolate's description of the tool.",
    });
    // Another isolate publishes: only storage changes, this isolate's copy does not.
    const v2 = await env.ACTIVITY.prepare(
      "SELECT hash FROM integration_versions WHERE integration = ?1 AND version = 2",
    )
      .bind(name)
      .first<{ hash: string }>();
    await env.ACTIVITY.prepare(
      "UPDATE integrations SET published_version = 2, published_hash = ?2, revision = revision + 1 WHERE name = ?1",
    )
      .bind(name, v2?.hash)
      .run();
    const t0 = Date.now();
    setClock(() => t0 + 1_000);
    expect(await descriptionOf(client, tool)).toMatch(/^Get a widget\./);
    setClock(() => t0 + REVALIDATE_MS + 1_000);
    expect(await descriptionOf(client, tool)).toBe("Another isolate's description of the tool.");
    // What the docs promise: the gateway's revalidation plus a 2026-07-28 client's cache hint.
    expect(REVALIDATE_MS + TOOLS_LIST_TTL_MS).toBeLessThanOrEqual(60_000);
  });

  it("answers a clear JSON-RPC error, not a crash, when the integration has no published version", async () => {
    const { name, url } = await liveIntegration();
    await env.ACTIVITY.prepare(
      "UPDATE integrations SET published_version = NULL, published_hash = NULL WHERE name = ?1",
    )
      .bind(name)
      .run();
    setClock(() => Date.now() + REVALIDATE_MS + 1_000);
    const res = await mcpPost(new URL(url).pathname, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32603);
    expect(body.error.message).toContain(`integration "${name}" has no published version`);
  });
});

describe("when storage fails", () => {
  it("keeps serving the version this isolate holds when the live pointer cannot be re-read", async () => {
    const { name, client } = await liveIntegration();
    const tool = `get_single_${name}_widget_by_id`;
    expect(await descriptionOf(client, tool)).toMatch(/^Get a widget\./);
    const { publishedSnapshot } = await import("../../../worker/integrations/registry");
    const failing = {
      ...env,
      ACTIVITY: {
        prepare: () => ({ bind: () => ({ first: () => Promise.reject(new Error("D1 unavailable")) }) }),
      },
    } as unknown as Env;
    const later = Date.now() + REVALIDATE_MS + 1_000;
    const served = await publishedSnapshot(failing, name, later);
    expect(served?.integration.name).toBe(name);
    // A name this isolate never loaded cannot be served from nothing: the failure surfaces.
    await expect(publishedSnapshot(failing, "neverloaded", later)).rejects.toThrow("D1 unavailable");
  });
});
