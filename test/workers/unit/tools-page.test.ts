import { describe, expect, it } from "vitest";
import type { GatewayTool } from "../../../worker/tools/build";
import {
  TOOLS_PAGE_MAX_CHARS,
  TOOLS_PAGE_SIZE,
  toolDefinition,
  toolsPage,
} from "../../../worker/tools/definition";
import { seedCatalog } from "../support/seed";

const missive = seedCatalog("missive")?.tools ?? [];

/** `count` distinct tools, each a Missive tool under a new name (same definition size give or take). */
function manyTools(count: number): GatewayTool[] {
  return Array.from({ length: count }, (_, i) => {
    const base = missive[i % missive.length] as GatewayTool;
    const name = `${base.name.slice(0, 30)}_${i}`;
    return { ...base, name, listedName: name };
  });
}

/** Follows `end` from offset 0 and returns every page. */
function allPages(listed: readonly GatewayTool[]) {
  const pages: ReturnType<typeof toolsPage>[] = [];
  for (let offset = 0; offset < listed.length; ) {
    const page = toolsPage(listed, offset);
    pages.push(page);
    offset = page.end;
  }
  return pages;
}

describe("tools/list pages", () => {
  it("serve a small surface on one page, every tool once and in order", () => {
    const pages = allPages(missive);
    expect(pages).toHaveLength(1);
    // Listed under their listed names (the one Missive name over 40 characters is shortened).
    expect(pages[0]?.tools.map((t) => t.name)).toEqual(missive.map((t) => t.listedName));
    expect(pages[0]?.end).toBe(missive.length);
  });

  it("end at the tool count or before their JSON passes the character bound, listing every tool once", () => {
    const listed = manyTools(1000);
    const pages = allPages(listed);
    const names = pages.flatMap((p) => p.tools.map((t) => t.name));
    expect(names).toEqual(listed.map((t) => t.name));
    for (const page of pages) {
      expect(page.tools.length).toBeGreaterThan(0);
      expect(page.tools.length).toBeLessThanOrEqual(TOOLS_PAGE_SIZE);
      expect(JSON.stringify(page.tools).length).toBeLessThanOrEqual(TOOLS_PAGE_MAX_CHARS);
    }
    // Missive's definitions average over 1 KB, so the character bound ends pages before 200 tools.
    expect(pages.length).toBeGreaterThan(Math.ceil(listed.length / TOOLS_PAGE_SIZE));
  });

  it("still gives a tool larger than the bound a page of its own", () => {
    const base = missive[0] as GatewayTool;
    const huge = {
      ...base,
      name: "huge_tool",
      listedName: "huge_tool",
      description: "x".repeat(TOOLS_PAGE_MAX_CHARS + 10),
    };
    const listed = [base, huge, missive[1] as GatewayTool];
    const pages = allPages(listed);
    expect(pages.map((p) => p.tools.map((t) => t.name))).toEqual([
      [base.listedName],
      ["huge_tool"],
      [listed[2]?.listedName],
    ]);
    expect(toolDefinition(huge).description.length).toBeGreaterThan(TOOLS_PAGE_MAX_CHARS);
  });
});
