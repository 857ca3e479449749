/**
 * Memory under a legacy HTTP+SSE client that never reads (issue 12): open the stream, read only its
 * `endpoint` event, then POST batches of `tools/list` to the session as fast as the gateway answers.
 * Before the fix every POST got 202 and workerd grew by ~930 MiB, and kept it after the socket
 * closed. Measured here: the resident memory (VmRSS, /proc) of the gateway's workerd processes
 * before the flood, at its end, and after the socket closed and a settle time — not a timing test.
 *
 * Method: a *reading* client first does the same work, and half as much again, on another URL (the
 * control). Doing that work at all raises workerd's resident memory by 100–190 MiB (V8 heap
 * high-water, not returned to the OS), whoever reads; measured alone, a non-reading flood mostly shows that runtime cost, and its
 * figure moved with the machine's load (35–88 MiB). After the control, the flood's own growth is
 * what the non-reading session holds, plus the runtime's noise: −41 to +18 MiB over eight runs on
 * 2026-12-02, where one session's unread cap is 4 MiB and the unbounded queue it replaced grew by
 * ~930 MiB. {@link SSE_FLOOD_BOUND_MIB} sits above that noise and far below the unbounded growth
 * (a 16 MiB bound, cap plus a little slack, failed one run of five on noise alone).
 *
 * Beside it, many sessions on one URL: 100 clients open the stream on the same URL and never read;
 * the URL holds at most 10 sessions (503 beyond, durable-objects/mcp-server.ts), and the ones it
 * holds are flooded round-robin like the single session. Each holds at most 4 MiB unread, so the
 * bound is the single session's plus 4 MiB per further session held.
 *
 * Full runs only, last: it spends three URLs' budgets.
 */
import { existsSync, readFileSync } from "node:fs";
import { workerdPids } from "../lib/proc-cpu.ts";
import type { Scenario } from "../lib/scenario.ts";

/** Streamable HTTP POSTs (fully read) before the baseline is taken. */
const WARM_UP_POSTS = 10;

/** Times a flood waits for the URL's rate-limit window to pass before it gives up on filling the session. */
const MAX_WINDOW_WAITS = 2;

/** The control's POSTs per flood POST. */
const CONTROL_WORK = 1.5;

/** Documented bound on workerd's resident growth, after the control, once the flooding client is gone (MiB). */
const SSE_FLOOD_BOUND_MIB = 64;

/** Unread answers one session may hold before it is closed (durable-objects/sse-session.ts), MiB. */
const SESSION_UNREAD_CAP_MIB = 4;

/** What the flood measured. */
interface SseFloodResult {
  status: "measured" | "failed";
  note: string;
  /** Sessions asked for on the URL, and how many it held (the rest were refused, with `sessionRefusal`). */
  sessions: number;
  sessionsHeld: number;
  sessionRefusal: number | null;
  /** POSTs planned (each admitted in full by the URL's limit), sent, and accepted (202) before the refusal. */
  posts: number;
  sent: number;
  accepted: number;
  /** HTTP status of the first refused POST (410 once the session's unread bytes passed the cap). */
  refusedStatus: number | null;
  rssBeforeMiB: number;
  rssAfterFloodMiB: number;
  rssSettledMiB: number;
  /** Settled minus before. */
  growthMiB: number;
  boundMiB: number;
  pass: boolean;
}

/** Resident memory of these processes, MiB (0 without /proc). */
function rssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    const path = `/proc/${pid}/status`;
    if (!existsSync(path)) continue;
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(path, "utf8"));
    if (m?.[1]) kib += Number(m[1]);
  }
  return Math.round((kib / 1024) * 10) / 10;
}

/**
 * Floods one MCP URL's legacy session with `posts` POSTs of 10 `tools/list` each (the largest batch
 * 2025-03-26 allows) without reading the stream, then closes the socket and waits `settleMs`.
 */
