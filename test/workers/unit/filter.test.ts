import { describe, expect, it } from "vitest";
import { applyFilter, toolAllowed } from "../../../worker/tools/filter";
import { methodMatches } from "../../../worker/tools/method-kinds";

const tools = [
  { name: "list_books", method: "list", access: "read", tags: ["contacts"] },
  { name: "get_contact", method: "get", access: "read", tags: ["contacts"] },
  { name: "create_contact", method: "create", access: "write", tags: ["contacts"] },
  { name: "update_label", method: "update", access: "write", tags: ["labels"] },
  { name: "delete_post", method: "delete", access: "write", tags: ["conversations", "posts"] },
  { name: "merge_conversation", method: "merge", access: "write", tags: ["conversations"] },
  { name: "find_message", method: "find", access: "read", tags: ["conversations", "messages"] },
] as const;
const names = (filter: Parameters<typeof applyFilter>[1]) => applyFilter(tools, filter).map((t) => t.name);

describe("server filters", () => {
  it("keeps everything when neither methods nor tags are set", () => {
    expect(names({})).toEqual(tools.map((t) => t.name));
  });

  it("maps read to every reading method and write to every state-changing one, custom methods included", () => {
    expect(names({ methods: ["read"] })).toEqual(["list_books", "get_contact", "find_message"]);
    expect(names({ methods: ["write"] })).toEqual([
      "create_contact",
      "update_label",
      "delete_post",
      "merge_conversation",
    ]);
    expect(names({ methods: ["custom"] })).toEqual(["merge_conversation", "find_message"]);
    expect(methodMatches({ method: "merge", access: "write" }, "merge")).toBe(true);
    expect(methodMatches({ method: "list", access: "read" }, "custom")).toBe(false);
  });

  it("accepts exact method names next to groups", () => {
    expect(names({ methods: ["read", "delete"] })).toEqual([
      "list_books",
      "get_contact",
      "delete_post",
      "find_message",
    ]);
    expect(names({ methods: ["list", "merge"] })).toEqual(["list_books", "merge_conversation"]);
  });

  it("keeps tools whose tags intersect the list, and ANDs methods with tags", () => {
    expect(names({ tags: ["posts", "labels"] })).toEqual(["update_label", "delete_post"]);
    expect(names({ methods: ["write"], tags: ["conversations"] })).toEqual([
      "delete_post",
      "merge_conversation",
    ]);
    expect(names({ methods: ["read"], tags: ["labels"] })).toEqual([]);
  });

  it("removes excluded tool names after the method and tag filters", () => {
    expect(names({ methods: ["write"], exclude_tools: ["delete_post", "merge_conversation"] })).toEqual([
      "create_contact",
      "update_label",
    ]);
    expect(names({ tags: ["labels"], exclude_tools: ["list_books"] })).toEqual(["update_label"]);
  });

  it("uses one predicate for listing and calling", () => {
    const filter = { methods: ["read"], tags: ["contacts"], exclude_tools: ["get_contact"] };
    for (const t of tools) expect(toolAllowed(t, filter)).toBe(names(filter).includes(t.name));
  });
});
