/**
 * The pinned MCP Inspector's schema portability check (`tools/list` lint, `--strict` for details)
 * against the demo servers of the real stack (`wrangler dev`): under the default `portable` profile
 * it finds nothing on Missive's and Notion's all-tools servers, nor on the first page of GitHub's
 * (imported from its own document through the admin API); under `full` it still finds what it found
 * before, so the check is live.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { admin, packageBin, removeTempHomes, runNodeScript, stack, tempHome } from "./support.ts";

/**
 * GitHub's document is imported under its own name here: the runtime-import test measures the first
 * import of `github` in this stack, whichever file runs first.
 */
const GITHUB_COPY = "ghcopy";

const CREDENTIALS: Record<string, string> = {
  missive: "missive_pat-simulator",
  notion: "ntn_simulator",
  [GITHUB_COPY]: "ghp_simulator",
};

/** An all-tools server (listing every tool, whatever their number) of `integration` under `config`. */
async function server(integration: string, config: Record<string, unknown>): Promise<string> {
  const account = await admin<{ id: string }>("POST", "/integrated-account", {
    integration,
    name: `portability ${integration}`,
    credentials: { api_token: CREDENTIALS[integration] },
    verify: false,
  });
  const created = await admin<{ url: string }>("POST", `/integrated-account/${account.id}/mcp`, {
    name: `portability ${integration}`,
    config: { tool_exposure: "all", ...config },
  });
  return created.url;
}

/** `mcp-inspector --cli <url> --method tools/list --strict`: the tool names and the findings report. */
async function inspect(
  url: string,
): Promise<{ names: string[]; findings: unknown; report: string; code: number | null }> {
  const out = await runNodeScript(
    packageBin("@modelcontextprotocol/inspector", "mcp-inspector"),
    [
      "--cli",
      url,
      "--transport",
      "http",
      "--method",
      "tools/list",
      "--strict",
      "--format",
      "json",
      "--stored-auth-only",
    ],
    { env: { HOME: tempHome("inspector-lint") }, timeoutMs: 60_000 },
  );
  const json = JSON.parse(out.stdout) as {
    result: { tools: Array<{ name: string }> };
    schemaFindings?: unknown;
  };
  return {
    names: json.result.tools.map((t) => t.name),
    findings: json.schemaFindings,
    report: out.stderr,
    code: out.code,
  };
}

afterAll(() => removeTempHomes());

describe("the MCP Inspector's portability check on the demo servers", () => {
  for (const [integration, count] of [
    ["missive", 42],
    ["notion", 24],
  ] as const) {
    it(`prints no finding for ${integration}'s ${count} tools under the default profile`, async () => {
      const r = await inspect(await server(integration, {}));
      expect(r.names).toHaveLength(count);
      expect(r.code, r.report).toBe(0);
      expect(r.findings).toBeUndefined();
      expect(r.report).not.toMatch(/Schema portability|Warning:|Error:/);
    });
  }

  it("still finds the documented type union under the full profile (the check is live)", async () => {
    const r = await inspect(await server("missive", { schema_profile: "full" }));
    expect(r.report).toMatch(/Warning: tool "create_a_missive_draft"/);
    expect(r.report).toMatch(/1 warning across 1 tool/);
  });

  it("prints no finding on the first page of GitHub's tools, imported from its own document", async () => {
    const spec = readFileSync(
      createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json"),
      "utf8",
    );
    const res = await fetch(`${stack().gateway}/integrations`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack().adminToken}`, "content-type": "application/json" },
      body: `{"name":"${GITHUB_COPY}","publish":true,"openapi":${spec}}`,
    });
    expect([200, 201], await res.clone().text()).toContain(res.status);
    const r = await inspect(await server(GITHUB_COPY, {}));
    expect(r.names.length).toBeGreaterThan(100);
    expect(r.code, r.report).toBe(0);
    expect(r.findings).toBeUndefined();
    expect(r.report).not.toMatch(/Schema portability|Warning:|Error:/);
  });
});
