/**
 * One Durable Object per MCP server (`idFromName(serverId)`): the source of truth for the server
 * record. Every change goes through it, so updates are serialized, and it keeps the two KV
 * projections in step — the token routing record (`token:<hash>`) and the list index
 * (`server:<account>:<id>`) — and owns the expiry alarm that purges the token at `expires_at`.
 *
 * A change is all-or-nothing across those four places. Its steps run in a fixed order, the served
 * one (the token record) last when it grants access and first when it revokes it, and when a step
 * fails the steps already done are undone from the previous state, so neither the URL nor the next
 * change ever sees half of it. Expiry is final: once `expires_at` has passed, no change revives the
 * URL (`409 server_expired`); only deleting it still works.
 */
import { DurableObject } from "cloudflare:workers";
import { now } from "../worker/clock";
import { positiveInt } from "../worker/config";
import { isExpired } from "../worker/expiry";
import { HttpError } from "../worker/http/errors";
import { requirePublished } from "../worker/integrations/registry";
import { log } from "../worker/log";
import {
  keys,
  type ServerConfig,
  ServerRecord,
  type ServerSummary,
  type TokenRecord,
} from "../worker/stores/records";
import { toolsForConfig } from "../worker/tools/catalog";

/** A change to a server; `config` is shallow-merged, `expires_at: null` clears expiry. */
export interface ServerPatch {
  name?: string | undefined;
  config?: Partial<Record<keyof ServerConfig, unknown>> | undefined;
  expires_at?: string | null | undefined;
}

/** RPC results carry errors as data: class identity does not survive the RPC boundary. */
export type ServerResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string; details?: unknown };

const STORAGE_KEY = "server";
/** KV refuses an `expiration` less than 60 s ahead. */
const KV_MIN_TTL_S = 60;
/**
 * The latest `expiration` KV accepts (a 32-bit signed epoch second, 2038-01-19T03:14:07Z). A later
 * expiry gets no KV backstop: the alarm and the per-request check stay exact on their own.
 */
export const KV_MAX_EXPIRATION_S = 2 ** 31 - 1;
/**
 * The latest alarm the object schedules. A later expiry is approached in steps: the alarm re-reads
 * `expires_at` and sets itself again until the instant has come.
 */
const MAX_ALARM_MS = KV_MAX_EXPIRATION_S * 1000;

/** The answer to a change that failed part-way (and was undone). */
const NOT_APPLIED: ServerResult<never> = {
  ok: false,
  status: 503,
  code: "change_not_applied",
  message: "Storage failed part-way; the change was undone and nothing was applied. Retry the request.",
};

/**
 * Most legacy HTTP+SSE sessions one MCP URL may hold open at once: each holds a stream and up to
 * 4 MiB of unread answers (sse-session.ts), so the bound on a URL's memory is this times that.
 */
export const MAX_SSE_SESSIONS_PER_URL = 10;
/** A session that has not renewed its slot for this long is counted as gone (it renews every keep-alive). */
export const SSE_LEASE_MS = 60_000;

export class McpServerObject extends DurableObject<Env> {
  /**
   * Open legacy SSE sessions of this URL and when each last renewed its slot. In memory only: if
   * this object is evicted the count starts over, which can only let sessions in, never lock the URL.
   */
  private readonly sseSessions = new Map<string, number>();

  /** Takes a slot for a new SSE session; false when the URL already holds {@link MAX_SSE_SESSIONS_PER_URL}. */
  async acquireSseSlot(sessionId: string): Promise<boolean> {
    const t = now();
    for (const [id, seen] of this.sseSessions) if (t - seen > SSE_LEASE_MS) this.sseSessions.delete(id);
    if (this.sseSessions.size >= MAX_SSE_SESSIONS_PER_URL) return false;
    this.sseSessions.set(sessionId, t);
    return true;
  }

  /** A session still streaming renews its slot (every keep-alive tick). */
  async renewSseSlot(sessionId: string): Promise<void> {
    this.sseSessions.set(sessionId, now());
  }

