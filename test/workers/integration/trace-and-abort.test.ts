/**
 * A client's W3C trace context reaches the activity record and the upstream request (as a child
 * span of the same trace). (A read abandoned when its client goes away is tested over real HTTP, in
 * test/e2e/github-runtime-import.test.ts: in this runner an aborted request cancels the test's own
 * context.)
 */
import { describe, expect, it } from "vitest";
import { parseTraceparent } from "../../../worker/http/trace";
import { recordsOf } from "../support/activity";
import { gw } from "../support/gateway";
import { publishAcme } from "../support/openapi-docs";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function toolCall(name: string, args: Record<string, unknown>, meta: Record<string, unknown> = {}) {
  return JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: {
      name,
      arguments: args,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": { name: "trace-test", version: "1" },
        ...meta,
      },
    },
  });
}

const modernHeaders = (name: string) => ({
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2026-07-28",
  "mcp-method": "tools/call",
  "mcp-name": name,
});

/** A published integration whose upstream answers at once and keeps every request's headers. */
async function capturingIntegration() {
  const sent: Headers[] = [];
  const { name, url, serverId } = await publishAcme("trace", async (request) => {
    sent.push(request.headers);
    return Response.json([{ id: "w1", name: "A" }]);
  });
  return { id: serverId, path: new URL(url).pathname, tool: `list_all_${name}_widgets`, sent };
}

describe("trace context", () => {
  it("carries the client's traceparent header into the activity record and, as a child span, upstream", async () => {
    const { id, path, tool, sent: headers } = await capturingIntegration();
    const res = await gw(path, {
      method: "POST",
      headers: { ...modernHeaders(tool), traceparent: TRACEPARENT },
      body: toolCall(tool, {}),
    });
    expect(res.status).toBe(200);
    const sent = headers[0]?.get("traceparent") ?? undefined;
    expect(parseTraceparent(sent)).toEqual({ traceId: TRACE_ID, flags: "01" });
    expect(sent).not.toBe(TRACEPARENT);
    const [row] = await recordsOf(id, 1);
    expect(row?.trace_id).toBe(TRACE_ID);
  });

  it("takes the trace from _meta.traceparent when there is no header, and ignores a malformed one", async () => {
    const { id, path, tool, sent } = await capturingIntegration();
    const post = (meta: Record<string, unknown>) =>
      gw(path, { method: "POST", headers: modernHeaders(tool), body: toolCall(tool, {}, meta) });
    expect((await post({ traceparent: TRACEPARENT })).status).toBe(200);
    expect((await post({ traceparent: "00-not-a-trace-01" })).status).toBe(200);
    expect(parseTraceparent(sent[0]?.get("traceparent"))?.traceId).toBe(TRACE_ID);
    expect(sent[1]?.get("traceparent")).toBeNull();
    const rows = await recordsOf(id, 2);
    expect(rows.map((r) => r.trace_id)).toEqual([TRACE_ID, null]);
  });
});
