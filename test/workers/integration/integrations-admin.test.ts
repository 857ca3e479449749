/**
 * `/integrations` through the real Worker entry and bindings: creating versions from an OpenAPI
 * document (JSON or YAML) or records, the report, diff and footprint, publishing and rolling back,
 * editing one tool, deleting, who did what — and every bad input refused with a clear 400 and
 * nothing stored.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publish } from "../../../worker/integrations/versions";
import { keys } from "../../../worker/stores/records";
import { SEARCH_INDEX_VERSION } from "../../../worker/tools/search-index";
import { admin, createAccount, gw, productionFetch } from "../support/gateway";
import { ACME_YAML, acmeDocument, manyOperations } from "../support/openapi-docs";

interface Created {
  name: string;
  version: number;
  hash: string;
  created: boolean;
  source: string;
  tool_count: number;
  tokens: number;
  published_version: number | null;
  diff: {
    added: string[];
    removed: string[];
    changed: Array<{ tool: string; fields: string[] }>;
    unchanged: number;
  };
  footprint: { tool_count: number; tokens_total: number };
  report: {
    notes: string[];
    operations: Array<{ key: string; file: string | null; notes: string[] }>;
  } | null;
}

interface Detail {
  published_version: number | null;
  revision: number;
  versions: Array<{
    version: number;
    source: string;
    created_by: string;
    tool_count: number;
    summary: string;
  }>;
  events: Array<{ action: string; actor: string; version: number | null; detail: string }>;
}

let counter = 0;
/** A fresh integration name per test (names are global in the test storage). */
const fresh = () => `acme${Date.now().toString(36)}${(counter++).toString(36)}`;

async function importDoc(name: string, openapi: unknown, extra: Record<string, unknown> = {}) {
  const res = await admin("POST", "/integrations", { name, openapi, ...extra });
  return {
    status: res.status,
    body: (await res.json()) as Created & {
      error?: { code: string; message: string; details?: { issues?: string[] } };
    },
  };
}

