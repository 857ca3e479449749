/**
 * One Durable Object per OAuth-connected integrated account (`idFromName(accountId)`): the source of
 * truth for the account's upstream tokens and its connect flow. Being one object per account is what
 * makes the token lifecycle safe across isolates:
 *
 * - **single-flight refresh**: every isolate asks this object for a usable access token; the first
 *   request that finds the token within 60 s of expiry (or refused by the upstream) starts the one
 *   refresh, and every request arriving meanwhile awaits that same refresh;
 * - **atomic rotation**: the new token set (access and rotated refresh token together) is written in
 *   one storage put as soon as the provider answers, so the only valid refresh token is never lost
 *   to a half-written pair;
 * - **single-use flows**: a connect URL and the `state` of its authorization request are each consumed
 *   exactly once, here, whatever isolate the browser reaches.
 *
 * Tokens are sealed with CREDENTIALS_KEY (the account id as additional data). The KV account record
 * mirrors the status (`pending`, `active`, `needs_reconnect`) for views; this object decides it.
 */
import { DurableObject } from "cloudflare:workers";
import { now } from "../worker/clock";
import { log } from "../worker/log";
import { randomToken, type Sealed, seal, sha256Hex, unseal } from "../worker/security/crypto";
import { setAccountStatus } from "../worker/stores/accounts";
import { putPersonConnection } from "../worker/stores/person-connections";
import type { AccountStatus } from "../worker/stores/records";
import { clientConfig } from "../worker/upstream/auth/config";
import { OAuthFailure, refreshTokens, type TokenSet } from "../worker/upstream/auth/oauth-client";

/** How long a connect URL, and then its authorization request, stay usable (ms). */
export const CONNECT_TTL_MS = 10 * 60_000;
/** An access token this close to its expiry is refreshed before use (ms). */
export const REFRESH_MARGIN_MS = 60_000;

/** A usable access token, or why there is none. RPC results carry failures as data. */
export type TokenAnswer =
  | { ok: true; access_token: string; expires_at: number | null }
  | {
      ok: false;
      /** `reconnect_required`: a person must connect the account (again); `unavailable`: try later. */
      problem: "reconnect_required" | "unavailable";
      status: AccountStatus;
      reason: string;
    };

/** A step of the connect flow that did not go through, with the reason. */
export type FlowResult<T> = ({ ok: true } & T) | { ok: false; reason: string };

/** The person of a person connection (an account's `per_person` URLs): the API token that signed in. */
export interface Person {
  api_token_id: string;
  api_token_name: string | null;
}

interface Meta {
  account_id: string;
  integration: string;
  status: AccountStatus;
  reason: string | null;
  /** Set on a person connection; absent on the account's own connection. */
  person?: Person;
}

interface Flow {
  connect_hash: string;
  /** Set when the connect URL was opened: the browser's cookie and the authorization request's state. */
  browser_hash: string | null;
  state_hash: string | null;
  code_verifier: string | null;
  redirect_uri: string;
  expires_at: number;
  /** Where a person's sign-in resumes after the provider (their MCP URL's consent page), sealed. */
  resume?: Sealed;
}

const META = "meta";
const FLOW = "flow";
const TOKENS = "tokens";

export class UpstreamAuthObject extends DurableObject<Env> {
  /** The refresh in progress, which every concurrent request awaits (single-flight). */
  private inflight: Promise<TokenAnswer> | null = null;

  private aad(meta: Meta): string {
    return `upstream-tokens:${meta.account_id}`;
  }

  /**
   * Starts (or restarts) a connection: a new single-use connect token valid {@link CONNECT_TTL_MS};
   * any earlier flow of this account stops working. The tokens in use (if any) stay until replaced.
   */
  async beginConnect(
    accountId: string,
    integration: string,
    redirectUri: string,
  ): Promise<{ connect_token: string; expires_at: number }> {
    const meta = (await this.ctx.storage.get<Meta>(META)) ?? {
      account_id: accountId,
      integration,
      status: "pending" as const,
      reason: null,
    };
    const connect_token = randomToken("");
    const expires_at = now() + CONNECT_TTL_MS;
    const flow: Flow = {
      connect_hash: await sha256Hex(connect_token),
      browser_hash: null,
      state_hash: null,
      code_verifier: null,
      redirect_uri: redirectUri,
      expires_at,
    };
    await this.ctx.storage.put({ [META]: meta, [FLOW]: flow });
    return { connect_token, expires_at };
  }

