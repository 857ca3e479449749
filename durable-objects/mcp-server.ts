/**
 * One Durable Object per MCP server (`idFromName(serverId)`): the source of truth for the server
 * record. Every change goes through it, so updates are serialized, and it keeps the two KV
 * projections in step — the token routing record (`token:<hash>`) and the list index
 * (`server:<account>:<id>`) — and owns the expiry alarm that purges the token at `expires_at`.
 */
import { DurableObject } from "cloudflare:workers";
import { now } from "../worker/clock";
import { HttpError } from "../worker/http/errors";
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

export class McpServerObject extends DurableObject<Env> {
  /** Stores a new server and publishes its token and index records. */
  async create(record: ServerRecord): Promise<ServerResult<ServerSummary>> {
    const parsed = ServerRecord.parse(record);
    await this.ctx.storage.put(STORAGE_KEY, parsed);
    await this.publish(parsed);
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
      toolsForConfig(next.integration, next.config);
    } catch (e) {
      if (e instanceof HttpError)
        return { ok: false, status: e.status, code: e.code, message: e.message, details: e.details };
      throw e;
    }
    await this.ctx.storage.put(STORAGE_KEY, next);
    await this.publish(next);
    return { ok: true, value: summary(next) };
  }

  /** Deletes the server: the token stops resolving at once, the index entry and the alarm go too. */
  async destroy(): Promise<boolean> {
    const current = await this.load();
    if (!current) return false;
    await Promise.all([
      this.env.KV.delete(keys.token(current.token_hash)),
      this.env.KV.delete(keys.server(current.integrated_account_id, current.id)),
    ]);
    await this.ctx.storage.deleteAll();
    return true;
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
      await this.ctx.storage.setAlarm(at);
      return;
    }
    await this.env.KV.delete(keys.token(current.token_hash));
  }

  private async load(): Promise<ServerRecord | null> {
    const raw = await this.ctx.storage.get(STORAGE_KEY);
    return raw === undefined ? null : ServerRecord.parse(raw);
  }

  /** Writes both KV projections and (re)schedules or cancels the alarm. */
  private async publish(r: ServerRecord): Promise<void> {
    const token: TokenRecord = {
      server_id: r.id,
      integrated_account_id: r.integrated_account_id,
      integration: r.integration,
      config: r.config,
      expires_at: r.expires_at,
    };
    const expiresMs = r.expires_at ? Date.parse(r.expires_at) : null;
    const expiration = expiresMs ? Math.floor(expiresMs / 1000) : null;
    const backstop =
      expiration !== null && expiration >= Math.floor(now() / 1000) + KV_MIN_TTL_S ? { expiration } : {};
    if (expiresMs !== null && expiresMs <= now()) {
      await this.env.KV.delete(keys.token(r.token_hash));
    } else {
      await this.env.KV.put(keys.token(r.token_hash), JSON.stringify(token), backstop);
    }
    await this.env.KV.put(keys.server(r.integrated_account_id, r.id), JSON.stringify(summary(r)));
    if (expiresMs !== null) await this.ctx.storage.setAlarm(expiresMs);
    else await this.ctx.storage.deleteAlarm();
  }
}

function summary(r: ServerRecord): ServerSummary {
  const { token_hash: _hidden, ...rest } = r;
  return rest;
}
