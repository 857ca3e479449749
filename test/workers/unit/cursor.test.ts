import { describe, expect, it } from "vitest";
import type { Pagination } from "../../../docs-registry/index";
import {
  CursorError,
  type CursorState,
  decodeCursor,
  encodeCursor,
  nextPage,
  pageQuery,
} from "../../../worker/tools/cursor";

const until: Pagination = { style: "until", cursor_field: "ts", limit: { default: 3, max: 10, min: 2 } };
const offset: Pagination = { style: "offset", limit: { default: 2, max: 200 } };

/** A fake upstream with Missive's `until` semantics: newest first, inclusive, ties at the boundary kept. */
function upstreamUntil(items: Array<{ id: string; ts: number }>, limit: number, u?: number) {
  const eligible = items.filter((i) => u === undefined || i.ts <= u).sort((a, b) => b.ts - a.ts);
  const page = eligible.slice(0, limit);
  const last = page.at(-1);
  if (last) for (const i of eligible.slice(limit)) if (i.ts === last.ts) page.push(i);
  return page;
}

function drainUntil(items: Array<{ id: string; ts: number }>, limit: number, extend: boolean) {
  const out: string[] = [];
  let state: CursorState | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const q = pageQuery(until, limit, state);
    const u = q.until === undefined ? undefined : Number(q.until);
    const sent = Number(q.limit);
    const raw = extend
      ? upstreamUntil(items, sent, u)
      : items
          .filter((i) => u === undefined || i.ts <= u)
          .sort((a, b) => b.ts - a.ts)
          .slice(0, sent);
    const page = nextPage(until, "t", limit, raw, state);
    out.push(...page.items.map((i) => (i as { id: string }).id));
    if (!page.next) return out;
    state = decodeCursor("t", encodeCursor(page.next));
  }
  throw new Error("did not terminate");
}

describe("pagination cursors", () => {
  it("round-trips opaque cursors and binds them to their tool", () => {
    const c = encodeCursor({ t: "list_all_x", o: 50 });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor("list_all_x", c)).toEqual({ t: "list_all_x", o: 50 });
    expect(() => decodeCursor("list_all_y", c)).toThrow(CursorError);
    expect(() => decodeCursor("list_all_x", "not a cursor!")).toThrow(CursorError);
  });

  it("pages offset lists to the end, stopping on a short page", () => {
    const first = nextPage(offset, "t", 2, [{ id: "a" }, { id: "b" }], undefined);
    expect(first.next).toEqual({ t: "t", o: 2 });
    expect(pageQuery(offset, 2, first.next ?? undefined)).toEqual({ limit: "2", offset: "2" });
    expect(nextPage(offset, "t", 2, [{ id: "c" }], first.next ?? undefined).next).toBeNull();
  });

  const tied = [
    { id: "a", ts: 100 },
    { id: "b", ts: 90 },
    { id: "c", ts: 80 },
    { id: "d", ts: 80 },
    { id: "e", ts: 80 },
    { id: "f", ts: 80 },
    { id: "g", ts: 70 },
    { id: "h", ts: 60 },
    { id: "i", ts: 60 },
  ];

  it("returns every item exactly once when ties straddle page boundaries (inclusive until)", () => {
    const got = drainUntil(tied, 3, false);
    expect(got.sort()).toEqual(tied.map((i) => i.id).sort());
    expect(new Set(got).size).toBe(got.length);
  });

  it("returns every item exactly once when the upstream extends a page past limit at a tie", () => {
    const got = drainUntil(tied, 2, true);
    expect(got.sort()).toEqual(tied.map((i) => i.id).sort());
  });

  it("steps below a timestamp whose ties fill a whole page, instead of looping", () => {
    const allTied = Array.from({ length: 7 }, (_, i) => ({ id: `x${i}`, ts: 50 })).concat([
      { id: "y", ts: 40 },
    ]);
    const got = drainUntil(allTied, 3, false);
    // Without tie extension the API cannot return more than `limit` items at ts=50; the cursor must
    // still make progress and reach the older item.
    expect(got).toContain("y");
    expect(new Set(got).size).toBe(got.length);
  });
});
