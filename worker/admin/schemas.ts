/**
 * zod schemas of the admin API request bodies: the single source for validation (unknown fields
 * and wrong types → 400 naming the fields) and for the OpenAPI document.
 */
import * as z from "zod";
import { HttpError } from "../http/errors";
import { hasControlOrBidi } from "../security/text";
import { ApiTokenScope, AuthMode } from "../stores/records";
import { SCHEMA_PROFILES } from "../tools/schema-profiles";

/**
 * A name people read (accounts, servers, API tokens): control characters, and the bidirectional
 * controls that make text display other than it is (U+202A–202E, U+2066–2069, U+200E/F, U+061C),
 * are refused, so no name can garble the dashboard or a log line or pose as another.
 */
const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !hasControlOrBidi(v), {
    message: "must not contain control or bidirectional-control characters",
  });

/**
 * An upstream credential as it travels: in an HTTP header (`Authorization: Bearer …`), so only
 * visible ASCII. Refused here, a value that could not be sent never reaches the runtime, whose own
 * header warnings would quote it in a log.
 */
const credential = z
  .string()
  .min(1)
  .max(4096)
  .regex(
    /^[\x21-\x7e]+$/,
    "must be visible ASCII (no spaces, control or non-ASCII characters): it is sent in an HTTP header",
  );
const isoInstant = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 date-time, e.g. 2030-01-31T09:00:00Z",
});

/** `POST /integrated-account` */
export const CreateAccountBody = z
  .strictObject({
    integration: z.string().min(1).max(64),
    name,
    auth: z
      .enum(["api_token", "oauth2"])
      .optional()
      .describe(
        "How the account connects (default api_token): oauth2 answers a pending account with a single-use connect_url",
      ),
    credentials: z.strictObject({ api_token: credential }).optional().describe("Required with api_token"),
    /** `false` saves the credentials without the integration's verification call (offline set-up). */
    verify: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.auth === "oauth2") {
      if (b.credentials !== undefined)
        ctx.addIssue({ code: "custom", path: ["credentials"], message: "not with auth oauth2" });
      if (b.verify !== undefined)
        ctx.addIssue({ code: "custom", path: ["verify"], message: "not with auth oauth2" });
    } else if (b.credentials === undefined) {
      ctx.addIssue({ code: "custom", path: ["credentials"], message: "required (or send auth: oauth2)" });
    }
  });

/** `PUT /integrations/:name/oauth-app` — the OAuth app an admin registered at the provider. */
export const PutOAuthAppBody = z.strictObject({
  client_id: credential.describe("The app's client ID, as the provider shows it"),
  client_secret: credential.describe("The app's client secret: stored sealed, never returned"),
});

