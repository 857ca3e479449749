import { describe, expect, it } from "vitest";
import type { Fault } from "../../../simulator/missive/index";
import {
  connectClient,
  createAccount,
  createServer,
  gw,
  installSimulator,
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
    const text = await res.text();
    const msg = JSON.parse(
      text
        .split("\n")
        .find((l) => l.startsWith("data: "))
        ?.slice(6) ?? "{}",
    );
    expect(msg.result._meta["edge-mcp/ratelimit"]).toMatchObject({ limit: 300, remaining: 299 });
  });
});

describe("our own limit per URL", () => {
  it("answers a JSON-RPC error with the retry time and ratelimit headers once a URL passes its limit", async () => {
    const sim = installSimulator();
    const { url } = await createServer(await createAccount());
    const path = new URL(url).pathname;
    const post = () =>
      gw(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    // The limiter counts in fixed 60 s windows: 100 requests always pass, and a window boundary
    // during the burst can admit up to 100 more, so the first refusal comes by request 201.
    const statuses: number[] = [];
    let limited: Response | undefined;
    while (!limited && statuses.length < 201) {
      const res = await post();
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    if (!limited) throw new Error("the per-URL limit never refused a request");
    expect(limited.headers.get("ratelimit-limit")).toBe("100");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(await limited.json()).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32000, data: { retry_after: 60 } },
    });
    // A refused tool call never reaches the upstream, although the verdict arrives while it runs.
    const call = await gw(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "list_all_missive_users", arguments: {} },
      }),
    });
    expect(call.status).toBe(429);
    expect(sim.requests).toHaveLength(0);
    // Another URL is not affected.
    const other = await createServer(await createAccount());
    expect((await gw(new URL(other.url).pathname, { method: "DELETE" })).status).toBe(405);
  });
});
