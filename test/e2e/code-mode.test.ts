/**
 * Code mode in `wrangler dev` (the Worker Loader as a deployment has it), with the official SDK v2
 * client in both eras: a program runs the whole Missive workflow — find the conversation whose
 * comments mention the outage, read its messages, label it — in one call, and the simulator sees
 * exactly the inner calls; a program's fetch reaches nothing.
 */
import { describe, expect, it } from "vitest";
import { newServer, simulator, v2Client } from "./support.ts";

type Result = { isError?: boolean; content: Array<{ text: string }> };

const WORKFLOW = `const conversations = (await tools.list_all_missive_conversations({ all: true, limit: 10 })).result;
for (const c of conversations) {
  const comments = (await tools.list_all_missive_conversation_comments({ conversation_id: c.id })).result;
  if (!comments.some((m) => /database outage/i.test(m.body))) continue;
  const messages = (await tools.list_all_missive_conversation_messages({ conversation_id: c.id })).result;
  const label = (await tools.list_all_missive_shared_labels({})).result.find((l) => l.name_with_parent_names === "Escalated / Engineering");
  await tools.update_a_missive_conversation_by_id({ ids: [c.id], add_shared_labels: [label.id], organization: label.organization });
  return { conversation: c.id, messages: messages.length };
}
return null;`;

describe("code mode under wrangler dev", () => {
  it.each(["modern", "legacy"] as const)("runs a whole workflow in one call (%s)", async (mode) => {
    await simulator("POST", "reset");
    const { url } = await newServer({ tool_exposure: "code" });
    const client = await v2Client(url, mode);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["search_functions", "run_program"]);
    const r = (await client.callTool({ name: "run_program", arguments: { code: WORKFLOW } })) as Result;
    expect(r.isError, r.content[0]?.text).toBeFalsy();
    const { result } = JSON.parse(r.content[0]?.text ?? "{}") as {
      result: { conversation: string; messages: number };
    };
    expect(result.messages).toBeGreaterThan(0);
    const log = await simulator<{ requests: Array<{ method: string; path: string }> }>("GET", "requests");
    const patch = log.requests.filter((q) => q.method === "PATCH");
    expect(patch.map((q) => q.path)).toEqual([`/v1/conversations/${result.conversation}`]);
    await client.close();
  });

  it("gives a program no network", async () => {
    const { url } = await newServer({ tool_exposure: "code" });
    const client = await v2Client(url, "modern");
    const r = (await client.callTool({
      name: "run_program",
      arguments: {
        code: "try { await fetch('http://127.0.0.1:1/'); return 'reached'; } catch (e) { return e.message; }",
      },
    })) as Result;
    expect(JSON.parse(r.content[0]?.text ?? "{}").result).toMatch(/not permitted to access the internet/);
    await client.close();
  });
});
