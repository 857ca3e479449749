/**
 * The admin API client: same-origin JSON calls with the admin bearer. Every failure becomes an
 * {@link ApiError} carrying the server's plain-words message and the fields it blames, so a view
 * can show it next to whatever caused it.
 */
import type { CallView, Footprint as FootprintView, GrantView } from "../../worker/admin/views";

/** An integrated account. */
export interface Account {
  id: string;
  integration: string;
  name: string;
  /** How it connects: a pasted API token, or OAuth at the provider. */
  auth: "api_token" | "oauth2";
  /** `pending`: an OAuth connection not completed; `needs_reconnect`: the provider refused a refresh. */
  status: "active" | "pending" | "needs_reconnect";
  status_reason?: string;
  created_at: string;
  updated_at: string;
}

/** An OAuth account just created or asked to reconnect: the single-use URL to open. */
export interface ConnectLink extends Account {
  connect_url: string;
  connect_expires_at: string;
}

/** An integration's OAuth app (`GET /integrations/:name/oauth-app`); the secret is never sent back. */
export interface OAuthApp {
  integration: string;
  client_id: string;
  redirect_uri: string;
  instructions: string | null;
  updated_at: string;
}

/** An MCP server's filter and access settings. */
export interface ServerConfig {
  methods?: string[];
  tags?: string[];
  exclude_tools?: string[];
  tool_exposure?: ToolExposure;
  schema_profile?: SchemaProfile;
  log_arguments?: boolean;
  /** How the URL authenticates beyond its token (always present in the API's answers). */
  auth?: AuthMode;
  /** Whose upstream account calls use: the account's (absent), or each signed-in person's own. */
  upstream?: "account" | "per_person";
}

/** One person's own upstream connection on a `per_person` account (never their tokens). */
export interface PersonConnection {
  api_token_id: string;
  api_token_name: string | null;
  status: "active" | "pending" | "needs_reconnect";
  status_reason?: string;
  updated_at: string;
}

/** `config.auth`: the URL alone, plus an API token by header, or OAuth sign-in. */
export type AuthMode = "none" | "api_token" | "oauth";

/** An OAuth grant of an `oauth` server: who signed in, from which app, until when. */
export type Grant = GrantView;

/**
 * How a server lists its tools: all of them, three discovery tools, discovery when big, or code
 * mode's two tools (only where the deployment has a Worker Loader binding).
 */
export type ToolExposure = "all" | "discovery" | "auto" | "code";

/** The form of the listed schemas: portable (every client), strict for OpenAI, or as documented. */
export type SchemaProfile = "portable" | "openai_strict" | "full";

/** What a tool surface costs and which client limits it crosses (create, update and preview). */
export type Footprint = FootprintView;

/** The preview endpoint's page: the tools plus their footprint. */
export interface ToolPage extends Page<Tool> {
  footprint: Footprint;
  /** The exposures this deployment offers (`code` only with a Worker Loader binding). */
  exposures: ToolExposure[];
}

/** An MCP server as lists and gets show it (never its URL). */
export interface McpServer {
  id: string;
  name: string;
  config: ServerConfig;
  expires_at: string | null;
  expired: boolean;
  integrated_account_id: string;
  created_at: string;
  updated_at: string;
  /** Activity summary: newest recorded call, calls and non-ok calls in the last 24 h (null: unavailable). */
  last_used_at?: string | null;
  calls_24h?: number | null;
  errors_24h?: number | null;
}

/** One recorded tool call (`GET …/calls`). */
export type CallRecord = CallView;

/** The answer to creating an MCP server: the only time its URL exists outside the client. */
export interface CreatedServer extends McpServer {
  url: string;
}

/** One tool of the preview endpoint. */
export interface Tool {
  name: string;
  title?: string;
  description: string;
  method: string;
  access?: "read" | "write";
  tags: string[];
  http: { method: string; path: string };
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
}

/** An API token (its secret only in {@link CreatedApiToken}). */
export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  created_at: string;
}

/** The answer to creating an API token. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** A page of a list endpoint. */
export interface Page<T> {
  result: T[];
  next_cursor: string | null;
}

