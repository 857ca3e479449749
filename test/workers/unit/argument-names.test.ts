/** Unknown arguments are answered with the closest valid name, in words a model acts on. */
import { describe, expect, it } from "vitest";
import { closestArgument, unknownArgumentsMessage } from "../../../worker/tools/argument-names";

const props = { contact_book: {}, search: {}, limit: {}, next_cursor: {}, modified_since: {} };

describe("unknown arguments", () => {
  it("suggests the paging argument a model meant by another API's name", () => {
    expect(unknownArgumentsMessage("list_all_x", { page_size: 10 }, props)).toBe(
      "`page_size` is not an argument; did you mean `limit`? list_all_x takes: contact_book, search, limit, next_cursor, modified_since.",
    );
    expect(closestArgument("cursor", Object.keys(props))).toBe("next_cursor");
  });

  it("suggests the closest name for a typo, and none for an unrelated word", () => {
    expect(closestArgument("contactbook", Object.keys(props))).toBe("contact_book");
    expect(closestArgument("modified_snce", Object.keys(props))).toBe("modified_since");
    expect(closestArgument("colour", Object.keys(props))).toBeNull();
  });

  it("is silent when every argument is known, and bounds what it echoes", () => {
    expect(unknownArgumentsMessage("t", { limit: 1 }, props)).toBeNull();
    const long = "x".repeat(500);
    const message = unknownArgumentsMessage("t", { [long]: 1 }, {}) ?? "";
    expect(message).toBe(`\`${"x".repeat(60)}…\` is not an argument. t takes no arguments.`);
  });
});
