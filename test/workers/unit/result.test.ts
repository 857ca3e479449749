import { describe, expect, it } from "vitest";
import { integrationEntry } from "../../../docs-registry/index";
import { toToolResult, type UpstreamOutcome } from "../../../worker/tools/result";
import { seedCatalog } from "../support/seed";

const tool = seedCatalog("missive")?.byName.get("get_single_missive_contact_by_id");
const integration = integrationEntry("missive")?.integration;

function run(outcome: UpstreamOutcome) {
  if (!tool || !integration) throw new Error("registry missing");
  return toToolResult(tool, integration, outcome, undefined, 0).result;
}

describe("upstream outcomes that are not HTTP answers", () => {
  it.each<[UpstreamOutcome, string, RegExp]>([
    [{ kind: "too_large", limitBytes: 8 * 1024 * 1024 }, "result_too_large", /over 8 MiB/],
    [{ kind: "timeout", afterMs: 60_000 }, "timeout", /did not answer within 60 s/],
    [{ kind: "network", dropped: true }, "connection_dropped", /dropped before the answer was complete/],
    [{ kind: "network", dropped: false }, "connection_failed", /Could not reach Missive/],
  ])("%j is an isError result of kind %s", (outcome, kind, message) => {
    const r = run(outcome);
    expect(r.isError).toBe(true);
    expect(r.structuredContent?.error).toMatchObject({
      kind,
      status: null,
      message: expect.stringMatching(message),
    });
    expect(r.content[0]?.text).toMatch(message);
  });

  it("treats an empty 2xx body as a success with result null", () => {
    const r = run({ kind: "response", status: 201, headers: new Headers(), text: "" });
    expect(r).toEqual({ content: [{ type: "text", text: '{"result":null}' }] });
  });
});

describe("a write the upstream applied whose answer is too large", () => {
  const write = seedCatalog("missive").byName.get("update_a_missive_contact_by_id");
  const json = (body: unknown): UpstreamOutcome => ({
    kind: "response",
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    text: JSON.stringify(body),
  });

  it("is a success that says it was applied, with the top-level fields that fit, whole", () => {
    if (!write || !integration) throw new Error("registry missing");
    const body = { id: "c1", first_name: "Ada", notes: "n".repeat(5_000), last_name: "Lovelace" };
    const r = toToolResult(write, integration, json(body), undefined, 0, 2_000).result;
    expect(r.isError).toBeUndefined();
    const text = r.content[0]?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(JSON.parse(text)).toMatchObject({
      result: { id: "c1", first_name: "Ada", last_name: "Lovelace" },
      applied: true,
      truncated: true,
      omitted_fields: ["notes"],
      note: expect.stringMatching(
        /^The change was applied\..*Do not repeat update_a_missive_contact_by_id\.$/,
      ),
    });
  });

  it("is a success when the answer is over what the gateway reads, and still an error for a read", () => {
    if (!write || !tool || !integration) throw new Error("registry missing");
    const outcome: UpstreamOutcome = {
      kind: "too_large",
      limitBytes: 8 * 1024 * 1024,
      status: 200,
      headers: new Headers(),
    };
    const applied = toToolResult(write, integration, outcome, undefined, 0).result;
    expect(applied.isError).toBeUndefined();
    expect(JSON.parse(applied.content[0]?.text ?? "")).toMatchObject({
      applied: true,
      note: expect.stringMatching(/applied this change \(status 200\).*Do not repeat the call/),
    });
    expect(toToolResult(tool, integration, outcome, undefined, 0).result.isError).toBe(true);
    const refused = toToolResult(write, integration, { ...outcome, status: 422 }, undefined, 0).result;
    expect(refused.isError).toBe(true);
  });
});
