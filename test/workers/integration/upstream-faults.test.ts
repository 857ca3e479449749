import { describe, expect, it } from "vitest";
import type { Fault } from "../../../simulator/missive/index";
import {
  connectClient,
  createAccount,
  createServer,
  gw,
  installSimulator,
  rpcMessages,
  structuredOf,
} from "../support/gateway";

async function setup(faults: Fault[] = []) {
  const sim = installSimulator();
  sim.setFaults(faults);
  const client = await connectClient((await createServer(await createAccount())).url, "modern");
  return { sim, client };
}

async function callBooks(client: Awaited<ReturnType<typeof setup>>["client"]) {
  const r = await client.callTool({ name: "list_all_missive_contact_books", arguments: {} });
  return {
    isError: r.isError === true,
    error: structuredOf(r).error,
    text: JSON.stringify(r.content),
  };
}

describe("every upstream fault has a clear, distinct tool error, after exactly one upstream request", () => {
  it.each<[string, Fault, Record<string, unknown>, RegExp]>([
    [
      "a 5xx",
      { kind: "status", status: 503, body: "maintenance" },
      { status: 503, kind: "upstream_error", upstream_message: "maintenance" },
      /server error \(status 503\)/,
    ],
    ["a body that is not JSON", { kind: "garbage" }, { status: 200, kind: "invalid_json" }, /not JSON/],
    ["a dropped connection", { kind: "drop" }, { status: null, kind: "connection_dropped" }, /dropped/],
    [
      "a 401",
      { kind: "status", status: 401 },
      { status: 401, kind: "unauthorized" },
      /credentials.*invalid or were revoked/,
    ],
    [
      "a 403",
      { kind: "status", status: 403, body: "Only admins can do that" },
      { status: 403, kind: "forbidden", upstream_message: "Only admins can do that" },
      /permission/,
    ],
    [
      "a 404",
      { kind: "status", status: 404 },
      { status: 404, kind: "not_found" },
      /not visible to the connected user/,
    ],
    [
      "a 422",
      { kind: "status", status: 422, body: "Validation failed: name" },
      { status: 422, kind: "invalid_request", upstream_message: "Validation failed: name" },
      /Correct the arguments/,
    ],
    [
      "a 429",
      { kind: "rate_limit" },
      { status: 429, kind: "rate_limited" },
      /Rate limited by Missive: retry after \d+ s/,
    ],
  ])("%s", async (_label, fault, expected, message) => {
    const { sim, client } = await setup([fault]);
    const r = await callBooks(client);
    expect(r.isError).toBe(true);
    expect(r.error).toMatchObject(expected);
    expect(r.error?.message).toMatch(message);
    expect(r.text).not.toContain("missive_pat-simulator");
    expect(sim.requests).toHaveLength(1);
    await client.close();
  });

  it("a timeout, bounded by UPSTREAM_TIMEOUT_MS", async () => {
    const { sim, client } = await setup([{ kind: "slow", delayMs: 3000 }]);
    const r = await callBooks(client);
    expect(r.error).toMatchObject({ status: null, kind: "timeout", timeout_seconds: 2 });
    expect(r.error?.message).toMatch(/did not answer within 2 s/);
    expect(sim.requests.length).toBeLessThanOrEqual(1);
    await client.close();
  });

  it("an empty 2xx body is a success with result null", async () => {
    const sim = installSimulator();
    sim.setFaults([{ kind: "empty" }]);
    const client = await connectClient((await createServer(await createAccount())).url, "legacy");
    const r = await client.callTool({ name: "get_single_missive_contact_by_id", arguments: { id: "x" } });
    expect(r.isError ?? false).toBe(false);
    expect(structuredOf(r)).toEqual({ result: null });
    await client.close();
  });
});

describe("rate-limit state on successes", () => {
  it("passes upstream rate-limit headers of a success on, normalized, in the headers and the result", async () => {
    const sim = installSimulator();
    sim.setRateLimits({ headersOnSuccess: true });
    const { url } = await createServer(await createAccount());
    const res = await gw(new URL(url).pathname, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "list_all_missive_users", arguments: {} },
      }),
    });
    expect(res.headers.get("ratelimit-limit")).toBe("300");
    expect(res.headers.get("ratelimit-remaining")).toBe("299");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(res.headers.get("retry-after")).toBeNull();
    const [msg] = await rpcMessages<{ result: { _meta: Record<string, unknown> } }>(res);
    expect(msg?.result._meta["edge-mcp/ratelimit"]).toMatchObject({ limit: 300, remaining: 299 });
  });
});
