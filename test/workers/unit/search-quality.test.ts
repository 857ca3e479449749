/**
 * Discovery search quality: natural-language Missive intents, as a person would type them, must put
 * the expected tool in the top 3 for at least 90% of them.
 */
import { describe, expect, it } from "vitest";
import { searchIndex, searchTools } from "../../../worker/tools/search-index";
import { seedCatalog } from "../support/seed";

const INTENTS: ReadonlyArray<readonly [string, string]> = [
  ["add a prospect to the VIP book", "create_a_missive_contact"],
  ["who commented on this thread", "list_all_missive_conversation_comments"],
  ["apply the urgent label", "update_a_missive_conversation_by_id"],
  ["which contact books do we have", "list_all_missive_contact_books"],
  ["find a customer by email address", "list_all_missive_contacts"],
  ["change a contact's phone number", "update_a_missive_contact_by_id"],
  ["show me the details of one contact", "get_single_missive_contact_by_id"],
  ["what companies are in the address book", "list_all_missive_contact_groups"],
  ["show my inbox", "list_all_missive_conversations"],
  ["open a conversation by its id", "get_single_missive_conversation_by_id"],
  ["read the emails in this conversation", "list_all_missive_conversation_messages"],
  ["read the full body of a message", "get_single_missive_message_by_id"],
  ["find the email with this Message-ID header", "find_missive_message_by_email_message_id"],
  ["reply to the customer by email", "create_a_missive_draft"],
  ["send an email", "create_a_missive_draft"],
  ["discard a draft I wrote", "delete_a_missive_draft_by_id"],
  ["which drafts are waiting in this conversation", "list_all_missive_conversation_drafts"],
  ["merge two duplicate conversations", "merge_missive_conversation_by_id"],
  ["close the conversation", "update_a_missive_conversation_by_id"],
  ["assign the conversation to a teammate", "update_a_missive_conversation_by_id"],
  ["post a note from our bot in the conversation", "create_a_missive_post"],
  ["remove a post", "delete_a_missive_post_by_id"],
  ["list the posts on a conversation", "list_all_missive_conversation_posts"],
  ["what shared labels exist", "list_all_missive_shared_labels"],
  ["create a new label", "create_a_missive_shared_label"],
  ["rename a label", "update_a_missive_shared_label_by_id"],
  ["which organizations am I in", "list_all_missive_organizations"],
  ["list the people on my team", "list_all_missive_users"],
  ["what teams exist", "list_all_missive_teams"],
  ["create a support team", "create_a_missive_team"],
  ["add a member to a team", "update_a_missive_team_by_id"],
  ["show my canned responses", "list_all_missive_responses"],
  ["save a reply template", "create_a_missive_response"],
  ["delete an old canned response", "delete_a_missive_response_by_id"],
  ["edit a template", "update_a_missive_response_by_id"],
  ["create a todo task for the team", "create_a_missive_task"],
  ["what tasks are assigned to me", "list_all_missive_tasks"],
  ["mark a task as done", "update_a_missive_task_by_id"],
  ["subscribe a webhook to incoming email", "create_a_missive_hook"],
  ["stop sending events to my webhook", "delete_a_missive_hook_by_id"],
  ["how fast do we reply, stats for last month", "create_a_missive_analytics_report"],
  ["get the analytics report results", "get_single_missive_analytics_report_by_id"],
  ["log an incoming message from our custom channel", "create_a_missive_message"],
  ["show one canned response", "get_single_missive_response_by_id"],
];

describe("discovery search", () => {
  const missive = seedCatalog("missive");
  if (!missive) throw new Error("missive is not in the registry");

  it("has at least 40 intents, every expected tool real", () => {
    expect(INTENTS.length).toBeGreaterThanOrEqual(40);
    for (const [, tool] of INTENTS) expect(missive.byName.has(tool), tool).toBe(true);
  });

  it("puts the expected tool in the top 3 for at least 90% of the intents", () => {
    const misses = INTENTS.filter(
      ([q, tool]) => !searchTools(seedCatalog("missive"), q, missive.byName, 3).some((h) => h.name === tool),
    );
    const rate = 1 - misses.length / INTENTS.length;
    expect(rate, `misses: ${misses.map(([q, t]) => `"${q}" → ${t}`).join("; ")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("builds its index once per isolate", () => {
    expect(searchIndex(seedCatalog("missive"))).toBe(searchIndex(seedCatalog("missive")));
  });

  it("returns name, title and a one-line summary, and nothing outside the allowed set", () => {
    const allowed = new Map([...missive.byName].filter(([n]) => n.startsWith("list_all_")));
    const hits = searchTools(seedCatalog("missive"), "delete a contact book", allowed, 5);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(allowed.has(h.name)).toBe(true);
      expect(h.title.length).toBeGreaterThan(3);
      expect(h.summary).not.toContain("\n");
    }
  });
});
