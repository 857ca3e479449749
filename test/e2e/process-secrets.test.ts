import { describe, expect, it } from "vitest";
import { allCommandLines, stack } from "./support.ts";

describe.runIf(process.platform === "linux")("the e2e stack's wrangler processes", () => {
  it("receive ADMIN_TOKEN and CREDENTIALS_KEY through a private file, never on a command line", () => {
    const table = allCommandLines();
    const gateway = table.split("\n").find((l) => l.includes(`--port ${new URL(stack().gateway).port}`));
    expect(gateway).toContain("--env-file");
    expect(table).not.toContain(stack().adminToken);
    expect(table).not.toContain(stack().credentialsKey);
  });
});
