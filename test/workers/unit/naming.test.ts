import { describe, expect, it } from "vitest";
import { TOOL_NAME_PATTERN, toolName, toolTitle } from "../../../worker/tools/naming";

const http = (path: string) => ({ method: "GET" as const, path });

describe("tool naming", () => {
  const contacts = { name: "contacts", singular: "contact" };
  it("names CRUD methods with the documented patterns", () => {
    expect(toolName("missive", contacts, { method: "list", http: http("/contacts") })).toBe(
      "list_all_missive_contacts",
    );
    expect(toolName("missive", contacts, { method: "get", http: http("/contacts/{id}") })).toBe(
      "get_single_missive_contact_by_id",
    );
    expect(toolName("missive", contacts, { method: "create", http: http("/contacts") })).toBe(
      "create_a_missive_contact",
    );
    expect(toolName("missive", contacts, { method: "update", http: http("/contacts/{ids}") })).toBe(
      "update_a_missive_contact_by_id",
    );
    expect(toolName("missive", contacts, { method: "delete", http: http("/contacts/{id}") })).toBe(
      "delete_a_missive_contact_by_id",
    );
  });

  it("names custom methods verb_integration_singular, with _by_id and an optional suffix", () => {
    const conv = { name: "conversations", singular: "conversation" };
    expect(
      toolName("missive", conv, { method: "merge", http: http("/conversations/{conversation_id}/merge") }),
    ).toBe("merge_missive_conversation_by_id");
    const msgs = { name: "messages", singular: "message" };
    expect(
      toolName("missive", msgs, {
        method: "find",
        name_suffix: "by_email_message_id",
        http: http("/messages"),
      }),
    ).toBe("find_missive_message_by_email_message_id");
  });

  it("refuses a name longer than 64 characters instead of emitting one Claude would reject", () => {
    const long = { name: "x".repeat(60), singular: "x".repeat(59) };
    expect(() => toolName("missive", long, { method: "list", http: http("/x") })).toThrow(/breaks/);
    expect(TOOL_NAME_PATTERN.test("a".repeat(65))).toBe(false);
  });

  it("titles tools in plain words", () => {
    expect(toolTitle("Missive", { title: "contact books", singular: "contact_book" }, "list")).toBe(
      "List all Missive contact books",
    );
    expect(toolTitle("Missive", { title: "conversations", singular: "conversation" }, "merge")).toBe(
      "Merge Missive conversation",
    );
  });
});
