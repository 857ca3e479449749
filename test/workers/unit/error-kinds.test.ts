/**
 * Tool error kinds are one typed union (worker/tools/error-kinds.ts), and the user guide lists
 * exactly those: a kind added in code without a line in docs/rate-limits-and-errors.md, or a line
 * for a kind the code never sends, fails here.
 */
import { describe, expect, it } from "vitest";
import { TOOL_ERROR_KINDS } from "../../../worker/tools/error-kinds";
import { toolError } from "../../../worker/tools/result";

const doc = Object.values(
  import.meta.glob("../../../docs/rate-limits-and-errors.md", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
)[0] as string;

/** The backticked names in the first column of the "Tool errors" table. */
function documentedKinds(text: string): string[] {
  const section = text.split(/^## Tool errors$/m)[1]?.split(/^## /m)[0] ?? "";
  const kinds: string[] = [];
  for (const line of section.split("\n")) {
    const first = line.startsWith("|") ? line.split("|")[1] : undefined;
    for (const m of first?.matchAll(/`([a-z_]+)`/g) ?? []) if (m[1]) kinds.push(m[1]);
  }
  return kinds;
}

describe("tool error kinds", () => {
  it("are each documented in docs/rate-limits-and-errors.md, and the doc lists no other", () => {
    const documented = documentedKinds(doc);
    expect(documented.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual(Object.keys(TOOL_ERROR_KINDS).sort());
  });

  it("travel as structuredContent.error.kind", () => {
    const result = toolError("Gone.", { kind: "account_missing" });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toEqual({ error: { message: "Gone.", kind: "account_missing" } });
  });
});
