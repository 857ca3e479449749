/**
 * Shapes of everything the gateway stores, validated with zod on every read (KV and DO values are
 * a trust boundary too: a value written by an older version must fail loudly, not half-work).
 * The layout itself is documented in docs/STORAGE.md.
 */
import * as z from "zod";
import { SCHEMA_PROFILES } from "../tools/schema-profiles";

const Sealed = z.object({ v: z.literal(1), iv: z.string(), ct: z.string() });

/** How an account is connected: a pasted API token, or OAuth tokens (worker/upstream/auth/). */
export const AccountAuth = z.enum(["api_token", "oauth2"]);
export type AccountAuth = z.infer<typeof AccountAuth>;

/**
 * Whether an account can make calls: `active`; `pending` (an OAuth connection not completed yet);
 * `needs_reconnect` (the provider refused to refresh its tokens: someone must connect it again).
 */
export const AccountStatus = z.enum(["active", "pending", "needs_reconnect"]);
export type AccountStatus = z.infer<typeof AccountStatus>;

/**
 * `account:<id>` — an integrated account. An `api_token` account holds its credentials sealed with
 * CREDENTIALS_KEY here; an `oauth2` account's tokens live sealed in its UpstreamAuthObject (the one
 * place that may rotate them), and this record only mirrors its status. Records written before OAuth
 * connections have neither `auth` nor `status`: they are `api_token` and `active`.
 */
