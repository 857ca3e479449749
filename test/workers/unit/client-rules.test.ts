/// <reference types="vite/client" />
/**
 * Every tool of every integration — the shipped Missive and Notion, and GitHub imported at runtime
 * from its own OpenAPI document by the real importer — checked against every client's rule set
 * (worker/tools/client-rules.ts) as `tools/list` sends it under each schema profile. A failure lists
 * each violation by tool and JSON path.
 */
import githubDocument from "@octokit/openapi/generated/api.github.com.json?raw";
import { beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../../worker/integrations/import/index";
import { validateContent } from "../../../worker/integrations/snapshot";
import { buildTools, type GatewayTool } from "../../../worker/tools/build";
import { RULE_SETS, type RuleSetName, type Violation, violations } from "../../../worker/tools/client-rules";
import { toolDefinition } from "../../../worker/tools/definition";
import { MAX_LISTED_NAME } from "../../../worker/tools/listed-name";
import { SCHEMA_PROFILES, type SchemaProfile } from "../../../worker/tools/schema-profiles";
import { seedCatalog } from "../support/seed";

const integrations = new Map<string, readonly GatewayTool[]>();

beforeAll(() => {
  integrations.set("missive", seedCatalog("missive").tools);
  integrations.set("notion", seedCatalog("notion").tools);
  const imported = importDocument(githubDocument, "github");
  const content = validateContent({
    integration: imported.integration,
    records: [...imported.records].map(([file, record]) => ({ file, record })),
  });
  integrations.set("github", buildTools(content.integration, content.records));
}, 120_000);

const RULES = Object.keys(RULE_SETS) as RuleSetName[];

/**
 * Every violation of `rules` by the integration's tools as listed under `profile` (`before`: as
 * listed before profiles and short names existed, the documented schema under the canonical name).
 */
function found(integration: string, profile: SchemaProfile | "before", rules: RuleSetName): Violation[] {
  return (integrations.get(integration) ?? []).flatMap((t) => {
    const d = toolDefinition(t, profile === "before" ? "full" : profile);
    return violations(rules, { name: profile === "before" ? t.name : d.name, inputSchema: d.inputSchema });
  });
}

const listing = (v: Violation[]) => v.slice(0, 25).map((x) => `${x.tool} ${x.path}: ${x.message}`);

describe("client rule sets over every tool of every integration", () => {
  it("builds the three integrations, GitHub's 1,000+ tools from its own document", () => {
    expect(integrations.get("missive")).toHaveLength(42);
    expect(integrations.get("notion")).toHaveLength(24);
    expect((integrations.get("github") ?? []).length).toBeGreaterThan(1_000);
  });

  it("finds in the old wire (documented schemas, canonical names) what the clients refuse", () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const name of integrations.keys()) {
      counts[name] = Object.fromEntries(RULES.map((r) => [r, found(name, "before", r).length]));
    }
    // What the pinned Inspector reported on the demo servers before: 1 warning, and 5 across 3 tools.
    expect(counts.missive?.inspector).toBe(1);
    expect(counts.notion?.inspector).toBe(5);
    expect(new Set(found("notion", "before", "inspector").map((v) => v.tool)).size).toBe(3);
    expect(counts.missive?.claude).toBe(1); // get_single_missive_analytics_report_by_id: 65 with claude.ai's prefix
    expect(counts.github?.gemini).toBeGreaterThan(0);
    expect(counts.github?.claude).toBeGreaterThan(500);
  });

  for (const name of ["missive", "notion", "github"]) {
    it(`lists every ${name} tool under the default \`portable\` profile within every rule set but OpenAI strict`, () => {
      for (const rules of RULES.filter((r) => r !== "openai_strict")) {
        expect(listing(found(name, "portable", rules)), `${name} × ${rules}`).toEqual([]);
      }
    });

    it(`lists every ${name} tool under \`openai_strict\` within OpenAI's strict rules and the size, name and root rules`, () => {
      for (const rules of ["openai_strict", "openai", "mcp", "claude", "gemini_json_schema"] as const) {
        expect(listing(found(name, "openai_strict", rules)), `${name} × ${rules}`).toEqual([]);
      }
    });
  }

  it("prints the violation counts per integration, profile and rule set", () => {
    const table: string[] = [];
    for (const name of integrations.keys()) {
      for (const profile of ["before", ...SCHEMA_PROFILES] as const) {
        const row = RULES.map((r) => `${r}=${found(name, profile, r).length}`).join(" ");
        table.push(`${name} ${profile}: ${row}`);
      }
    }
    console.log(table.join("\n"));
    expect(table).toHaveLength(12);
  });
});

describe("listed names fit the longest common client prefixes", () => {
  it(`lists every name within ${MAX_LISTED_NAME} characters, distinct from every other tool's names`, () => {
    for (const [name, tools] of integrations) {
      const seen = new Set<string>();
      for (const t of tools) {
        expect(t.listedName.length, t.name).toBeLessThanOrEqual(MAX_LISTED_NAME);
        expect(t.listedName, t.name).toMatch(/^[a-z0-9_]+$/);
        for (const n of new Set([t.name, t.listedName])) {
          expect(seen.has(n), `${name}: ${n}`).toBe(false);
          seen.add(n);
        }
      }
    }
  });

  it("shortens exactly the names over the budget: Missive 1, Notion 0, about half of GitHub's", () => {
    const shortened = (n: string) => (integrations.get(n) ?? []).filter((t) => t.listedName !== t.name);
    for (const tools of integrations.values())
      for (const t of tools) expect(t.listedName !== t.name, t.name).toBe(t.name.length > MAX_LISTED_NAME);
    expect(shortened("missive").map((t) => [t.name, t.listedName])).toEqual([
      ["get_single_missive_analytics_report_by_id", "get_missive_analytics_report_by_id"],
    ]);
    expect(shortened("notion")).toEqual([]);
    const github = shortened("github");
    const hashed = github.filter(
      (t) => /_[0-9a-v]{6}$/.test(t.listedName) && !t.name.endsWith(t.listedName.slice(-7)),
    );
    console.log(
      `GitHub: ${github.length} of ${integrations.get("github")?.length} names shortened, ${hashed.length} with a hash suffix`,
    );
    expect(github.length).toBeGreaterThan(500);
  });
});

describe("the portable profile keeps what a model needs", () => {
  it("keeps every argument, its requiredness and a description at every depth", () => {
    for (const tools of integrations.values()) {
      for (const t of tools) {
        const wire = toolDefinition(t).inputSchema;
        expect(Object.keys(wire.properties ?? {}), t.name).toEqual(Object.keys(t.inputSchema.properties));
        expect(wire.required ?? [], t.name).toEqual(t.inputSchema.required ?? []);
        for (const [k, p] of Object.entries(wire.properties ?? {}))
          expect((p.description ?? "").length, `${t.name}.${k}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