/** One field the server blamed. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A failed admin API call. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** The error's `details` as sent (e.g. `{issues: string[]}` of a document that cannot be imported). */
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

/** The plain-words problems an error's `details.issues` lists (an import's 400), or none. */
export function detailIssues(err: unknown): string[] {
  if (!(err instanceof ApiError) || !err.details || typeof err.details !== "object") return [];
  const issues = (err.details as { issues?: unknown }).issues;
  return Array.isArray(issues) ? issues.filter((i): i is string => typeof i === "string") : [];
}

/** True for an aborted request (the view that asked for it is gone). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

/** Normalizes `error.details`: an array of `{field,message}` or one object naming a `field`. */
function issuesOf(details: unknown, message: string): FieldIssue[] {
  const one = (d: unknown): FieldIssue | null => {
    if (!d || typeof d !== "object") return null;
    const r = d as Record<string, unknown>;
    if (typeof r.field !== "string") return null;
    return { field: r.field, message: typeof r.message === "string" ? r.message : message };
  };
  const list = Array.isArray(details) ? details.map(one) : [one(details)];
  return list.filter((x): x is FieldIssue => x !== null);
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Options of {@link Api}. */
export interface ApiOptions {
  token: () => string | null;
  /** Called when a signed-in call is refused: the token was revoked or the admin token rotated. */
  onUnauthorized: () => void;
}

/** The admin API, bound to the signed-in token. */
export class Api {
  constructor(private readonly options: ApiOptions) {}

  /** Performs one call; `token` overrides the session's (sign-in validation). */
  async call<T>(
    method: Method,
    path: string,
    body?: unknown,
    init: { signal?: AbortSignal; token?: string } = {},
  ): Promise<T> {
    const token = init.token ?? this.options.token();
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: init.signal ?? null,
        cache: "no-store",
        credentials: "omit",
        redirect: "error",
      });
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new ApiError(
        0,
        "network_error",
        "Could not reach the gateway. Check that it is running, then retry.",
      );
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below by status
    }
    if (res.ok) return json as T;
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    const message =
      typeof error?.message === "string" ? error.message : `The gateway answered HTTP ${res.status}.`;
    const code = typeof error?.code === "string" ? error.code : `http_${res.status}`;
    if (res.status === 401 && init.token === undefined) this.options.onUnauthorized();
    throw new ApiError(res.status, code, message, issuesOf(error?.details, message), error?.details);
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.call<T>("GET", path, undefined, signal ? { signal } : {});
  }
  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("POST", path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("PATCH", path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("PUT", path, body);
  }
  del(path: string): Promise<void> {
    return this.call<void>("DELETE", path);
  }

  /** The tools a filter yields, with their footprint; an empty filter lists them all. */
  tools(
    accountId: string,
    filter: {
      methods?: string[];
      tags?: string[];
      tool_exposure?: ToolExposure;
      schema_profile?: SchemaProfile;
    },
    signal?: AbortSignal,
  ) {
    const q = new URLSearchParams();
    if (filter.methods?.length) q.set("methods", filter.methods.join(","));
    if (filter.tags?.length) q.set("tags", filter.tags.join(","));
    if (filter.tool_exposure) q.set("tool_exposure", filter.tool_exposure);
    if (filter.schema_profile) q.set("schema_profile", filter.schema_profile);
    const qs = q.toString();
    return this.get<ToolPage>(`/integrated-account/${enc(accountId)}/tools${qs ? `?${qs}` : ""}`, signal);
  }
}

/**
 * An integration (`GET /integrations`). Until a version of it is published, `published_version`,
 * `credential` and `instructions` are null and it has no tools: no account can use it yet.
 */
export interface IntegrationInfo {
  name: string;
  title: string;
  published_version: number | null;
  updated_at: string;
  credential: string | null;
  instructions: string | null;
  /** How its accounts can connect (empty until published). */
  auth_methods: Array<"api_token" | "oauth2">;
  tools: number;
  methods: string[];
  tags: string[];
}

/** Encodes one path segment. */
export function enc(segment: string): string {
  return encodeURIComponent(segment);
}
