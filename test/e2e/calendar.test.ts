/**
 * Calendar independence, checked where it can be: workerd does not start under libfaketime (Debian's
 * `faketime`; even `workerd --version` hangs), so the suite cannot be re-run with the system date far
 * ahead. Instead every test derives its timestamps from Date.now(), and this check keeps calendar
 * dates out of test/: local KV and alarms compare times with the real clock, so a pinned date turns
 * into a failure the day it passes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/**
 * Date-shaped strings that are not dates: MCP protocol versions, one deliberately unknown one, and
 * the Notion API version the Notion integration pins (`Notion-Version`), and the GitHub REST API
 * version the GitHub simulator serves (`X-GitHub-Api-Version`).
 */
const NOT_DATES = new Set([
  "2024-11-05",
  "2025-03-26",
  "2025-06-18",
  "2025-11-25",
  "2026-07-28",
  "2099-01-01",
  "2025-09-03",
  "2022-11-28",
]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("tests and the calendar", () => {
  it("no test file names a calendar date (protocol versions aside)", () => {
    const found: string[] = [];
    for (const file of files(join(ROOT, "test"))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\b20\d\d-[01]\d-[0-3]\d\b/g)) {
        if (!NOT_DATES.has(m[0])) found.push(`${relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