  /** A session's stream ended: its slot is free. */
  async releaseSseSlot(sessionId: string): Promise<void> {
    this.sseSessions.delete(sessionId);
  }

  /** Stores a new server and publishes its token and index records, all or nothing. */
  async create(record: ServerRecord): Promise<ServerResult<ServerSummary>> {
    const parsed = ServerRecord.parse(record);
    if (await this.load()) return { ok: false, status: 409, code: "conflict", message: "Server exists" };
    if (!(await this.apply(null, parsed))) return NOT_APPLIED;
    return { ok: true, value: summary(parsed) };
  }

  /** The current record, or null when the server does not exist (or was deleted). */
  async read(): Promise<ServerSummary | null> {
    const r = await this.load();
    return r ? summary(r) : null;
  }

  /** Applies a patch: merges, re-validates the filters, republishes, reschedules expiry. */
  async update(patch: ServerPatch): Promise<ServerResult<ServerSummary>> {
    const current = await this.load();
    if (!current) return { ok: false, status: 404, code: "not_found", message: "MCP server not found" };
    if (isExpired(current.expires_at, now())) {
      return {
        ok: false,
        status: 409,
        code: "server_expired",
        message: `This MCP server expired at ${current.expires_at}; its URL no longer works and cannot be revived. Create a new URL instead (you may delete this one).`,
        details: { expires_at: current.expires_at },
      };
    }
    const config = { ...current.config } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch.config ?? {})) {
      if (v === null) delete config[k];
      else config[k] = v;
    }
    const next: ServerRecord = {
      ...current,
      name: patch.name ?? current.name,
      config: config as ServerConfig,
      expires_at: patch.expires_at === undefined ? current.expires_at : patch.expires_at,
      updated_at: new Date(now()).toISOString(),
    };
    try {
      toolsForConfig(await requirePublished(this.env, next.integration, now()), next.config);
    } catch (e) {
      if (e instanceof HttpError)
        return { ok: false, status: e.status, code: e.code, message: e.message, details: e.details };
      throw e;
    }
    if (!(await this.apply(current, next))) return NOT_APPLIED;
    return { ok: true, value: summary(next) };
  }

  /**
   * Deletes the server: the token stops resolving first, then the index entry, the alarm and the
   * record go. False when there was nothing to delete; throws (after undoing) when a step failed.
   */
  async destroy(): Promise<ServerResult<boolean>> {
    const current = await this.load();
    if (!current) return { ok: true, value: false };
    if (!(await this.apply(current, null))) return NOT_APPLIED;
    return { ok: true, value: true };
  }

  /**
   * Expiry: re-reads the authoritative `expires_at` (it may have been renewed or cleared since the
   * alarm was set), then purges the token record. Idempotent, so a retried alarm does no harm; a
   * throw lets the runtime retry it.
   */
  override async alarm(): Promise<void> {
    const current = await this.load();
    if (!current?.expires_at) return;
    const at = Date.parse(current.expires_at);
    if (now() < at) {
      await this.ctx.storage.setAlarm(Math.min(at, MAX_ALARM_MS));
      return;
    }
    // A small tombstone (the routing record, no secret) outlives the token for the activity
    // retention period, so calls after expiry are recorded as `expired` refusals.
    const days = positiveInt(this.env.ACTIVITY_RETENTION_DAYS, 30);
    await this.env.KV.put(keys.tokenTombstone(current.token_hash), JSON.stringify(routingRecord(current)), {
      expirationTtl: days * 86_400,
    });
    await this.env.KV.delete(keys.token(current.token_hash));
  }

  private async load(): Promise<ServerRecord | null> {
    const raw = await this.ctx.storage.get(STORAGE_KEY);
    return raw === undefined ? null : ServerRecord.parse(raw);
  }

  /**
   * Moves every place from `prev` to `next` (null: absent). Steps that grant access come last, the
   * one that revokes it first; on a failure the steps done are undone in reverse from `prev`.
   * True when every step succeeded.
   */
  private async apply(prev: ServerRecord | null, next: ServerRecord | null): Promise<boolean> {
    // Keys come from whichever state exists; the id, account and token hash never change.
    const subject = next ?? prev;
    if (!subject) return true;
    const steps: Array<{ name: string; to: (r: ServerRecord | null) => Promise<void> }> = [
      { name: "index", to: (r) => this.writeIndex(subject, r) },
      { name: "alarm", to: (r) => this.writeAlarm(r) },
      { name: "record", to: (r) => this.writeRecord(r) },
      { name: "token", to: (r) => this.writeToken(subject, r) },
    ];
    // Revoking (delete) takes the URL down before anything else.
    if (next === null) steps.unshift(...steps.splice(3, 1));
    const done: typeof steps = [];
    for (const step of steps) {
      try {
        await step.to(next);
        done.push(step);
      } catch (err) {
        logFailure(`mcp-server.apply.${step.name}`, err);
        for (const undo of done.reverse()) {
          try {
            await undo.to(prev);
          } catch (undoErr) {
            logFailure(`mcp-server.undo.${undo.name}`, undoErr);
          }
        }
        return false;
      }
    }
    return true;
  }

  private async writeIndex(subject: ServerRecord, r: ServerRecord | null): Promise<void> {
    const key = keys.server(subject.integrated_account_id, subject.id);
    if (r) await this.env.KV.put(key, JSON.stringify(summary(r)));
    else await this.env.KV.delete(key);
  }

  private async writeAlarm(r: ServerRecord | null): Promise<void> {
    if (r?.expires_at) await this.ctx.storage.setAlarm(Math.min(Date.parse(r.expires_at), MAX_ALARM_MS));
    else await this.ctx.storage.deleteAlarm();
  }

  private async writeRecord(r: ServerRecord | null): Promise<void> {
    if (r) await this.ctx.storage.put(STORAGE_KEY, r);
    else await this.ctx.storage.delete(STORAGE_KEY);
  }

  /** The token routing record: present while the server exists and has not expired. */
  private async writeToken(subject: ServerRecord, r: ServerRecord | null): Promise<void> {
    const key = keys.token(subject.token_hash);
    const expiresMs = r?.expires_at ? Date.parse(r.expires_at) : null;
    if (!r || (expiresMs !== null && expiresMs <= now())) {
      await this.env.KV.delete(key);
      // A deleted server leaves no tombstone: its URL is unknown, not expired.
      if (!r) await this.env.KV.delete(keys.tokenTombstone(subject.token_hash));
      return;
    }
    const token = routingRecord(r);
    // Renewed after it expired: the URL lives again, so its tombstone goes.
    await this.env.KV.delete(keys.tokenTombstone(subject.token_hash));
    // A KV expiration backstop in case the alarm never runs, only where KV accepts one.
    const expiration = expiresMs === null ? null : Math.floor(expiresMs / 1000);
    const backstop =
      expiration !== null &&
      expiration >= Math.floor(now() / 1000) + KV_MIN_TTL_S &&
      expiration <= KV_MAX_EXPIRATION_S
        ? { expiration }
        : {};
    await this.env.KV.put(key, JSON.stringify(token), backstop);
  }
}

/** What an MCP request resolves its URL token to. */
function routingRecord(r: ServerRecord): TokenRecord {
  return {
    server_id: r.id,
    integrated_account_id: r.integrated_account_id,
    integration: r.integration,
    config: r.config,
    expires_at: r.expires_at,
  };
}

function summary(r: ServerRecord): ServerSummary {
  const { token_hash: _hidden, ...rest } = r;
  return rest;
}

function logFailure(where: string, err: unknown): void {
  const what = err instanceof Error ? `${err.name}: ${err.message}` : "non-error thrown";
  log("error", "server_change_failed", { where, error: what });
}
