import { describe, expect, it } from "vitest";
import { RAW_REGISTRY } from "../../../../docs-registry/generated";
import { createNotionSimulator, NOTION_TOKEN } from "../../../../simulator/notion";
import { ROUTES } from "../../../../simulator/notion/handlers";

const notionRecords = (RAW_REGISTRY.find((e) => (e.integration as { name: string }).name === "notion")
  ?.records ?? []) as ReadonlyArray<{ record: { http: { method: string; path: string } } }>;

function call(path: string, init: RequestInit = {}, token = NOTION_TOKEN) {
  const sim = createNotionSimulator();
  return sim.fetch(
    new Request(`https://notion.test/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "notion-version": "2025-09-03", ...init.headers },
    }),
  );
}

describe("the Notion simulator's routes", () => {
  it("serve exactly the 24 operations of the registry, each once", () => {
    const routes = ROUTES.map(([m, p]) => `${m} ${p}`);
    expect(new Set(routes).size).toBe(24);
    expect([...routes].sort()).toEqual(
      notionRecords.map((r) => `${r.record.http.method} ${r.record.http.path}`).sort(),
    );
  });

  it("answer GET /users/me with the integration's bot, not as a user id", async () => {
    const res = await call("/users/me");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "user", type: "bot", name: "edge-mcp simulator" });
  });

  it("refuse a bad token with Notion's 401 envelope", async () => {
    const res = await call("/users/me", {}, "ntn_wrong");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      object: "error",
      status: 401,
      code: "unauthorized",
      message: "API token is invalid.",
    });
  });

  it("answer an unknown path 400 invalid_request_url and a known path with another method 405", async () => {
    const unknown = await call("/nowhere");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: "invalid_request_url" });
    const wrongMethod = await call("/users", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ code: "invalid_request" });
  });
});