async function measureSseFlood(
  mcpUrl: string,
  pids: () => number[],
  options: { posts: number; settleMs: number; reading?: boolean; sessions?: number },
): Promise<SseFloodResult> {
  const empty = {
    posts: 0,
    sent: 0,
    accepted: 0,
    refusedStatus: null,
    rssAfterFloodMiB: 0,
    rssSettledMiB: 0,
  };
  const batch = JSON.stringify(
    Array.from({ length: 10 }, (_, i) => ({ jsonrpc: "2.0", id: i + 1, method: "tools/list" })),
  );
  // Warm-up, so the baseline includes the isolate's one-time work (catalog, validators, the same
  // answers built once): the same batches over Streamable HTTP, read in full.
  for (let i = 0; i < WARM_UP_POSTS; i++) {
    const res = await fetch(mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: batch,
    });
    await res.arrayBuffer();
  }
  const before = rssMiB(pids());
  const abort = new AbortController();
  try {
    const held: Session[] = [];
    let sessionRefusal: number | null = null;
    for (let i = 0; i < (options.sessions ?? 1); i++) {
      const session = await openSession(mcpUrl, abort.signal);
      if (typeof session === "number") sessionRefusal ??= session;
      else held.push(session);
    }
    if (held.length === 0) throw new Error(`every session was refused (${sessionRefusal})`);
    // From here on the streams are never read again (unless this is the reading control).
    if (options.reading) for (const s of held) void drain(s.reader);
    const open = [...held];
    let accepted = 0;
    let sent = 0;
    let refusedStatus: number | null = null;
    let windowWaits = 0;
    for (let full = 0; full < options.posts && open.length > 0; ) {
      const session = open[full % open.length] as Session;
      const res = await fetch(session.target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: batch,
      });
      await res.arrayBuffer();
      sent++;
      if (res.status !== 202) {
        refusedStatus ??= res.status;
        // Refused: that session has shown what it came for; the control reads on whatever happens.
        if (!options.reading) {
          open.splice(open.indexOf(session), 1);
          continue;
        }
      } else accepted++;
      // The URL's own limit (600 units a minute) refused some of this POST's work, so its answers on
      // the stream are small errors, not tool lists: wait for the next window (at most twice) rather
      // than count it. The buffers between this client and the session absorbed 25–30 MB of full
      // answers in one run of 2026-12-06, about what one window allows after the warm-up.
      const retryAfter = Number(res.headers.get("retry-after") ?? 0);
      if (!options.reading && res.status === 202 && retryAfter > 0) {
        if (windowWaits++ >= MAX_WINDOW_WAITS) break;
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
        continue;
      }
      full++;
    }
    const afterFlood = rssMiB(pids());
    abort.abort();
    await new Promise((r) => setTimeout(r, options.settleMs));
    const settled = rssMiB(pids());
    const growth = Math.round((settled - before) * 10) / 10;
    const sessions = options.sessions ?? 1;
    const bound = SSE_FLOOD_BOUND_MIB + (held.length - 1) * SESSION_UNREAD_CAP_MIB;
    return {
      status: "measured",
      note:
        (sessions > 1
          ? `${held.length} of ${sessions} sessions held (${sessionRefusal ?? "none"} for the rest); `
          : "") +
        `${accepted} POSTs accepted before the session${sessions > 1 ? "s were" : " was"} refused (${refusedStatus ?? "never"})` +
        (windowWaits > 0 ? `, after ${windowWaits} wait(s) for the URL's rate-limit window` : ""),
      sessions,
      sessionsHeld: held.length,
      sessionRefusal,
      posts: options.posts,
      sent,
      accepted,
      refusedStatus,
      rssBeforeMiB: before,
      rssAfterFloodMiB: afterFlood,
      rssSettledMiB: settled,
      growthMiB: growth,
      boundMiB: bound,
      // One session must be refused for its unread bytes; many must also meet the per-URL cap.
      pass: growth <= bound && (sessions > 1 ? held.length < sessions : refusedStatus !== null),
    };
  } catch (e) {
    abort.abort();
    const note = e instanceof Error ? e.message : String(e);
    return {
      status: "failed",
      note,
      sessions: options.sessions ?? 1,
      sessionsHeld: 0,
      sessionRefusal: null,
      ...empty,
      rssBeforeMiB: before,
      growthMiB: 0,
      boundMiB: SSE_FLOOD_BOUND_MIB,
      pass: false,
    };
  }
}