/** `PATCH /integrated-account/:id` — rename and/or rotate credentials. */
export const PatchAccountBody = z
  .strictObject({
    name: name.optional(),
    credentials: z.strictObject({ api_token: credential }).optional(),
    /** `false` saves rotated credentials without the verification call. */
    verify: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.credentials !== undefined, {
    message: "send name and/or credentials",
  });

const methodList = z
  .array(z.string().regex(/^[a-z][a-z_]*$/))
  .min(1)
  .max(50);
const toolNameList = z
  .array(z.string().regex(/^[a-z0-9_]{1,64}$/))
  .min(1)
  .max(500);
const toolExposure = z.enum(["all", "discovery", "auto", "code"]);
const schemaProfile = z
  .enum(SCHEMA_PROFILES)
  .describe(
    "The form of each tool's inputSchema in tools/list. portable (default): accepted by every major client (Claude, ChatGPT/OpenAI, Gemini, Cursor); openai_strict: every property required (optional ones nullable) and every object closed, for OpenAI strict function calling; full: the schemas as documented. Arguments are validated against the documented schema whatever the profile.",
  );
const tagList = z
  .array(z.string().regex(/^[a-z][a-z0-9_-]*$/))
  .min(1)
  .max(50);

const authMode = AuthMode.describe(
  "none: the URL alone; api_token: also an API token (Authorization: Bearer or X-API-Key); oauth: OAuth 2.1 sign-in on the URL (the consent page asks for an API token). Default none.",
);
const legacyAuth = z
  .boolean()
  .describe('Truto-compatible alias: true = auth "api_token", false = auth "none".');

const upstreamMode = z
  .enum(["account", "per_person"])
  .describe(
    "Whose upstream account calls use: account (default) the integrated account's; per_person (auth oauth only, an integration with an oauth2 method) each signed-in person's own, connected at sign-in.",
  );

/** `config` of an MCP server. */
export const ServerConfigBody = z.strictObject({
  methods: methodList
    .describe(
      "read (every method that only reads, custom ones included), write (every method that changes state), custom (every non-CRUD method), or exact method names. Absent = all.",
    )
    .optional(),
  tags: tagList.describe("Keep tools whose tags intersect this list. Absent = all.").optional(),
  exclude_tools: toolNameList
    .describe("Exact tool names removed after the method and tag filters; unknown names are a 400.")
    .optional(),
  tool_exposure: toolExposure
    .describe(
      "all (default): every tool in tools/list; discovery: only search_tools, get_tool_schema and call_tool; auto: discovery when the filtered surface has more than 40 tools or 12,000 tokens; code: only search_functions and run_program (a program calling the tools runs in a sandbox; needs the deployment's Worker Loader binding).",
    )
    .optional(),
  schema_profile: schemaProfile.optional(),
  auth: authMode.optional(),
  require_api_token_auth: legacyAuth.optional(),
  log_arguments: z.boolean().optional(),
  upstream: upstreamMode.optional(),
});

/** Query of `GET /integrated-account/:id/tools` beyond the filter lists. */
export const PreviewQuery = z.strictObject({
  tool_exposure: toolExposure.optional(),
  schema_profile: schemaProfile.optional(),
});

/** `POST /integrated-account/:id/mcp` */
export const CreateServerBody = z.strictObject({
  name,
  config: ServerConfigBody.default({}),
  expires_at: isoInstant.nullable().optional(),
});

/** `PATCH /integrated-account/:id/mcp/:mcp_id` — `config` is shallow-merged; `null` resets a key. */
export const PatchServerBody = z
  .strictObject({
    name: name.optional(),
    config: z
      .strictObject({
        methods: methodList.nullable().optional(),
        tags: tagList.nullable().optional(),
        exclude_tools: toolNameList.nullable().optional(),
        tool_exposure: toolExposure.nullable().optional(),
        schema_profile: schemaProfile.nullable().optional(),
        auth: authMode.nullable().optional(),
        require_api_token_auth: legacyAuth.nullable().optional(),
        log_arguments: z.boolean().nullable().optional(),
        upstream: upstreamMode.nullable().optional(),
      })
      .optional(),
    expires_at: isoInstant.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "send at least one of name, config, expires_at" });

/** `POST /api-token` */
export const CreateApiTokenBody = z.strictObject({
  name,
  scopes: z.array(ApiTokenScope).min(1).max(2),
});

/** Fields of an MCP server's `config` that a request might send at the top level by mistake. */
export const CONFIG_FIELDS: ReadonlySet<string> = new Set([
  "methods",
  "tags",
  "exclude_tools",
  "tool_exposure",
  "auth",
  "require_api_token_auth",
  "log_arguments",
]);

/**
 * Parses a body (or query) with a schema; a failure becomes 400 with every offending field named.
 * `nested` names where misplaced top-level fields belong (e.g. `config` for a server body), so the
 * message says where to put them instead of only that they are unknown.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what = "request body",
  nested?: { key: string; fields: ReadonlySet<string> },
): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const misplaced = (keys: string[]) => (nested ? keys.filter((k) => nested.fields.has(k)) : []);
  const details = r.error.issues.map((i) => {
    const field = i.path.length ? i.path.join(".") : "(body)";
    if (i.code !== "unrecognized_keys") return { field, message: i.message };
    const moved = i.path.length === 0 ? misplaced(i.keys) : [];
    const message = moved.length
      ? `${moved.join(", ")} belong${moved.length === 1 ? "s" : ""} inside ${nested?.key}: {"${nested?.key}": {"${moved[0]}": …}}`
      : `unknown field(s): ${i.keys.join(", ")}`;
    return { field, message };
  });
  const fields = [
    ...new Set(details.map((d) => (d.message.startsWith("unknown field") ? d.message.slice(17) : d.field))),
  ];
  throw new HttpError(400, "invalid_request", `Invalid ${what}: ${fields.join(", ")}`, details);
}

/**
 * Folds Truto's `require_api_token_auth` into `auth` (`true` = `api_token`, `false` = `none`, `null`
 * = reset), so stored configs carry one field. Both at once must agree; otherwise a 400.
 */
export function foldAuthAlias<C extends { auth?: AuthMode | null; require_api_token_auth?: boolean | null }>(
  config: C,
): Omit<C, "require_api_token_auth"> {
  const { require_api_token_auth: legacy, ...rest } = config;
  if (legacy === undefined) return rest;
  const implied: AuthMode | null = legacy === null ? null : legacy ? "api_token" : "none";
  const agrees =
    config.auth === undefined ||
    config.auth === implied ||
    (legacy === false && config.auth !== "api_token" && config.auth !== null);
  if (!agrees) {
    throw new HttpError(
      400,
      "invalid_request",
      "config.require_api_token_auth contradicts config.auth: send only auth (none, api_token or oauth)",
      { field: "config.auth" },
    );
  }
  return { ...rest, auth: config.auth !== undefined ? config.auth : implied };
}

/**
 * A config patch with the alias folded; when it touches auth it also clears (`null`) the legacy key,
 * so a record written before `auth` existed cannot keep contradicting it.
 */
export function foldAuthAliasPatch<
  C extends { auth?: AuthMode | null; require_api_token_auth?: boolean | null },
>(config: C): Omit<C, "require_api_token_auth"> & { require_api_token_auth?: null } {
  const folded = foldAuthAlias(config);
  const touched = config.auth !== undefined || config.require_api_token_auth !== undefined;
  return touched ? { ...folded, require_api_token_auth: null } : folded;
}

/** Minimum lead time of `expires_at`: KV cannot expire a record sooner. */
export const MIN_EXPIRY_LEAD_MS = 60_000;

/** Latest `expires_at` accepted: the last instant a four-digit ISO 8601 year can name. */
export const MAX_EXPIRES_AT = "9999-12-31T23:59:59Z";

/** Checks `expires_at` lies between 60 s ahead of `nowMs` and {@link MAX_EXPIRES_AT}. */
export function checkExpiry(expiresAt: string | null | undefined, nowMs: number): void {
  if (!expiresAt) return;
  const at = Date.parse(expiresAt);
  if (at < nowMs + MIN_EXPIRY_LEAD_MS || at > Date.parse(MAX_EXPIRES_AT)) {
    throw new HttpError(
      400,
      "invalid_expires_at",
      `expires_at must be at least 60 seconds in the future and no later than ${MAX_EXPIRES_AT}`,
      {
        field: "expires_at",
        min: new Date(nowMs + MIN_EXPIRY_LEAD_MS).toISOString(),
        max: MAX_EXPIRES_AT,
      },
    );
  }
}
