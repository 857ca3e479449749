import { describe, expect, it } from "vitest";
import { BATCH_TOO_LARGE_KIND, capBatchAnswers, refuseBatch } from "../../../worker/mcp/batch";

const answer = (id: number, pad: number) =>
  JSON.stringify({ jsonrpc: "2.0", id, result: { pad: "x".repeat(pad) } });

describe("batch bounds", () => {
  it("replaces, in order, every answer past the byte bound by a small error naming its id", () => {
    const capped = capBatchAnswers([answer(1, 400), answer(2, 400), answer(3, 200)], 1000);
    expect(capped[0]).toBe(answer(1, 400));
    expect(capped[1]).toBe(answer(2, 400));
    const third = JSON.parse(capped[2] ?? "{}");
    expect(third).toMatchObject({ id: 3, error: { code: -32000, data: { kind: BATCH_TOO_LARGE_KIND } } });
    const fourth = capBatchAnswers([answer(1, 900), answer(2, 400)], 1000);
    expect(JSON.parse(fourth[1] ?? "{}").error.data.kind).toBe(BATCH_TOO_LARGE_KIND);
  });

  it("flattens a JSON-mode array answer before counting", () => {
    const capped = capBatchAnswers([`[${answer(1, 10)},${answer(2, 2000)}]`], 1000);
    expect(capped).toHaveLength(2);
    expect(JSON.parse(capped[0] ?? "{}").id).toBe(1);
    expect(JSON.parse(capped[1] ?? "{}")).toMatchObject({ id: 2, error: { data: { max_bytes: 1000 } } });
  });

  it("lets single messages through and refuses batches on versions without batching", () => {
    expect(refuseBatch({ jsonrpc: "2.0", id: 1, method: "ping" }, "2025-11-25")).toBeNull();
    expect(refuseBatch([{}], null)).toBeNull();
    expect(refuseBatch([{}], "2024-11-05")).toBeNull();
    for (const v of ["2025-06-18", "2025-11-25", "2026-07-28", "1999-01-01"])
      expect(refuseBatch([{}], v)?.status).toBe(400);
  });
});
