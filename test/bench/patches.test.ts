/**
 * The control of `npm run bench:emulation-check` (bench/lib/snapshot.ts): a patch applies exactly once
 * or stops the run, and the control's patches still apply to the current sources.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPatch, CONTROL_PATCHES } from "../../bench/lib/snapshot.ts";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

describe("applyPatch", () => {
  it("replaces the one occurrence, taking the replacement literally", () => {
    const text = "const a = 1;\nconst b = 2;\n";
    expect(applyPatch(text, { file: "x.ts", from: "const b = 2;", to: "const b = '$&$1';" })).toBe(
      "const a = 1;\nconst b = '$&$1';\n",
    );
  });

  it("stops when the text is gone or ambiguous, naming the file", () => {
    expect(() => applyPatch("a\n", { file: "worker/x.ts", from: "b", to: "c" })).toThrow(
      "patch no longer applies to worker/x.ts (not found): b",
    );
    expect(() => applyPatch("b b\n", { file: "worker/x.ts", from: "b", to: "c" })).toThrow("(found 2 times)");
  });
});

describe("the emulation check's control patches", () => {
  it("apply to the current sources, each exactly once", () => {
    expect(CONTROL_PATCHES.map((p) => p.file).sort()).toEqual([
      "worker/activity/record.ts",
      "worker/mcp/limit.ts",
    ]);
    for (const p of CONTROL_PATCHES) {
      expect(applyPatch(readFileSync(join(ROOT, p.file), "utf8"), p)).toContain(p.to);
    }
  });
});
