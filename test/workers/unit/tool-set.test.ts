import { describe, expect, it } from "vitest";
import { applyFilter } from "../../../worker/tools/filter";
import { toolSet } from "../../../worker/tools/tool-set";
import { seedCatalog } from "../support/seed";

const all = seedCatalog("missive")?.tools ?? [];

describe("per-config tool sets", () => {
  it.each([
    [{}],
    [{ methods: ["list", "create"], tags: ["contacts", "comments", "users"] }],
    [{ methods: ["read"] }],
    [{ tags: ["contacts"], exclude_tools: ["create_a_missive_contact"] }],
  ])("yields exactly what the filter yields for %j, with a matching name map", (config) => {
    const set = toolSet(all, config);
    const kept = applyFilter(all, config);
    const expected = kept.map((t) => t.name);
    expect(set.tools.map((t) => t.name)).toEqual(expected);
    // By canonical name and, for a shortened tool, by its listed name too.
    const names = new Set(kept.flatMap((t) => [t.name, t.listedName]));
    expect([...set.byName.keys()].sort()).toEqual([...names].sort());
    for (const t of kept) expect(set.byName.get(t.listedName)).toBe(t);
  });

  it("is built once per config and never shared between configs that differ in any field", () => {
    const contacts = { tags: ["contacts"] };
    expect(toolSet(all, contacts)).toBe(toolSet(all, { tags: ["contacts"] }));
    const excluded = toolSet(all, { tags: ["contacts"], exclude_tools: ["create_a_missive_contact"] });
    expect(excluded).not.toBe(toolSet(all, contacts));
    expect(excluded.byName.has("create_a_missive_contact")).toBe(false);
    expect(toolSet(all, contacts).byName.has("create_a_missive_contact")).toBe(true);
  });
});
