/** Runs in `workers-bounded` (MAX_RESULT_CHARS 6000): a cut result is recorded as truncated. */
import { describe, expect, it } from "vitest";
import { connectOn, recordsOf, TRANSPORTS } from "../support/activity";
import { createAccount, createServer, installSimulator, structuredOf } from "../support/gateway";

describe("activity records of truncated results", () => {
  it.each(TRANSPORTS)("records truncated: 1 and the size actually sent ($name)", async (way) => {
    const sim = installSimulator();
    const server = await createServer(await createAccount());
    const client = await connectOn(server.url, way);
    const r = await client.callTool({
      name: "list_all_missive_contacts",
      arguments: { contact_book: sim.data.facts.contactBooks.enterpriseLeads, limit: 200 },
    });
    await client.close();
    expect(structuredOf(r).truncated).toBe(true);
    const [row] = await recordsOf(server.id, 1);
    expect(row).toMatchObject({
      outcome: "ok",
      truncated: 1,
      upstream_status: 200,
      transport: way.transport,
    });
    expect(row?.result_bytes).toBeGreaterThan(1000);
    expect(row?.result_bytes).toBeLessThanOrEqual(6000);
  });
});
