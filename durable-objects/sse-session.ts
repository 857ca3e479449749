/**
 * One Durable Object per legacy HTTP+SSE (2024-11-05) session (`idFromName(sessionId)`). It owns the
 * session's event stream: the GET that opens the stream and the POSTs that feed it may reach
 * different isolates, and only an addressable object can hand messages between them.
 *
 * Storage key `session` holds {@link SseSessionRecord}; the stream writer lives in memory only. When
 * the object loses its memory (eviction, deploy) the stream is gone with it, so the next POST finds
 * storage without a writer, deletes it and answers 404, and the client reconnects. The alarm sweeps
 * storage of sessions nobody posts to again.
 *
 * While the stream is open, a keep-alive comment goes out every {@link sseTiming}`.keepAliveMs`, and
 * each tick (and the alarm, set no later than the URL's `expires_at`) re-reads the token routing
 * record in KV: a deleted or expired MCP server closes the stream.
 *
 * Memory is bounded: the bytes written but not yet taken by the client are counted, and a message
 * that would take them past {@link sseLimits}`.maxUnsentBytes` disconnects the client instead (its
 * queue is discarded, not flushed). The session then answers later POSTs with a clear error until
 * the sweep alarm deletes it, so a client that never reads cannot make the object grow.
 */
import { DurableObject } from "cloudflare:workers";
import * as z from "zod";
import { now } from "../worker/clock";
import { isExpired } from "../worker/expiry";
import { log } from "../worker/log";
import { sseComment, sseEvent } from "../worker/mcp/sse-frames";
import { getJson, keys, TokenRecord } from "../worker/stores/records";

/**
 * Timings of a session. Mutable so tests can shorten them before opening a stream. Keep-alive must
 * stay under 25 s: the Cloudflare edge and proxies cut SSE streams that stay silent for minutes.
 */
export const sseTiming = {
  /** Interval of `: keepalive` comments and of the KV re-check. */
  keepAliveMs: 15_000,
  /** Longest wait between alarms: bounds how long the storage of an abandoned session survives. */
  sweepMs: 10 * 60_000,
};

/** Memory bounds of a session. Mutable so tests can shrink them before opening a stream. */
export const sseLimits = {
  /**
   * Most bytes queued on the stream and not yet taken by the client. Above the largest single
   * answer (a batch's answers are bounded to 2 MiB, worker/mcp/batch.ts) so one slow read is fine.
   */
  maxUnsentBytes: 4 * 1024 * 1024,
};

/** Why a session was closed by the gateway, kept until the sweep so later POSTs learn it. */
export const SSE_CLOSED_UNREAD = "unread";

/**
 * What a session stores. `protocol_version` is the version negotiated by `initialize`, once it ran;
 * `closed` is set when the gateway disconnected a client that did not read its stream.
 */
