/**
 * The integration title an import infers from `info.title`: it begins every tool's title, so a
 * document's long self-description must not become it.
 */
import { describe, expect, it } from "vitest";
import { integrationTitle } from "../../../worker/integrations/import/openapi";

describe("integrationTitle", () => {
  it("keeps a short info.title, without a trailing API or REST API", () => {
    const notes: string[] = [];
    expect(integrationTitle("Acme API", "acme", notes)).toBe("Acme");
    expect(integrationTitle("Missive REST API", "missive", notes)).toBe("Missive");
    expect(integrationTitle("Notion", "notion", notes)).toBe("Notion");
    expect(notes).toEqual([]);
  });

  it("takes the word that spells the name from a long info.title, and reports it", () => {
    const notes: string[] = [];
    expect(integrationTitle("GitHub's official OpenAPI spec + Octokit extension", "github", notes)).toBe(
      "GitHub",
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^title: "GitHub" \(info\.title "GitHub's official OpenAPI spec/);
    expect(notes[0]).toContain("integration.title");
  });

  it("falls back to the name when no word of a long info.title spells it", () => {
    const notes: string[] = [];
    expect(integrationTitle("The public interface of our billing platform", "billing_v2", notes)).toBe(
      "billing_v2",
    );
    expect(integrationTitle(undefined, "acme", notes)).toBe("acme");
    expect(notes).toHaveLength(1);
  });
});
