/**
 * The bench's same-run variants (bench/lib/snapshot.ts): a patch applies exactly once or stops the
 * run, patch files are checked before anything starts, and the control of `npm run
 * bench:emulation-check` still applies to the current sources.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPatch, readPatchFile } from "../../bench/lib/snapshot.ts";
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

describe("readPatchFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "edge-mcp-patches-"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("reads an array of { file, from, to }", () => {
    const path = file("ok.json", JSON.stringify([{ file: "a.ts", from: "x", to: "" }]));
    expect(readPatchFile(path)).toEqual([{ file: "a.ts", from: "x", to: "" }]);
  });

  it.each([
    ["not JSON", "[{", "cannot read"],
    ["empty", "[]", "expected a non-empty JSON array"],
    ["a field missing", JSON.stringify([{ file: "a.ts", from: "x" }]), "expected a non-empty JSON array"],
    [
      "an empty from",
      JSON.stringify([{ file: "a.ts", from: "", to: "y" }]),
      "expected a non-empty JSON array",
    ],
    [
      "a file outside the project",
      JSON.stringify([{ file: "../a.ts", from: "x", to: "y" }]),
      "inside the project",
    ],
    ["an absolute file", JSON.stringify([{ file: "/etc/hosts", from: "x", to: "y" }]), "inside the project"],
  ])("refuses a file that is %s", (name, content, message) => {
    expect(() => readPatchFile(file(`${name}.json`, content))).toThrow(message);
  });

  it("names a missing file", () => {
    expect(() => readPatchFile(join(dir, "absent.json"))).toThrow(`cannot read ${join(dir, "absent.json")}`);
  });
});

describe("bench/experiments/bindings-removed.json (the emulation check's control)", () => {
  it("applies to the current sources, each patch exactly once", () => {
    const patches = readPatchFile(join(ROOT, "bench", "experiments", "bindings-removed.json"));
    expect(patches.map((p) => p.file).sort()).toEqual(["worker/activity/record.ts", "worker/mcp/limit.ts"]);
    for (const p of patches) {
      const patched = applyPatch(readFileSync(join(ROOT, p.file), "utf8"), p);
      expect(patched).toContain(p.to);
    }
  });
});