  /**
   * Consumes the connect token and binds the flow to the browser (its cookie's hash) and to the
   * authorization request (its state's hash, PKCE verifier, redirect URI).
   */
  async openConnect(
    connectToken: string,
    bind: { browser_hash: string; state_hash: string; code_verifier: string | null; redirect_uri: string },
  ): Promise<FlowResult<{ integration: string }>> {
    const [meta, flow] = await Promise.all([
      this.ctx.storage.get<Meta>(META),
      this.ctx.storage.get<Flow>(FLOW),
    ]);
    const hash = await sha256Hex(connectToken);
    if (
      !meta ||
      !flow ||
      flow.connect_hash !== hash ||
      flow.state_hash !== null ||
      flow.expires_at <= now()
    ) {
      return { ok: false, reason: "this connect link was already used, was replaced or has expired" };
    }
    if (bind.redirect_uri !== flow.redirect_uri) {
      return { ok: false, reason: `open the connect link on ${new URL(flow.redirect_uri).origin}` };
    }
    await this.ctx.storage.put(FLOW, { ...flow, ...bind });
    return { ok: true, integration: meta.integration };
  }

  /**
   * Starts a person connection's flow at sign-in, already bound (no connect URL: the person is at
   * their MCP URL's consent page, which `resume` names, sealed).
   */
  async beginPersonFlow(
    accountId: string,
    integration: string,
    person: Person,
    bind: { browser_hash: string; state_hash: string; code_verifier: string | null; redirect_uri: string },
    resume: string,
  ): Promise<void> {
    const current = await this.ctx.storage.get<Meta>(META);
    const meta: Meta = current ?? {
      account_id: accountId,
      integration,
      status: "pending",
      reason: null,
      person,
    };
    const flow: Flow = {
      connect_hash: "",
      ...bind,
      expires_at: now() + CONNECT_TTL_MS,
      resume: await seal(this.env.CREDENTIALS_KEY, resume, `upstream-resume:${accountId}`),
    };
    await this.ctx.storage.put({ [META]: meta, [FLOW]: flow });
    if (!current) await this.mirror(meta, "pending", "signing in at the provider");
  }

  /** Whether this connection has tokens and is `active`. */
  async isActive(): Promise<boolean> {
    const [meta, tokens] = await Promise.all([
      this.ctx.storage.get<Meta>(META),
      this.ctx.storage.get<Sealed>(TOKENS),
    ]);
    return meta?.status === "active" && tokens !== undefined;
  }

  /**
   * Consumes the flow whose authorization request carried `state` (by hash), from the browser that
   * opened it, at its exact redirect URI. Single-use: a second call finds nothing.
   */
  async consumeState(
    stateHash: string,
    browserHash: string | null,
    redirectUri: string,
  ): Promise<
    FlowResult<{
      integration: string;
      code_verifier: string | null;
      redirect_uri: string;
      resume: string | null;
    }>
  > {
    const [meta, flow] = await Promise.all([
      this.ctx.storage.get<Meta>(META),
      this.ctx.storage.get<Flow>(FLOW),
    ]);
    if (!meta || !flow || flow.state_hash === null || flow.state_hash !== stateHash) {
      return { ok: false, reason: "unknown or already used state: start again from the dashboard" };
    }
    await this.ctx.storage.delete(FLOW);
    if (flow.expires_at <= now()) return { ok: false, reason: "the connection took longer than 10 minutes" };
    if (browserHash === null || browserHash !== flow.browser_hash) {
      return { ok: false, reason: "the answer reached a different browser than the one that started" };
    }
    if (redirectUri !== flow.redirect_uri) return { ok: false, reason: "wrong redirect URI" };
    const resume = flow.resume
      ? String(await unseal(this.env.CREDENTIALS_KEY, flow.resume, `upstream-resume:${meta.account_id}`))
      : null;
    return {
      ok: true,
      integration: meta.integration,
      code_verifier: flow.code_verifier,
      redirect_uri: flow.redirect_uri,
      resume,
    };
  }

