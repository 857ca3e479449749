/**
 * The Worker's o200k estimate (worker/integrations/tokens.ts) against the real tokenizer's counts of
 * every shipped tool (docs-registry/tool-tokens.ts, measured with js-tiktoken by `npm run registry`):
 * the bounds its doc comment states.
 */
import { describe, expect, it } from "vitest";
import { TOOL_TOKENS } from "../../../docs-registry/tool-tokens";
import { estimateTokens } from "../../../worker/integrations/tokens";
import { toolDefinition } from "../../../worker/tools/definition";
import { seedCatalog } from "../support/seed";

describe("the token estimate of tool definitions", () => {
  for (const name of ["missive", "notion"]) {
    it(`keeps ${name}'s whole surface within 1.5 % and each tool within 15 % of the real o200k count`, () => {
      const real = TOOL_TOKENS[name] ?? {};
      const tools = seedCatalog(name).tools;
      expect(tools.length).toBe(Object.keys(real).length);
      let est = 0;
      let sum = 0;
      const errors: number[] = [];
      for (const t of tools) {
        const r = real[t.name] ?? 0;
        const e = estimateTokens(JSON.stringify(toolDefinition(t)));
        est += e;
        sum += r;
        errors.push(Math.abs(e - r) / r);
      }
      expect(Math.abs(est - sum) / sum).toBeLessThanOrEqual(0.015);
      expect(Math.max(...errors)).toBeLessThanOrEqual(0.15);
      errors.sort((a, b) => a - b);
      expect(errors[Math.floor(errors.length * 0.95)]).toBeLessThanOrEqual(0.08);
    });
  }

  it("counts nothing as one token and grows with text", () => {
    expect(estimateTokens("")).toBe(1);
    expect(estimateTokens("hello world")).toBeLessThan(estimateTokens("hello world, hello again world"));
  });
});