export const AccountRecord = z.object({
  id: z.string(),
  integration: z.string(),
  name: z.string(),
  auth: AccountAuth.optional(),
  credentials: Sealed.optional(),
  status: AccountStatus.optional(),
  /** Why the account is `pending` or `needs_reconnect` (the last failure), in words. */
  status_reason: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

/**
 * `person-connection:<account_id>:<api_token_id>` — one person's own upstream connection on the
 * `per_person` URLs of an account (the tokens live in its UpstreamAuthObject); mirrored for views.
 */
export const PersonConnection = z.object({
  account_id: z.string(),
  api_token_id: z.string(),
  api_token_name: z.string().nullable(),
  status: AccountStatus,
  status_reason: z.string().optional(),
  updated_at: z.string(),
});
export type PersonConnection = z.infer<typeof PersonConnection>;

/**
 * `oauth-app:<integration>` — the OAuth app an admin registered at the provider for an integration
 * (`PUT /integrations/:name/oauth-app`); the client secret sealed with CREDENTIALS_KEY.
 */
export const OAuthAppRecord = z.object({
  integration: z.string(),
  client_id: z.string(),
  client_secret: Sealed,
  created_at: z.string(),
  updated_at: z.string(),
});
export type OAuthAppRecord = z.infer<typeof OAuthAppRecord>;

/**
 * How an MCP URL authenticates beyond its URL token: `none` (the URL alone), `api_token` (an API
 * token in `Authorization: Bearer` or `X-API-Key`), `oauth` (OAuth 2.1 on that URL, see worker/oauth).
 */
export const AuthMode = z.enum(["none", "api_token", "oauth"]);
export type AuthMode = z.infer<typeof AuthMode>;

/** The filter and access part of an MCP server. */
export const ServerConfig = z.object({
  methods: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  exclude_tools: z.array(z.string()).optional(),
  tool_exposure: z.enum(["all", "discovery", "auto", "code"]).optional(),
  /** The form of the tools' `inputSchema` on the wire (worker/tools/schema-profiles.ts); absent = portable. */
  schema_profile: z.enum(SCHEMA_PROFILES).optional(),
  auth: AuthMode.optional(),
  /** Truto's spelling of `auth: "api_token"`; records written before `auth` existed carry it. */
  require_api_token_auth: z.boolean().optional(),
  /** Store each call's arguments (redacted) in its activity record. Off by default: they are customer data. */
  log_arguments: z.boolean().optional(),
  /**
   * Whose upstream account a call uses: `account` (default) the integrated account's; `per_person`
   * (an `oauth` URL only) each signed-in person's own, connected at sign-in (worker/upstream/auth/person.ts).
   */
  upstream: z.enum(["account", "per_person"]).optional(),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

/** The effective auth mode of a config: `auth`, else the legacy flag, else `none`. */
export function authMode(config: ServerConfig): AuthMode {
  return config.auth ?? (config.require_api_token_auth ? "api_token" : "none");
}

/** Public view of an MCP server: what the admin API lists and gets (never the token). */
export const ServerSummary = z.object({
  id: z.string(),
  integrated_account_id: z.string(),
  integration: z.string(),
  name: z.string(),
  config: ServerConfig,
  expires_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ServerSummary = z.infer<typeof ServerSummary>;

/** DO storage key `server` — the authoritative server record: the summary plus the token hash. */
export const ServerRecord = ServerSummary.extend({ token_hash: z.string() });
export type ServerRecord = z.infer<typeof ServerRecord>;

/** `token:<sha256>` — the routing record an MCP request resolves its URL token to. */
export const TokenRecord = z.object({
  server_id: z.string(),
  integrated_account_id: z.string(),
  integration: z.string(),
  config: ServerConfig,
  expires_at: z.string().nullable(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

/** API token scopes: `admin` may call the admin API; `mcp` may only be a second factor on MCP URLs. */
export const ApiTokenScope = z.enum(["admin", "mcp"]);
export type ApiTokenScope = z.infer<typeof ApiTokenScope>;

/** `api-token:<id>` — an API token's public record plus the hash that finds it. */
export const ApiTokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ApiTokenScope),
  created_at: z.string(),
  token_hash: z.string(),
});
export type ApiTokenRecord = z.infer<typeof ApiTokenRecord>;

/**
 * `api-token-hash:<sha256>` — lookup from a presented API token to its id, scopes and name (the
 * name is absent on lookups written before callers were named; readers fall back to the record).
 */
export const ApiTokenLookup = z.object({
  id: z.string(),
  scopes: z.array(ApiTokenScope),
  name: z.string().optional(),
});
export type ApiTokenLookup = z.infer<typeof ApiTokenLookup>;

/** KV key builders: the only place key prefixes are spelled. */
export const keys = {
  account: (id: string) => `account:${id}`,
  accountPrefix: "account:",
  server: (accountId: string, serverId: string) => `server:${accountId}:${serverId}`,
  serverPrefix: (accountId: string) => `server:${accountId}:`,
  token: (hash: string) => `token:${hash}`,
  /** What stays of an expired URL's routing record for the retention period, to record late calls. */
  tokenTombstone: (hash: string) => `token-tombstone:${hash}`,
  oauthApp: (integration: string) => `oauth-app:${integration}`,
  personConnection: (accountId: string, apiTokenId: string) => `person-connection:${accountId}:${apiTokenId}`,
  personConnectionPrefix: (accountId: string) => `person-connection:${accountId}:`,
  /** Index from an API token to the accounts it has a person connection on (value: empty). */
  personOfToken: (apiTokenId: string, accountId: string) =>
    `person-connection-token:${apiTokenId}:${accountId}`,
  personOfTokenPrefix: (apiTokenId: string) => `person-connection-token:${apiTokenId}:`,
  /** A consent-page sign-in carried across a `per_person` provider trip (worker/oauth/signin.ts; 10 min). */
  consentSignIn: (ticketHash: string) => `consent-signin:${ticketHash}`,
  apiToken: (id: string) => `api-token:${id}`,
  apiTokenPrefix: "api-token:",
  apiTokenHash: (hash: string) => `api-token-hash:${hash}`,
  /** An integration version's content, by its SHA-256 (immutable; worker/integrations/store.ts). */
  integrationSnapshot: (hash: string) => `integration-snapshot:${hash}`,
  /** The serialized search index of a snapshot's tools, per index build version (immutable). */
  integrationIndex: (version: number, hash: string) => `integration-index:v${version}:${hash}`,
  /** An integration version's import report, diff and footprint (immutable). */
  integrationReport: (name: string, version: number) => `integration-report:${name}:${version}`,
} as const;

/** Reads and validates a JSON KV value; null when absent. */
export async function getJson<T>(kv: KVNamespace, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await kv.get(key, "json");
  if (raw === null) return null;
  return schema.parse(raw);
}

/** One page of keys under a prefix, values validated. */
export async function listJson<T>(
  kv: KVNamespace,
  prefix: string,
  schema: z.ZodType<T>,
  options: { cursor?: string | undefined; limit: number },
): Promise<{ items: T[]; next_cursor: string | null }> {
  const page = await kv.list({
    prefix,
    limit: options.limit,
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  const values = await Promise.all(page.keys.map((k) => getJson(kv, k.name, schema)));
  return {
    items: values.filter((v): v is Awaited<T> & T => v !== null),
    next_cursor: page.list_complete ? null : page.cursor,
  };
}
