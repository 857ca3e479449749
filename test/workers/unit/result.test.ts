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