  /** Stores the tokens of a completed connection (one put) and makes the account `active`. */
  async completeConnect(tokens: TokenSet): Promise<void> {
    const meta = await this.ctx.storage.get<Meta>(META);
    if (!meta) throw new Error("no connect flow");
    const next: Meta = { ...meta, status: "active", reason: null };
    const sealed = await seal(this.env.CREDENTIALS_KEY, tokens, this.aad(meta));
    await this.ctx.storage.put({ [META]: next, [TOKENS]: sealed });
    await this.mirror(next, "active");
  }

  /** Records why a connection failed; the status stays what it was (nothing is stored). */
  async failConnect(reason: string): Promise<void> {
    const meta = await this.ctx.storage.get<Meta>(META);
    if (!meta) return;
    await this.ctx.storage.put(META, { ...meta, reason });
    await this.mirror(meta, meta.status, reason);
  }

  /**
   * A usable access token. Refreshes first when the token is within {@link REFRESH_MARGIN_MS} of
   * expiry, or when `rejected` is the token currently held (the upstream answered 401 to it);
   * concurrent callers share one refresh.
   */
  async accessToken(rejected?: string): Promise<TokenAnswer> {
    if (this.inflight) return this.inflight;
    const meta = await this.ctx.storage.get<Meta>(META);
    const sealed = await this.ctx.storage.get<Sealed>(TOKENS);
    if (!meta || !sealed) {
      return {
        ok: false,
        problem: "reconnect_required",
        status: meta?.status ?? "pending",
        reason: meta?.reason ?? "the account is not connected",
      };
    }
    let tokens: TokenSet;
    try {
      tokens = (await unseal(this.env.CREDENTIALS_KEY, sealed, this.aad(meta))) as TokenSet;
    } catch {
      return this.needsReconnect(meta, "its tokens cannot be decrypted (CREDENTIALS_KEY changed)");
    }
    const stale = rejected !== undefined && rejected === tokens.access_token;
    const expiring = tokens.expires_at !== null && tokens.expires_at - now() <= REFRESH_MARGIN_MS;
    if (!stale && !expiring) return answer(tokens);
    // Another caller may have started the refresh while this one read storage.
    if (this.inflight) return this.inflight;
    this.inflight = this.refresh(meta, tokens, stale).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async refresh(meta: Meta, tokens: TokenSet, stale: boolean): Promise<TokenAnswer> {
    const stillValid = !stale && tokens.expires_at !== null && tokens.expires_at > now();
    if (!tokens.refresh_token) {
      if (stillValid) return answer(tokens);
      return this.needsReconnect(meta, "the access token was refused and the provider gave no refresh token");
    }
    let next: TokenSet;
    try {
      const cfg = await clientConfig(this.env, meta.integration);
      next = await refreshTokens(cfg, tokens.refresh_token, now());
    } catch (e) {
      const reason = e instanceof Error ? e.message : "refresh failed";
      if (e instanceof OAuthFailure && e.refused) return this.needsReconnect(meta, reason);
      log("warn", "upstream_refresh_failed", { account_id: meta.account_id, reason });
      if (stillValid) return answer(tokens);
      return { ok: false, problem: "unavailable", status: meta.status, reason };
    }
    // The new pair in one put, before anyone uses it: the rotated refresh token is never lost.
    await this.ctx.storage.put(TOKENS, await seal(this.env.CREDENTIALS_KEY, next, this.aad(meta)));
    return answer(next);
  }

  private async needsReconnect(meta: Meta, reason: string): Promise<TokenAnswer> {
    await this.ctx.storage.delete(TOKENS);
    await this.ctx.storage.put(META, { ...meta, status: "needs_reconnect", reason });
    await this.mirror(meta, "needs_reconnect", reason);
    log("info", "upstream_needs_reconnect", { account_id: meta.account_id, reason });
    return { ok: false, problem: "reconnect_required", status: "needs_reconnect", reason };
  }

  /** Mirrors the status where views read it: the account record, or the person connection's. */
  private async mirror(meta: Meta, status: AccountStatus, reason?: string): Promise<void> {
    if (meta.person) {
      await putPersonConnection(this.env, { account_id: meta.account_id, ...meta.person }, status, reason);
    } else {
      await setAccountStatus(this.env, meta.account_id, status, reason);
    }
  }

  /** Forgets everything (the account was deleted, or the person's connection revoked). */
  async forget(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

function answer(tokens: TokenSet): TokenAnswer {
  return { ok: true, access_token: tokens.access_token, expires_at: tokens.expires_at };
}