async function detail(name: string): Promise<Detail> {
  const res = await admin("GET", `/integrations/${name}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Detail;
}

describe("POST /integrations", () => {
  it("imports an OpenAPI document as a draft version with its report, diff and footprint; nothing is live", async () => {
    const name = fresh();
    const { status, body } = await importDoc(name, acmeDocument());
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name,
      version: 1,
      created: true,
      source: "openapi",
      published_version: null,
      tool_count: 3,
    });
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.diff.added.sort()).toEqual([
      `create_a_${name}_widget`,
      `get_single_${name}_widget_by_id`,
      `list_all_${name}_widgets`,
    ]);
    expect(body.footprint.tool_count).toBe(3);
    expect(body.tokens).toBe(body.footprint.tokens_total);
    expect(body.tokens).toBeGreaterThan(100);
    expect(body.report?.operations.map((o) => o.key).sort()).toEqual([
      "createWidget",
      "getWidget",
      "listWidgets",
    ]);
    // Not live: accounts cannot be made for it yet.
    const account = await admin("POST", "/integrated-account", {
      integration: name,
      name: "x",
      credentials: { api_token: "t0ken-value" },
      verify: false,
    });
    expect(account.status).toBe(400);
    expect(((await account.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "unknown_integration",
      message: expect.stringContaining("no published version"),
    });
    const d = await detail(name);
    expect(d.published_version).toBeNull();
    expect(d.versions).toEqual([
      expect.objectContaining({ version: 1, source: "openapi", created_by: "admin", tool_count: 3 }),
    ]);
    expect(d.events.map((e) => e.action)).toEqual(["create"]);
  });

  it("stores the version's search index beside its snapshot, so no isolate builds it", async () => {
    const name = fresh();
    const { body } = await importDoc(name, acmeDocument());
    const text = await env.KV.get(keys.integrationIndex(SEARCH_INDEX_VERSION, body.hash));
    expect(text).not.toBeNull();
    expect((JSON.parse(text ?? "{}") as { documentCount: number }).documentCount).toBe(body.tool_count);
  });

  it("infers Link-header paging and the spec's tags", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument(), { publish: true });
    const account = await createAccount("t0ken-value", "acme", name);
    const res = await admin("GET", `/integrated-account/${account}/tools`);
    const tools = (
      (await res.json()) as {
        result: Array<{ name: string; tags: string[]; inputSchema: { properties: Record<string, unknown> } }>;
      }
    ).result;
    const list = tools.find((t) => t.name === `list_all_${name}_widgets`);
    expect(Object.keys(list?.inputSchema.properties ?? {})).toEqual(["limit", "next_cursor"]);
    expect(list?.tags).toContain("widgets");
  });

  it("answers 200 with the same version when the content equals the newest one", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument());
    const again = await importDoc(name, acmeDocument());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, created: false });
    expect((await detail(name)).versions).toHaveLength(1);
  });

  it("imports YAML text", async () => {
    const name = fresh();
    const { status, body } = await importDoc(name, ACME_YAML);
    expect(status).toBe(201);
    expect(body.diff.added).toEqual([`get_single_${name}_widget_by_id`]);
  });

  it("creates a version from records in the registry format, refusing an invalid record with its place", async () => {
    const name = fresh();
    const integration = {
      name,
      title: "Records Co",
      base_url: "https://records.example/v1",
      auth: { type: "bearer", credential: "api_token", instructions: "Paste a token." },
      rate_limit_headers: { retry_after: "retry-after" },
      error_message_path: "message",
      resources: { notes: { singular: "note", title: "notes", tags: ["notes"] } },
    };
    const record = {
      resource: "notes",
      method: "get",
      http: { method: "GET", path: "/notes/{id}" },
      description: "Returns one note by its id, with its text.",
      path_params: {
        type: "object",
        properties: { id: { type: "string", description: "The note's id." } },
        required: ["id"],
      },
    };
    const ok = await admin("POST", "/integrations", {
      records: { integration, records: [{ file: "notes.get.json", record }] },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()) as Created).toMatchObject({
      name,
      version: 1,
      source: "registry",
      tool_count: 1,
    });
    const bad = await admin("POST", "/integrations", {
      records: {
        integration,
        records: [{ file: "notes.get.json", record: { ...record, description: "short" } }],
      },
    });
    expect(bad.status).toBe(400);
    const err = ((await bad.json()) as { error: { code: string; details: { issues: string[] } } }).error;
    expect(err.code).toBe("invalid_integration");
    expect(err.details.issues).toEqual([expect.stringMatching(/^notes\.get\.json: description:/)]);
    expect((await detail(name)).versions).toHaveLength(1);
  });

  it("is for admins only: 401 without a token, 403 for an mcp-scoped API token", async () => {
    const res = await gw("/integrations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    const token = (
      (await (await admin("POST", "/api-token", { name: "mcp only", scopes: ["mcp"] })).json()) as {
        token: string;
      }
    ).token;
    const mcp = await admin("POST", "/integrations", { name: fresh(), openapi: acmeDocument() }, token);
    expect(mcp.status).toBe(403);
  });
});

describe("bad input gets a clear 400 and nothing is stored", () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["invalid YAML", () => "openapi: 3.1.0\npaths: [unclosed\n  - x: :", /not valid YAML at line/],
    [
      "a $ref cycle",
      () => {
        const doc = acmeDocument() as { components: { schemas: Record<string, unknown> } };
        doc.components.schemas.Widget = { $ref: "#/components/schemas/Gizmo" };
        doc.components.schemas.Gizmo = { $ref: "#/components/schemas/Widget" };
        return doc;
      },
      /\$ref cycle: #\/components\/schemas\/(Widget|Gizmo) → /,
    ],
    [
      "a $ref to nothing",
      () => {
        const doc = acmeDocument() as { paths: Record<string, { get: { parameters: unknown[] } }> };
        (doc.paths["/widgets/{widget_id}"] as { get: { parameters: unknown[] } }).get.parameters = [
          { $ref: "#/components/parameters/nope" },
        ];
        return doc;
      },
      /points at nothing/,
    ],
    [
      "an external $ref",
      () => {
        const doc = acmeDocument() as { paths: Record<string, { get: { parameters: unknown[] } }> };
        (doc.paths["/widgets/{widget_id}"] as { get: { parameters: unknown[] } }).get.parameters = [
          { $ref: "https://evil.example/p.json" },
        ];
        return doc;
      },
      /external \$ref/,
    ],
    [
      "5,000 operations",
      () => manyOperations(5_000),
      /5000 operations; the most one integration may have is 2000/,
    ],
    ["no servers", () => ({ ...acmeDocument(), servers: [] }), /no absolute server URL/],
    ["Swagger 2.0", () => ({ swagger: "2.0", info: {}, paths: {} }), /Swagger 2\.0/],
    ["no paths", () => ({ openapi: "3.1.0", info: { title: "x", version: "1" }, paths: {} }), /no paths/],
  ];
  for (const [what, doc, message] of cases) {
    it(`refuses ${what}`, async () => {
      const name = fresh();
      const { status, body } = await importDoc(name, doc());
      expect(status, JSON.stringify(body).slice(0, 300)).toBe(400);
      expect(body.error?.code).toBe("invalid_document");
      expect(body.error?.message).toMatch(message);
      expect((await admin("GET", `/integrations/${name}`)).status).toBe(404);
    });
  }

  it("refuses a 20 MB document with a 400 before parsing it", async () => {
    const padding = "x".repeat(20 * 1000 * 1000);
    const res = await admin("POST", "/integrations", {
      name: fresh(),
      openapi: { ...acmeDocument(), info: { title: padding, version: "1" } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /19\.\d MiB; an OpenAPI document may be at most 16\.0 MiB/,
    );
  });

  it("refuses overrides that give a tool a name over 64 characters, or a name already taken", async () => {
    const long = await importDoc(fresh(), acmeDocument(), {
      overrides: {
        operations: { getWidget: { name_suffix: "with_a_very_long_qualifier_that_goes_on_and_on" } },
      },
    });
    expect(long.status).toBe(400);
    expect(long.body.error?.details?.issues).toEqual([
      expect.stringMatching(/^getWidget: tool name .* breaks/),
    ]);
    const taken = await importDoc(fresh(), acmeDocument(), {
      overrides: {
        operations: { createWidget: { method: "list", http: { method: "GET", path: "/widgets" } } },
      },
    });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.body.error)).toMatch(/taken/);
  });

  it("refuses invalid overrides and unknown fields with the field named", async () => {
    const { status, body } = await importDoc(fresh(), acmeDocument(), { overrides: { operations: "nope" } });
    expect(status).toBe(400);
    expect(body.error?.code).toBe("invalid_overrides");
    const unknown = await admin("POST", "/integrations", {
      name: fresh(),
      openapi: acmeDocument(),
      draft: true,
    });
    expect(unknown.status).toBe(400);
  });

  it("refuses a non-https or private base URL outside local development, and allows them locally", async () => {
    const post = (where: "production" | "local", server: string) => {
      const init = {
        method: "POST",
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: fresh(), openapi: acmeDocument(server) }),
      };
      return where === "production"
        ? productionFetch(new Request("https://gw.test/integrations", init))
        : gw("/integrations", init);
    };
    for (const server of [
      "http://api.acme.example/v1",
      "https://127.0.0.1/v1",
      "https://[::1]/v1",
      "https://10.1.2.3",
      "https://0x7f000001/",
      "https://localhost:8788/v1",
    ]) {
      const res = await post("production", server);
      expect(res.status, server).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, server).toMatch(
        /integration\.base_url: .*(https|loopback)/,
      );
    }
    expect((await post("local", "http://127.0.0.1:8788/v1")).status).toBe(201);
  });

  it("answers 404 for an unknown integration, version or tool", async () => {
    expect((await admin("POST", "/integrations/nosuchthing/publish", { version: 1 })).status).toBe(404);
    expect((await admin("GET", "/integrations/nosuchthing")).status).toBe(404);
    const name = fresh();
    await importDoc(name, acmeDocument());
    expect((await admin("POST", `/integrations/${name}/publish`, { version: 7 })).status).toBe(404);
    const edit = await admin("PATCH", `/integrations/${name}/tools/no_such_tool`, {
      description: "A description long enough to pass.",
    });
    expect(edit.status).toBe(404);
  });
});

describe("publishing, rollback and history", () => {
  it("publishes a version, rolls back to an older one, and records who did each", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument());
    const token = (await (
      await admin("POST", "/api-token", { name: "integrator", scopes: ["admin"] })
    ).json()) as { id: string; token: string };
    const p1 = await admin("POST", `/integrations/${name}/publish`, { version: 1 }, token.token);
    expect(p1.status).toBe(200);
    expect(await p1.json()).toEqual({ name, published_version: 1, previous_version: null, revision: 1 });
    const edited = await admin("PATCH", `/integrations/${name}/tools/get_single_${name}_widget_by_id`, {
      description: "Returns one widget by its id, with its name and colour.",
    });
    expect(edited.status).toBe(201);
    const v2 = (await edited.json()) as Created;
    expect(v2).toMatchObject({ version: 2, source: "edit", published_version: 1 });
    expect(v2.diff).toMatchObject({
      added: [],
      removed: [],
      changed: [{ tool: `get_single_${name}_widget_by_id`, fields: ["description"] }],
    });
    expect((await admin("POST", `/integrations/${name}/publish`, { version: 2 })).status).toBe(200);
    const back = await admin("POST", `/integrations/${name}/publish`, { version: 1 });
    expect(await back.json()).toMatchObject({ published_version: 1, previous_version: 2, revision: 3 });
    const d = await detail(name);
    expect(d.published_version).toBe(1);
    expect(d.events.map((e) => [e.action, e.actor, e.version])).toEqual([
      ["rollback", "admin", 1],
      ["publish", "admin", 2],
      ["edit", "admin", 2],
      ["publish", `api_token:${token.id}`, 1],
      ["create", "admin", 1],
    ]);
    const version = await admin("GET", `/integrations/${name}/versions/2`);
    expect(await version.json()).toMatchObject({
      version: 2,
      details: { diff: { changed: [{ fields: ["description"] }] } },
    });
  });

  it("requires a stated reason for a hint override", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument());
    const tool = `create_a_${name}_widget`;
    const noReason = await admin("PATCH", `/integrations/${name}/tools/${tool}`, {
      annotations: { idempotentHint: true },
    });
    expect(noReason.status).toBe(400);
    const ok = await admin("PATCH", `/integrations/${name}/tools/${tool}`, {
      annotations: {
        idempotentHint: true,
        reason: "Creating a widget twice with one name returns the first one.",
      },
    });
    expect(ok.status).toBe(201);
  });

  it("lets one of two concurrent publishes win and answers the other 409", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument());
    await importDoc(name, ACME_YAML);
    const { revision } = await detail(name);
    const [a, b] = await Promise.all([
      admin("POST", `/integrations/${name}/publish`, { version: 1, expected_revision: revision }),
      admin("POST", `/integrations/${name}/publish`, { version: 2, expected_revision: revision }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect((await detail(name)).revision).toBe(revision + 1);
  });

  it("leaves the previous version live when storage fails mid-publish", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument(), { publish: true });
    await importDoc(name, ACME_YAML);
    const kvFails = {
      ...env,
      KV: { ...env.KV, get: () => Promise.reject(new Error("KV unavailable")) },
    } as unknown as Env;
    await expect(publish(kvFails, name, 2, "admin", Date.now())).rejects.toThrow();
    const d1Fails = {
      ...env,
      ACTIVITY: new Proxy(env.ACTIVITY, {
        get: (t, k) =>
          k === "batch" ? () => Promise.reject(new Error("D1 unavailable")) : Reflect.get(t, k).bind(t),
      }),
    } as unknown as Env;
    await expect(publish(d1Fails, name, 2, "admin", Date.now())).rejects.toThrow("D1 unavailable");
    expect((await detail(name)).published_version).toBe(1);
  });
});

describe("DELETE /integrations/:name", () => {
  it("is refused with 409 while an account uses it, and removes it once none does", async () => {
    const name = fresh();
    await importDoc(name, acmeDocument(), { publish: true });
    const account = await createAccount("t0ken-value", "acme", name);
    const refused = await admin("DELETE", `/integrations/${name}`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: "integration_in_use", details: { accounts: [account] } },
    });
    expect((await admin("DELETE", `/integrated-account/${account}`)).status).toBe(204);
    expect((await admin("DELETE", `/integrations/${name}`)).status).toBe(204);
    expect((await admin("GET", `/integrations/${name}`)).status).toBe(404);
    const list = (await (await admin("GET", "/integrations")).json()) as { result: Array<{ name: string }> };
    expect(list.result.map((i) => i.name)).not.toContain(name);
  });
});
