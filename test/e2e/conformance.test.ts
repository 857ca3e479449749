/**
 * The MCP conformance suite (`@modelcontextprotocol/conformance`) against a fresh MCP URL on the
 * running stack. test/conformance/baseline.json says which server scenarios apply to a tools-only
 * server (run here; any FAILURE, or a WARNING the baseline does not accept, fails the test) and why
 * the others do not (skipped with that reason). A suite upgrade that adds a scenario fails the
 * classification test until the baseline places it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { newServer, packageBin, runNodeScript } from "./support.ts";

interface Baseline {
  suite: string;
  run: Record<string, { reason: string; acceptedWarnings?: Record<string, string> }>;
  notApplicable: Record<string, string>;
  notInSuite: Record<string, string>;
}

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
  errorMessage?: string;
}

const baseline = JSON.parse(
  readFileSync(new URL("../conformance/baseline.json", import.meta.url), "utf8"),
) as Baseline;

const CONFORMANCE = packageBin("@modelcontextprotocol/conformance", "conformance");

/** Runs one server scenario against `url` and returns its checks. */
async function runScenario(url: string, scenario: string): Promise<Check[]> {
  const outDir = mkdtempSync(join(tmpdir(), "edge-mcp-conformance-"));
  const out = await runNodeScript(
    CONFORMANCE,
    ["server", "--url", url, "--scenario", scenario, "--output-dir", outDir],
    { env: { HOME: outDir }, timeoutMs: 45_000 },
  );
  try {
    const dir = readdirSync(outDir).find((d) => d.startsWith(`server-${scenario}-`));
    if (!dir) throw new Error(`no results for ${scenario} (exit ${out.code}):\n${out.stdout}\n${out.stderr}`);
    return JSON.parse(readFileSync(join(outDir, dir, "checks.json"), "utf8")) as Check[];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

describe(`MCP conformance (${baseline.suite}) against an MCP URL`, () => {
  let url = "";

  beforeAll(async () => {
    ({ url } = await newServer());
  });

  it("classifies every server scenario the installed suite lists as run or not applicable", async () => {
    const out = await runNodeScript(CONFORMANCE, ["list", "--server"], { timeoutMs: 30_000 });
    const listed = [...out.stdout.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1] ?? "");
    expect(listed.length).toBeGreaterThan(10);
    const classified = [...Object.keys(baseline.run), ...Object.keys(baseline.notApplicable)];
    expect([...listed].sort()).toEqual([...classified].sort());
    for (const absent of Object.keys(baseline.notInSuite)) expect(listed).not.toContain(absent);
  });

  for (const [scenario, { reason, acceptedWarnings = {} }] of Object.entries(baseline.run)) {
    it(`passes ${scenario}: ${reason}`, async () => {
      const checks = await runScenario(url, scenario);
      expect(checks.length).toBeGreaterThan(0);
      const failures = checks.filter((c) => c.status === "FAILURE");
      expect(failures, JSON.stringify(failures, null, 2)).toEqual([]);
      const unexpected = checks.filter((c) => c.status === "WARNING" && !(c.id in acceptedWarnings));
      expect(unexpected, "a new warning: fix it or accept it in baseline.json with a reason").toEqual([]);
    });
  }

  for (const [scenario, reason] of Object.entries(baseline.notApplicable)) {
    it.skip(`${scenario} does not apply: ${reason}`, () => {});
  }

  for (const [scenario, reason] of Object.entries(baseline.notInSuite)) {
    it.skip(`${scenario} is not in the suite: ${reason}`, () => {});
  }
});
