/**
 * The engine is general: no integration is named anywhere in `worker/` or `durable-objects/`
 * (code or comments). Everything integration-specific is data in `docs-registry/`.
 */
import { describe, expect, it } from "vitest";
import { registry } from "../../../docs-registry/index";

const sources = {
  ...import.meta.glob("../../../worker/**/*.ts", { query: "?raw", import: "default", eager: true }),
  ...import.meta.glob("../../../durable-objects/**/*.ts", { query: "?raw", import: "default", eager: true }),
} as Record<string, string>;

describe("the engine names no integration", () => {
  it("reads the engine's sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(Object.keys(sources)).toContain("../../../worker/tools/build.ts");
  });

  it("mentions no integration of the registry in worker/ or durable-objects/", () => {
    const names = [...registry().keys()];
    expect(names).toEqual(expect.arrayContaining(["missive", "notion"]));
    const hits: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const name of names) {
        for (const line of text.split("\n")) {
          if (new RegExp(`\\b${name}`, "i").test(line)) hits.push(`${file}: ${line.trim()}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });
});
