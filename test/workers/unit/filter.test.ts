import { describe, expect, it } from "vitest";
import { applyFilter, toolAllowed } from "../../../worker/tools/filter";
import { methodMatches } from "../../../worker/tools/method-kinds";

const tools = [
  { name: "list_books", method: "list", tags: ["contacts"] },
  { name: "get_contact", method: "get", tags: ["contacts"] },
  { name: "create_contact", method: "create", tags: ["contacts"] },
  { name: "update_label", method: "update", tags: ["labels"] },
  { name: "delete_post", method: "delete", tags: ["conversations", "posts"] },
  { name: "merge_conversation", method: "merge", tags: ["conversations"] },
];
const names = (filter: Parameters<typeof applyFilter>[1]) => applyFilter(tools, filter).map((t) => t.name);

describe("server filters", () => {
  it("keeps everything when neither methods nor tags are set", () => {
    expect(names({})).toEqual(tools.map((t) => t.name));
  });

  it("maps read to get + list, write to create + update + delete, custom to non-CRUD methods", () => {
    expect(names({ methods: ["read"] })).toEqual(["list_books", "get_contact"]);
    expect(names({ methods: ["write"] })).toEqual(["create_contact", "update_label", "delete_post"]);
    expect(names({ methods: ["custom"] })).toEqual(["merge_conversation"]);
    expect(methodMatches("merge", "merge")).toBe(true);
    expect(methodMatches("list", "custom")).toBe(false);
  });

  it("accepts exact method names next to groups", () => {
    expect(names({ methods: ["read", "delete"] })).toEqual(["list_books", "get_contact", "delete_post"]);
  });

  it("keeps tools whose tags intersect the list, and ANDs methods with tags", () => {
    expect(names({ tags: ["posts", "labels"] })).toEqual(["update_label", "delete_post"]);
    expect(names({ methods: ["write"], tags: ["conversations"] })).toEqual(["delete_post"]);
    expect(names({ methods: ["read"], tags: ["labels"] })).toEqual([]);
  });

  it("uses one predicate for listing and calling", () => {
    const filter = { methods: ["read"], tags: ["contacts"] };
    for (const t of tools) expect(toolAllowed(t, filter)).toBe(names(filter).includes(t.name));
  });
});
