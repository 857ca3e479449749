/**
 * The legacy HTTP+SSE (2024-11-05) round trip: GET the MCP URL with `Accept: text/event-stream`,
 * wait for the `endpoint` event, then POST JSON-RPC messages to that endpoint and time each until
 * its `message` event arrives on the stream. Skipped (with a note) when the GET answers 405.
 */

import { performance } from "node:perf_hooks";
import { Client, SSEClientTransport } from "@modelcontextprotocol/client";
import { ms, table } from "../lib/report-format.ts";
import type { Scenario } from "../lib/scenario.ts";
import { median, quantile } from "../lib/stats.ts";

/** One SSE event. */
interface SseEvent {
  event: string;
  data: string;
}

/** What the legacy transport measure found. */
export interface SseResult {
  status: "measured" | "skipped" | "failed";
  note: string;
  /** GET → `endpoint` event, per session (ms). */
  openMs: number[];
  /** POST `tools/list` → its `message` event (ms). */
  roundTripMs: number[];
  /** The SDK's `SSEClientTransport` listed the tools. */
  sdkVerified: boolean;
}

/** Reads SSE events from a response body. */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.search(/\r?\n\r?\n/);
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
        let event = "message";
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) yield { event, data: data.join("\n") };
        cut = buffer.search(/\r?\n\r?\n/);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function post(endpoint: string, message: unknown): Promise<number> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  await res.text();
  return res.status;
}

/** One session: open, initialize, then `messages` timed `tools/list` round trips. */
async function session(url: string, messages: number, out: SseResult): Promise<void> {
  const controller = new AbortController();
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept: "text/event-stream" }, signal: controller.signal });
  if (res.status === 405) throw Object.assign(new Error("GET answered 405"), { skip: true });
  if (!res.ok || !res.body) throw new Error(`GET answered ${res.status}`);
  const stream = events(res.body);
  try {
    const next = async (): Promise<SseEvent> => {
      for (;;) {
        const r = await stream.next();
        if (r.done) throw new Error("stream ended");
        if (r.value.event === "endpoint" || r.value.event === "message") return r.value;
      }
    };
    const first = await next();
    if (first.event !== "endpoint") throw new Error(`first event was ${first.event}`);
    out.openMs.push(performance.now() - t0);
    const endpoint = new URL(first.data, url).href;
    const init = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2024-11-05",
        capabilities: {},
        clientInfo: { name: "edge-mcp-bench", version: "1" },
      },
    };
    if ((await post(endpoint, init)) !== 202) throw new Error("initialize POST was not accepted");
    await next();
    await post(endpoint, { jsonrpc: "2.0", method: "notifications/initialized" });
    for (let id = 1; id <= messages; id++) {
      const t1 = performance.now();
      const status = await post(endpoint, { jsonrpc: "2.0", id, method: "tools/list", params: {} });
      if (status !== 202) throw new Error(`tools/list POST answered ${status}`);
      const reply = await next();
      const parsed = JSON.parse(reply.data) as { id?: number; result?: { tools?: unknown[] } };
      if (parsed.id !== id || !Array.isArray(parsed.result?.tools))
        throw new Error("unexpected message event");
      out.roundTripMs.push(performance.now() - t1);
    }
  } finally {
    controller.abort();
    await stream.return(undefined).catch(() => undefined);
  }
}

/** Measures the legacy transport on one MCP URL: `sessions` × `messages` round trips. */
export async function measureLegacySse(url: string, sessions: number, messages: number): Promise<SseResult> {
  const out: SseResult = { status: "measured", note: "", openMs: [], roundTripMs: [], sdkVerified: false };
  try {
    for (let s = 0; s < sessions; s++) await session(url, messages, out);
  } catch (e) {
    const skip = typeof e === "object" && e !== null && "skip" in e;
    out.status = skip ? "skipped" : "failed";
    out.note = skip
      ? "GET on the MCP URL answered 405: the HTTP+SSE transport is not served yet"
      : `legacy round trip failed: ${e instanceof Error ? e.message : String(e)}`;
    return out;
  }
  const client = new Client({ name: "edge-mcp-bench", version: "1.0.0" });
  try {
    await client.connect(new SSEClientTransport(new URL(url)));
    out.sdkVerified = (await client.listTools()).tools.length > 0;
  } catch (e) {
    out.note = `SDK SSEClientTransport failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await client.close().catch(() => undefined);
  }
  out.note ||= `${sessions} sessions × ${messages} tools/list round trips; verified with the SDK's SSEClientTransport`;
  return out;
}

function section(r: SseResult): string[] {
  const out = ["## Legacy HTTP+SSE round trip (edge-mcp only; the peer has no such transport)", ""];
  if (r.status !== "measured") {
    out.push(`${r.status === "skipped" ? "Skipped" : "Failed"}: ${r.note}`, "");
    return out;
  }
  const row = (label: string, v: number[]) => [label, ms(median(v)), ms(quantile(v, 0.9)), String(v.length)];
  out.push(
    table(
      ["measure", "p50 ms", "p90 ms", "n"],
      [row("GET → endpoint event", r.openMs), row("POST tools/list → message event", r.roundTripMs)],
    ),
    "",
    r.note,
    "",
  );
  return out;
}

/** The legacy HTTP+SSE scenario (full runs only). */
export const legacySse: Scenario = {
  name: "legacy HTTP+SSE round trip",
  inQuick: false,
  async run({ stack, log }) {
    const sse = await measureLegacySse(
      stack.gatewayMcpUrls[stack.gatewayMcpUrls.length - 1] as string,
      3,
      10,
    );
    log(`  ${sse.status}: ${sse.note}`);
    return {
      markdown: section(sse),
      budgets: [
        {
          budget: "legacy HTTP+SSE answers (GET → endpoint event, POST → message event)",
          target: "measured, or skipped when the URL answers 405",
          measured: `${sse.status}: ${sse.note}`,
          pass: sse.status !== "failed",
        },
      ],
      data: sse,
    };
  },
};