export const SseSessionRecord = z.object({
  session_id: z.string().optional(),
  server_id: z.string(),
  token_hash: z.string(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
  protocol_version: z.string().nullable(),
  /** `clientInfo` of the session's `initialize`, for activity records. */
  client_name: z.string().nullable().optional(),
  client_version: z.string().nullable().optional(),
  closed: z.literal(SSE_CLOSED_UNREAD).optional(),
});
export type SseSessionRecord = z.infer<typeof SseSessionRecord>;

/** What the Worker hands over to open a session. */
export interface SseOpenInput {
  /** The session's id: its slot in the URL's session count (McpServerObject) is released by it. */
  session_id: string;
  server_id: string;
  token_hash: string;
  expires_at: string | null;
  /** Data of the first `endpoint` event: the URI the client POSTs its messages to. */
  endpoint: string;
}

/** What {@link SseSessionObject.deliver} did with a POST's answers. */
export type SseDelivery = "delivered" | "gone" | "unread";

/** What a POST needs to know about its session; `closed` when the gateway disconnected it. */
export interface SseSessionView {
  server_id: string;
  protocol_version: string | null;
  client_name: string | null;
  client_version: string | null;
  closed?: typeof SSE_CLOSED_UNREAD;
}

const STORAGE_KEY = "session";

/** The per-session object; see the module comment. */
export class SseSessionObject extends DurableObject<Env> {
  private writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Bytes written on the stream whose write has not completed (the client has not taken them). */
  private unsent = 0;

  /** Stores the session and returns the streaming response; its first event is `endpoint`. */
  async open(input: SseOpenInput): Promise<Response> {
    // Session ids are 256 random bits, so a second open is a bug; never leave a stream orphaned.
    if (this.writer) await this.end();
    const record: SseSessionRecord = {
      session_id: input.session_id,
      server_id: input.server_id,
      token_hash: input.token_hash,
      expires_at: input.expires_at,
      created_at: new Date(now()).toISOString(),
      protocol_version: null,
    };
    await this.ctx.storage.put(STORAGE_KEY, record);
    await this.scheduleAlarm(record.expires_at);

    // The queue lives in `queue`; the client reads `out`, fed by a pipe. Cutting an unread client
    // off aborts `queue` (dropping what it holds) and then closes `out`, so the client's stream
    // ends instead of erroring into the runtime as an unhandled rejection. A client that goes away
    // cancels `out`, which the pipe carries back to `queue` (the writer's `closed` below). The pipe
    // holds a chunk or two beyond `unsent`, which counts what `queue` holds.
    const queue = new TransformStream<Uint8Array, Uint8Array>();
    const out = new TransformStream<Uint8Array, Uint8Array>();
    queue.readable
      .pipeTo(out.writable, { preventAbort: true })
      .catch(() => out.writable.close().catch(() => {}));
    const readable = out.readable;
    const writer = queue.writable.getWriter();
    // Rejects when the stream is aborted (an unread client cut off): expected, not an error.
    writer.ready.catch(() => {});
    this.writer = writer;
    // The client went away (cancelled the body, connection dropped): forget the session at once.
    writer.closed.catch(() => {
      if (this.writer === writer) void this.end();
    });
    this.send(sseEvent("endpoint", input.endpoint));
    this.keepAlive = setInterval(() => void this.tick(), sseTiming.keepAliveMs);
    return new Response(readable, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  }

  /** The session of a POST, or null when unknown or its stream is gone (then storage is deleted). */
  async session(): Promise<SseSessionView | null> {
    const record = await this.load();
    if (record?.closed) {
      const { server_id, closed } = record;
      return { server_id, protocol_version: null, client_name: null, client_version: null, closed };
    }
    if (!this.writer) {
      if (record) await this.end();
      return null;
    }
    return record
      ? {
          server_id: record.server_id,
          protocol_version: record.protocol_version,
          client_name: record.client_name ?? null,
          client_version: record.client_version ?? null,
        }
      : null;
  }

  /**
   * Writes JSON-RPC messages on the stream as `message` events and, after `initialize`, remembers the
   * negotiated protocol version (and the client it named). `gone` when the stream is gone; `unread`
   * when the messages would take the client's unread queue past its bound, which disconnects the
   * client instead.
   */
  async deliver(
    messages: readonly string[],
    protocolVersion: string | null,
    client?: { name: string; version: string | null },
  ): Promise<SseDelivery> {
    if (!this.writer) return "gone";
    const events = messages.map((m) => sseEvent("message", m));
    const bytes = events.reduce((n, e) => n + e.byteLength, 0);
    if (this.unsent + bytes > sseLimits.maxUnsentBytes) {
      await this.disconnectUnread();
      return "unread";
    }
    if (protocolVersion) {
      const record = await this.load();
      if (record)
        await this.ctx.storage.put(STORAGE_KEY, {
          ...record,
          protocol_version: protocolVersion,
          ...(client ? { client_name: client.name, client_version: client.version } : {}),
        });
    }
    for (const event of events) this.send(event);
    return this.writer !== null ? "delivered" : "gone";
  }

  /** Bytes queued on the stream and not yet taken by the client (0 without a stream). */
  async unsentBytes(): Promise<number> {
    return this.writer ? this.unsent : 0;
  }

  /**
   * Re-checks the token routing record: closes the stream when the MCP server was deleted or has
   * expired. True while the stream stays open. Runs on every keep-alive tick and alarm.
   */
  async check(): Promise<boolean> {
    if (!this.writer) return false;
    const record = await this.load();
    const token = record ? await getJson(this.env.KV, keys.token(record.token_hash), TokenRecord) : null;
    const alive =
      record !== null &&
      token !== null &&
      token.server_id === record.server_id &&
      !isExpired(token.expires_at, now());
    if (!alive || !this.writer) {
      await this.end();
      return false;
    }
    if (token.expires_at !== record.expires_at) {
      // Renewed or cleared by a PATCH: follow it, so the alarm fires at the new expiry.
      await this.ctx.storage.put(STORAGE_KEY, { ...record, expires_at: token.expires_at });
      await this.scheduleAlarm(token.expires_at);
    }
    return true;
  }

  /** Expiry and sweep: a session without a stream is deleted; an open one is re-checked. */
  override async alarm(): Promise<void> {
    // `check` only ends a session it holds a stream for; one that lost its stream is deleted here.
    if (!(await this.check())) {
      await this.end();
      return;
    }
    await this.scheduleAlarm((await this.load())?.expires_at ?? null);
  }

  private async tick(): Promise<void> {
    this.send(sseComment("keepalive"));
    try {
      if (await this.check()) await this.slot("renew");
    } catch (err) {
      // A KV hiccup must not kill a healthy stream; the next tick retries.
      const what = err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown";
      log("error", "sse_session_check_failed", { error: what });
    }
  }

  /** Queues a chunk; a failed write means the client is gone. */
  private send(chunk: Uint8Array): void {
    const writer = this.writer;
    if (!writer) return;
    this.unsent += chunk.byteLength;
    // Not awaited: a write resolves only once the client reads it, and a POST must not wait on that.
    writer.write(chunk).then(
      () => {
        if (this.writer === writer) this.unsent -= chunk.byteLength;
      },
      () => {
        if (this.writer === writer) void this.end();
      },
    );
  }

  /**
   * The client stopped reading and the queue passed its bound: drop the queue (abort, not close,
   * which would wait to flush it), stop the timers, and keep only a small tombstone so later POSTs
   * are told why; the sweep alarm deletes it.
   */
  private async disconnectUnread(): Promise<void> {
    this.detach()
      ?.abort(new Error("client did not read its event stream"))
      .catch(() => {});
    await this.slot("release");
    const record = await this.load();
    if (record) await this.ctx.storage.put(STORAGE_KEY, { ...record, closed: SSE_CLOSED_UNREAD });
    await this.ctx.storage.setAlarm(now() + sseTiming.sweepMs);
  }

  /** Closes the stream (the client sees the end), stops the timers and forgets the session. */
  private async end(): Promise<void> {
    // Rejects when the client already left; nothing more to do then.
    this.detach()
      ?.close()
      .catch(() => {});
    await this.slot("release");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** Forgets the stream and its queue count and stops the timers; returns the writer to finish. */
  private detach(): WritableStreamDefaultWriter<Uint8Array> | null {
    const writer = this.writer;
    this.writer = null;
    this.unsent = 0;
    if (this.keepAlive !== null) clearInterval(this.keepAlive);
    this.keepAlive = null;
    return writer;
  }

  /** Renews or releases this session's slot in its URL's count; best effort (a lease expires anyway). */
  private async slot(action: "renew" | "release"): Promise<void> {
    const record = await this.load().catch(() => null);
    if (!record?.session_id) return;
    const server = this.env.MCP_SERVER.get(this.env.MCP_SERVER.idFromName(record.server_id));
    try {
      if (action === "renew") await server.renewSseSlot(record.session_id);
      else await server.releaseSseSlot(record.session_id);
    } catch {
      // The lease (60 s) frees the slot if this call never lands.
    }
  }

  private async scheduleAlarm(expiresAt: string | null): Promise<void> {
    const sweep = now() + sseTiming.sweepMs;
    const expiry = expiresAt === null ? sweep : Date.parse(expiresAt);
    await this.ctx.storage.setAlarm(Math.min(sweep, expiry));
  }

  private async load(): Promise<SseSessionRecord | null> {
    const raw = await this.ctx.storage.get(STORAGE_KEY);
    return raw === undefined ? null : SseSessionRecord.parse(raw);
  }
}