/** An open legacy SSE session: where its messages go, and its stream. */
interface Session {
  target: string;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

/** Opens a legacy SSE session and reads its `endpoint` event; a refusal is its HTTP status. */
async function openSession(mcpUrl: string, signal: AbortSignal): Promise<Session | number> {
  const get = await fetch(mcpUrl, { headers: { accept: "text/event-stream" }, signal });
  if (get.status !== 200 || !get.body) {
    await get.body?.cancel();
    return get.status;
  }
  const reader = get.body.getReader();
  let head = "";
  while (!head.includes("\n\n")) {
    const { done, value } = await reader.read();
    if (done) throw new Error("stream ended before the endpoint event");
    head += new TextDecoder().decode(value);
  }
  const endpoint = /data: ?(\S+)/.exec(head)?.[1];
  if (!endpoint) throw new Error("no endpoint event");
  return { target: new URL(endpoint, mcpUrl).toString(), reader };
}

/** Reads a stream to its end, discarding what arrives. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {
      // discard
    }
  } catch {
    // The socket was closed by the measure.
  }
}

/** The reading control, then the non-reading flood on another URL of the same gateway. */
interface SseFloodPair {
  control: SseFloodResult;
  flood: SseFloodResult;
  /** The flood was refused and grew at most the bound after the control. */
  pass: boolean;
  /** Many never-reading sessions asked for on a third URL, after the flood. */
  many?: SseFloodResult;
}

/** Runs the reading control on `controlUrl`, then the flood on `floodUrl` (see the module comment). */
async function measureSseFloodAfterControl(
  controlUrl: string,
  floodUrl: string,
  pids: () => number[],
  options: { posts: number; settleMs: number },
): Promise<SseFloodPair> {
  // Half as much work again as the flood, so the flood's own work stays within the high-water mark the
  // control set (with equal work, allocator variance alone put the flood above it in one run of five).
  const controlPosts = Math.ceil(options.posts * CONTROL_WORK);
  const control = await measureSseFlood(controlUrl, pids, { ...options, posts: controlPosts, reading: true });
  const flood = await measureSseFlood(floodUrl, pids, options);
  return { control, flood, pass: control.status === "measured" && flood.pass };
}

/** The report section (markdown lines). */
function sseFloodSection(p: SseFloodPair): string[] {
  const row = (label: string, r: SseFloodResult, verdict: string) =>
    `| ${label} | ${r.accepted} of ${r.sent} | ${r.refusedStatus ?? "never"} | ${r.rssBeforeMiB} MiB | ${r.rssAfterFloodMiB} MiB | ${r.rssSettledMiB} MiB | ${r.growthMiB} MiB | ${verdict} |`;
  const failed = [p.control, p.flood].filter((r) => r.status === "failed").map((r) => r.note);
  return [
    "## Legacy SSE: memory under a client that never reads",
    "",
    `POSTs of 10 \`tools/list\` on one session; resident memory of the gateway's workerd (VmRSS). First a client that reads its stream (control: the runtime's own growth for this work, ${p.control.posts} POSTs), then one that never reads after \`endpoint\` (up to ${p.flood.posts} POSTs whose work the URL's rate limit admitted, stopping at the refusal): ${p.flood.note}.${failed.length ? ` Failed: ${failed.join("; ")}.` : ""}`,
    "",
    "| client | POSTs accepted of sent | refused with | before | end of POSTs | settled (socket closed) | growth | |",
    "|---|---|---|---|---|---|---|---|",
    row("reading (control)", p.control, "—"),
    row("never reads", p.flood, `≤ ${p.flood.boundMiB} MiB: ${p.pass ? "pass" : "**miss**"}`),
    ...(p.many
      ? [
          row(
            `${p.many.sessions} never-reading sessions, one URL (${p.many.sessionsHeld} held, ${p.many.sessionRefusal ?? "none"} for the rest)`,
            p.many,
            `≤ ${p.many.boundMiB} MiB: ${p.many.pass ? "pass" : "**miss**"}`,
          ),
        ]
      : []),
    "",
  ];
}

/** POSTs of 10 `tools/list` each, and the settle time after the socket closed (full runs only). */
const POSTS = 80;
const SETTLE_MS = 30_000;
/** Sessions the many-session flood asks one URL for. */
const MANY_SESSIONS = 100;

export const sseFlood: Scenario = {
  name: "legacy SSE flood (memory)",
  inQuick: false,
  async run({ stack, log }) {
    // The first three URLs of the pool (the legacy round trip scenario uses the last one).
    const [control, target, crowded] = stack.gatewayMcpUrls as [string, string, string];
    const pids = () => workerdPids(stack.gateway.worker.child.pid);
    const pair = await measureSseFloodAfterControl(control, target, pids, {
      posts: POSTS,
      settleMs: SETTLE_MS,
    });
    const { flood } = pair;
    log(`  ${flood.status}: ${flood.note}; growth after a reading control ${flood.growthMiB} MiB`);
    const many = await measureSseFlood(crowded, pids, {
      posts: POSTS,
      settleMs: SETTLE_MS,
      sessions: MANY_SESSIONS,
    });
    log(`  ${many.status}: ${many.note}; growth ${many.growthMiB} MiB`);
    return {
      markdown: sseFloodSection({ ...pair, many }),
      budgets: [
        {
          budget: "legacy SSE flood: workerd growth after the client left, beyond a reading control",
          target: `≤ ${SSE_FLOOD_BOUND_MIB} MiB, session refused`,
          measured: `${flood.growthMiB} MiB, ${flood.refusedStatus ?? "never refused"}`,
          pass: pair.pass,
        },
        {
          budget: `legacy SSE: ${MANY_SESSIONS} never-reading sessions on one URL`,
          target: `the URL's session cap holds; growth ≤ ${SSE_FLOOD_BOUND_MIB} MiB + ${SESSION_UNREAD_CAP_MIB} MiB per further session held`,
          measured: `${many.sessionsHeld} held, ${many.growthMiB} MiB (bound ${many.boundMiB})`,
          pass: many.pass,
        },
      ],
      data: { ...pair, many },
    };
  },
};
