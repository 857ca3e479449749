/**
 * The footprint report where servers are made: create, update and preview answer with the surface
 * (tool count, tokens in total and per tool, exposure) and warnings against named client limits.
 */
import { describe, expect, it } from "vitest";
import { TOOL_TOKENS } from "../../../docs-registry/tool-tokens";
import { admin, createAccount, createServer } from "../support/gateway";

interface Fp {
  tool_count: number;
  tokens_total: number;
  tokens_per_tool: Record<string, number>;
  exposure: string;
  effective_exposure: string;
  listed: { tool_count: number; tokens: number };
  warnings: Array<{ client: string; limit: string; message: string }>;
  suggestion?: string;
}

const missiveTokens = TOOL_TOKENS.missive ?? {};

describe("footprint reports", () => {
  it("answers a create with the surface and warns that Cursor flags more than 40 tools, suggesting auto", async () => {
    const account = await createAccount();
    const created = (await createServer(account, { name: "all" })) as unknown as {
      footprint: Fp;
      url: string;
    };
    const fp = created.footprint;
    expect(fp.tool_count).toBe(42);
    expect(Object.keys(fp.tokens_per_tool)).toHaveLength(42);
    // Estimated o200k counts (worker/integrations/tokens.ts) against the real ones (js-tiktoken).
    expect(Object.keys(fp.tokens_per_tool).sort()).toEqual(Object.keys(missiveTokens).sort());
    for (const [tool, real] of Object.entries(missiveTokens)) {
      expect(Math.abs((fp.tokens_per_tool[tool] ?? 0) - real) / real, tool).toBeLessThanOrEqual(0.15);
    }
    const realTotal = Object.values(missiveTokens).reduce((a, b) => a + b, 0);
    expect(fp.tokens_total).toBe(Object.values(fp.tokens_per_tool).reduce((a, b) => a + b, 0));
    expect(Math.abs(fp.tokens_total - realTotal) / realTotal).toBeLessThanOrEqual(0.03);
    expect(fp.tokens_total).toBeLessThanOrEqual(12_000);
    expect(fp).toMatchObject({ exposure: "all", effective_exposure: "all", listed: { tool_count: 42 } });
    expect(fp.warnings).toContainEqual(expect.objectContaining({ client: "Cursor", limit: "40 tools" }));
    expect(fp.warnings.map((w) => w.client)).not.toContain("ChatGPT");
    expect(fp.suggestion).toMatch(/"auto"/);
  });

  it("reports discovery for auto above 40 tools: clients see three tools and no limit is crossed", async () => {
    const account = await createAccount();
    const created = (await createServer(account, {
      name: "auto",
      config: { tool_exposure: "auto" },
    })) as unknown as { footprint: Fp; config: Record<string, unknown> };
    expect(created.config).toMatchObject({ tool_exposure: "auto" });
    const fp = created.footprint;
    expect(fp).toMatchObject({ exposure: "auto", effective_exposure: "discovery", tool_count: 42 });
    expect(fp.listed.tool_count).toBe(3);
    expect(fp.listed.tokens).toBeLessThanOrEqual(1_500);
    expect(fp.warnings).toEqual([]);
    expect(fp.suggestion).toBeUndefined();
  });

  it("answers an update with the new surface", async () => {
    const account = await createAccount();
    const server = await createServer(account, { name: "narrowing" });
    const res = await admin("PATCH", `/integrated-account/${account}/mcp/${server.id}`, {
      config: { methods: ["read", "write"], tags: ["contacts", "conversations", "labels"] },
    });
    expect(res.status).toBe(200);
    const fp = ((await res.json()) as { footprint: Fp }).footprint;
    expect(fp.tool_count).toBe(24);
    expect(fp.warnings).toEqual([]);
    expect(fp.effective_exposure).toBe("all");
  });

  it("previews the footprint of a filter and exposure before anything is minted", async () => {
    const account = await createAccount();
    const res = await admin(
      "GET",
      `/integrated-account/${account}/tools?tags=contacts&tool_exposure=discovery`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: Array<{ name: string }>; footprint: Fp };
    expect(body.footprint.tool_count).toBe(body.result.length);
    expect(body.footprint).toMatchObject({ exposure: "discovery", effective_exposure: "discovery" });
    const per = body.footprint.tokens_per_tool;
    expect(Object.keys(per).sort()).toEqual(body.result.map((t) => t.name).sort());
    const bad = await admin("GET", `/integrated-account/${account}/tools?tool_exposure=sometimes`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/tool_exposure/);
  });

  it("refuses an unknown tool_exposure on create", async () => {
    const account = await createAccount();
    const res = await admin("POST", `/integrated-account/${account}/mcp`, {
      name: "x",
      config: { tool_exposure: "some" },
    });
    expect(res.status).toBe(400);
  });
});
