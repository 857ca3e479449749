/**
 * The documentation-record format of an integration (the shipped seed in `docs-registry/`, and every
 * version an admin imports or edits at runtime).
 *
 * An integration is one `integration.json` (where the API lives, how it authenticates, how it pages,
 * which headers carry its rate-limit state, which resources it has) plus one endpoint record per
 * documented endpoint. Every record becomes exactly one MCP tool; no record, no tool.
 *
 * The schemas here are the trust boundary for integration data: a version is validated when it is
 * created (seed, OpenAPI import or edit), before it is stored; a test checks every shipped record.
 */
import * as z from "zod";

/** A JSON Schema fragment. Kept loose on purpose: the tool engine checks the rules that matter. */
export const JsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z
    .object({
      type: z.union([z.string(), z.array(z.string())]).optional(),
      description: z.string().optional(),
      properties: z.record(z.string(), JsonSchemaSchema).optional(),
      required: z.array(z.string()).optional(),
      items: JsonSchemaSchema.optional(),
      enum: z.array(z.unknown()).optional(),
      additionalProperties: z.union([z.boolean(), JsonSchemaSchema]).optional(),
    })
    .catchall(z.unknown()),
);

/** A JSON Schema object as used by records and tools. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
}

/** An object schema whose every property carries a description written for a model. */
const ParamsSchema = z
  .object({
    type: z.literal("object"),
    properties: z.record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, "parameter names are snake_case"),
      JsonSchemaSchema.refine((p) => typeof p.description === "string" && p.description.length >= 3, {
        message: "every parameter needs a description",
      }),
    ),
    required: z.array(z.string()).optional(),
  })
  .refine((s) => (s.required ?? []).every((r) => r in s.properties), {
    message: "required names a property that does not exist",
  });

/** CRUD method kinds; any other lowercase verb is a custom method (e.g. `merge`, `find`). */
export const CRUD_METHODS = ["list", "get", "create", "update", "delete"] as const;
export type CrudMethod = (typeof CRUD_METHODS)[number];
/** The access every CRUD method kind has. */
export const CRUD_ACCESS: Readonly<Record<CrudMethod, "read" | "write">> = {
  list: "read",
  get: "read",
  create: "write",
  update: "write",
  delete: "write",
};

const PaginationSchema = z.discriminatedUnion("style", [
  z.object({
    /** `limit` + `offset` query params; the last page has fewer than `limit` items. */
    style: z.literal("offset"),
    limit: z.object({ default: z.number().int().positive(), max: z.number().int().positive() }),
  }),
  z.object({
    /**
     * Newest first; `until` = the cursor field of the oldest item already seen, inclusive. A page
     * may hold more than `limit` items when several share the boundary timestamp.
     */
    style: z.literal("until"),
    cursor_field: z.string().min(1),
    limit: z.object({
      default: z.number().int().positive(),
      max: z.number().int().positive(),
      min: z.number().int().positive().optional(),
    }),
  }),
  z.object({
    /**
     * Opaque upstream cursors: the request carries `cursor_param` (absent on the first
     * page) and `size_param`, in the query string (GET lists) or the JSON body (POST lists); the
     * answer says `more_field: true` and gives the next cursor in `next_field`.
     */
    style: z.literal("cursor"),
    location: z.enum(["query", "body"]),
    cursor_param: z.string().regex(/^[a-z][a-z0-9_]*$/),
    size_param: z.string().regex(/^[a-z][a-z0-9_]*$/),
    next_field: z.string().min(1),
    more_field: z.string().min(1),
    limit: z.object({ default: z.number().int().positive(), max: z.number().int().positive() }),
  }),
  z.object({
    /** Page numbers from 1 (`page_param`) and a page size (`size_param`) in the query string. */
    style: z.literal("page"),
    page_param: z.string().regex(/^[a-z][a-z0-9_]*$/),
    size_param: z.string().regex(/^[a-z][a-z0-9_]*$/),
    limit: z.object({ default: z.number().int().positive(), max: z.number().int().positive() }),
  }),
  z.object({
    /**
     * RFC 8288 `Link` headers: the first page is asked with `size_param` (and
     * `page_param` when the upstream numbers pages); the next page is the query of the answer's
     * `rel="next"` link, sent to the same tool path. No `rel="next"`, no more pages.
     */
    style: z.literal("link"),
    page_param: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional(),
    size_param: z.string().regex(/^[a-z][a-z0-9_]*$/),
    limit: z.object({ default: z.number().int().positive(), max: z.number().int().positive() }),
  }),
]);
export type Pagination = z.infer<typeof PaginationSchema>;

const BodySchema = z.object({
  /** The fields the caller may send; `type: "array"` means the whole body is an array. */
  schema: JsonSchemaSchema,
  /**
   * How the fields are wrapped on the wire:
   * - `none`: sent as they are;
   * - `object`: `{ [key]: {…fields} }`;
   * - `array`: `{ [key]: [{…fields}] }` (one item);
   * - `per_id`: `{ [key]: ids.map(id => ({ id, …fields })) }`, one object per id of the batch path
   *   parameter named by `ids_param`.
   */
  envelope: z.discriminatedUnion("shape", [
    z.object({ shape: z.literal("none") }),
    z.object({ shape: z.literal("object"), key: z.string() }),
    z.object({ shape: z.literal("array"), key: z.string() }),
    z.object({ shape: z.literal("per_id"), key: z.string(), ids_param: z.string() }),
  ]),
});

/** Whether a method only reads (`read`) or changes state (`write`); what `config.methods` groups match on. */
export const ACCESS_KINDS = ["read", "write"] as const;
export type Access = (typeof ACCESS_KINDS)[number];

/**
 * A record's correction of the hints its method kind implies (see worker/tools/annotations.ts), with
 * the reason in words: e.g. a create that can also close or relabel its conversation changes existing
 * state, so it is destructive although creates are additive by rule.
 */
export const AnnotationOverrideSchema = z
  .strictObject({
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
    /** Why the rule's hint is wrong for this endpoint; reviewed like code. */
    reason: z.string().min(20),
  })
  .refine((o) => Object.keys(o).length > 1, { message: "an annotation override needs at least one hint" });
export type AnnotationOverride = z.infer<typeof AnnotationOverrideSchema>;

/** One documented endpoint = one tool. */
export const EndpointRecordSchema = z
  .object({
    /** Key into the integration's `resources`. */
    resource: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** `list|get|create|update|delete` or a custom lowercase verb (`merge`, `find`, `send`, …). */
    method: z.string().regex(/^[a-z][a-z_]*$/),
    /** For custom methods whose name needs a qualifier, e.g. `by_email_message_id`. */
    name_suffix: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional(),
    http: z.object({
      method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
      /** Path below the base URL with `{param}` placeholders, e.g. `/conversations/{id}/messages`. */
      path: z.string().regex(/^\/[A-Za-z0-9_{}/.-]*$/),
    }),
    /** What the endpoint does, for a model. First sentence is the summary. */
    description: z.string().min(20),
    /** Model-facing usage notes: where ids come from, enums, rules the API enforces. */
    notes: z.array(z.string().min(5)).default([]),
    /** Path parameters; an `array` parameter is a comma-separated batch of ids on the wire. */
    path_params: ParamsSchema.default({ type: "object", properties: {} }),
    /** Query parameters other than the pagination ones (`limit`, `offset`, `until`). */
    query: ParamsSchema.default({ type: "object", properties: {} }),
    body: BodySchema.optional(),
    /** Key of the response envelope holding the payload (`contacts`, `conversations`, …). */
    response_key: z.string().optional(),
    pagination: PaginationSchema.optional(),
    /**
     * Read or write, for custom methods (CRUD methods take theirs from the kind: list/get read,
     * create/update/delete write). Absent: `GET` reads, any other HTTP method writes. Decides the
     * `read`/`write` filter groups and the default annotations.
     */
    access: z.enum(ACCESS_KINDS).optional(),
    /** Hints that differ from what the method kind implies, with the reason. */
    annotations: AnnotationOverrideSchema.optional(),
    /**
     * Set on endpoints that send messages to people outside the team (email, SMS, chat): what gets
     * sent. The tool description then tells the model to confirm recipients and content with the
     * user before calling.
     */
    confirm_with_user: z.string().min(20).optional(),
    /**
     * What an upstream status means for this endpoint, for a model, replacing the generic advice
     * (e.g. `{"404": "The report is not ready yet…"}`).
     */
    error_hints: z.record(z.string().regex(/^[45]\d\d$/), z.string().min(10)).optional(),
    /** Tags of this method in addition to its resource's tags. */
    tags: z.array(z.string().regex(/^[a-z][a-z0-9_-]*$/)).default([]),
  })
  .superRefine((r, ctx) => {
    const placeholders = [...r.http.path.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]);
    const declared = Object.keys(r.path_params.properties);
    for (const p of placeholders) {
      if (!p || !declared.includes(p))
        ctx.addIssue({ code: "custom", message: `path placeholder {${p}} has no path_params entry` });
    }
    for (const d of declared) {
      if (!placeholders.includes(d))
        ctx.addIssue({ code: "custom", message: `path param ${d} is not in the path` });
    }
    if (r.method === "list" && !r.pagination) {
      ctx.addIssue({ code: "custom", message: "a list record needs a pagination style" });
    }
    if (r.pagination && (CRUD_METHODS as readonly string[]).includes(r.method) && r.method !== "list") {
      ctx.addIssue({
        code: "custom",
        message: "only list and custom (search, query, find) records paginate",
      });
    }
    const owned = ["limit", "offset", "until", "next_cursor"];
    if (r.pagination?.style === "cursor") owned.push(r.pagination.cursor_param, r.pagination.size_param);
    if (r.pagination?.style === "page" || r.pagination?.style === "link") {
      owned.push(r.pagination.size_param);
      if (r.pagination.page_param) owned.push(r.pagination.page_param);
    }
    for (const reserved of owned) {
      if (r.pagination && reserved in r.query.properties) {
        ctx.addIssue({ code: "custom", message: `query param ${reserved} is owned by the pagination style` });
      }
      if (r.pagination?.style === "cursor" && reserved in (r.body?.schema.properties ?? {})) {
        ctx.addIssue({ code: "custom", message: `body field ${reserved} is owned by the pagination style` });
      }
    }
    if (r.pagination?.style === "cursor" && r.pagination.location === "body" && !r.body) {
      ctx.addIssue({ code: "custom", message: "cursor paging in the body needs a body" });
    }
    const kindAccess = CRUD_ACCESS[r.method as CrudMethod];
    if (kindAccess && r.access && r.access !== kindAccess) {
      ctx.addIssue({ code: "custom", message: `a ${r.method} record is ${kindAccess} access; drop access` });
    }
    if (r.body?.envelope.shape === "per_id") {
      const idsParam = r.body.envelope.ids_param;
      if (r.path_params.properties[idsParam]?.type !== "array") {
        ctx.addIssue({ code: "custom", message: `per_id envelope needs array path param ${idsParam}` });
      }
    }
  });
export type EndpointRecord = z.infer<typeof EndpointRecordSchema>;

/** The fields of a record that its tool's name, title, access and tags come from (stored apart, see snapshot.ts). */
export type RecordHead = Pick<
  EndpointRecord,
  "resource" | "method" | "name_suffix" | "http" | "access" | "tags"
>;

const ResourceSchema = z.object({
  /** Singular form used in tool names: `contact_books` → `contact_book`. */
  singular: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Human title, e.g. "contact books". */
  title: z.string().min(2),
  /** Tags that every method of this resource carries (filters match on them). */
  tags: z.array(z.string().regex(/^[a-z][a-z0-9_-]*$/)).min(1),
});

/**
 * One way an account of the integration can be connected.
 * - `api_token`: a token the admin pastes (`credentials.api_token`), verified on connect.
 * - `oauth2`: the authorization code grant at the provider, on the gateway's OAuth app of this
 *   integration (`PUT /integrations/:name/oauth-app`); worker/upstream/auth/ runs it.
 */
export const AuthMethodSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("api_token") }),
  z.strictObject({
    type: z.literal("oauth2"),
    /** The provider's authorization endpoint (the consent page). */
    authorization_url: z.url({ protocol: /^https?$/ }),
    /** The provider's token endpoint (code exchange and refresh). */
    token_url: z.url({ protocol: /^https?$/ }),
    /** Scopes to ask for, sent space-separated; empty for providers without scopes. */
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).default([]),
    /** Whether the provider supports PKCE with S256 (then every flow sends a code challenge). */
    pkce: z.boolean(),
    /** How the client authenticates at the token endpoint: HTTP Basic or `client_secret` in the body. */
    client_auth: z.enum(["basic", "body"]),
    /** Whether access tokens expire (`expires_in`); expiring tokens are refreshed 60 s before. */
    expiring_tokens: z.boolean(),
    /** Whether the provider issues refresh tokens (used after expiry or an upstream 401). */
    refresh: z.boolean(),
    /**
     * The provider's issuer identifier, when its authorization responses carry RFC 9207 `iss`:
     * then `iss` is required and must equal it (mix-up defence). Absent: an `iss` that does come
     * must equal the authorization URL's origin.
     */
    issuer: z.url().optional(),
    /** Extra fixed parameters of the authorization request (e.g. `owner=user`). */
    authorization_params: z
      .record(
        z
          .string()
          .regex(/^[a-z_]+$/)
          .refine(
            (k) =>
              ![
                "client_id",
                "redirect_uri",
                "state",
                "response_type",
                "code_challenge",
                "code_challenge_method",
                "scope",
              ].includes(k),
            { message: "this parameter is set by the gateway" },
          ),
        z.string(),
      )
      .default({}),
    /** Where an admin registers the OAuth app, shown in docs and the dashboard. */
    app_instructions: z.string().min(10).optional(),
  }),
]);
export type AuthMethod = z.infer<typeof AuthMethodSchema>;
/** The `oauth2` auth method. */
export type OAuth2Method = Extract<AuthMethod, { type: "oauth2" }>;

/** One integration: the API, its auth, paging, rate-limit headers and resources. */
export const IntegrationSchema = z.object({
  /** Lowercase identifier used in URLs and tool names, e.g. `crm`. */
  name: z.string().regex(/^[a-z][a-z0-9]*$/),
  title: z.string().min(2),
  /**
   * Where the API lives. A deployment may point an integration elsewhere (local simulators) with
   * the `UPSTREAM_BASE_URLS` var (worker/integrations/base-url.ts).
   */
  base_url: z.url(),
  auth: z.object({
    type: z.literal("bearer"),
    /** The credentials field holding the secret, e.g. `api_token`. */
    credential: z.string(),
    /** How an admin obtains the credential, shown in docs and the dashboard. */
    instructions: z.string(),
    /** Prefixes the vendor's tokens start with (e.g. `ntn_`), so logged arguments can be redacted. */
    token_prefixes: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{1,20}$/)).default([]),
  }),
  /**
   * The ways an account can be connected, first the default. Absent: `api_token` only (what every
   * integration supported before OAuth connections). At most one of each type.
   */
  auth_methods: z
    .array(AuthMethodSchema)
    .min(1)
    .max(2)
    .refine((ms) => new Set(ms.map((m) => m.type)).size === ms.length, {
      message: "each auth method type at most once",
    })
    .optional(),
  /**
   * Headers sent on every upstream request, e.g. a pinned API version header. Callers
   * never see or set them. `authorization`, `content-type` and `accept` are the engine's.
   */
  static_headers: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/)
        .refine((h) => !["authorization", "content-type", "accept", "host"].includes(h.toLowerCase()), {
          message: "this header is set by the engine",
        }),
      z.string().min(1),
    )
    .default({}),
  /**
   * Upstream header names carrying the rate-limit state, and how `reset` is expressed. An API that
   * only sends `Retry-After` (on 429) leaves the others out.
   */
  rate_limit_headers: z.object({
    limit: z.string().optional(),
    remaining: z.string().optional(),
    reset: z.string().optional(),
    reset_kind: z.enum(["epoch_seconds", "delta_seconds"]).default("delta_seconds"),
    retry_after: z.string(),
  }),
  /**
   * Explanations several tools share (e.g. fields common to four tools), said once in the MCP
   * server's `instructions` instead of in every tool description.
   */
  instructions: z.string().min(20).optional(),
  /** Shape of upstream error bodies: a dotted path to the message, e.g. `error.message`. */
  error_message_path: z.string(),
  /** Dotted path to a machine-readable error code in upstream error bodies (e.g. `code`). */
  error_code_path: z.string().optional(),
  /**
   * Statuses by which the upstream says it is overloaded rather than broken (e.g. 503, 529): they
   * become `overloaded` tool errors that carry `retry_after` when the upstream sent one.
   */
  overload_statuses: z.array(z.number().int().min(500).max(599)).default([]),
  /**
   * What an upstream status means for this integration, for a model, added to the generic advice
   * (e.g. that a 404 means the page is not shared with the connected app).
   */
  error_hints: z.record(z.string().regex(/^[45]\d\d$/), z.string().min(10)).default({}),
  /**
   * A cheap documented read the gateway makes with new or rotated credentials before saving them
   * (a refusal is a 422 with the upstream's message). Without it, credentials are saved unchecked.
   */
  verify: z
    .object({
      method: z.literal("GET"),
      /** Below `base_url`, e.g. `/organizations`. */
      path: z.string().regex(/^\/[A-Za-z0-9_./-]*$/),
      query: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  resources: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), ResourceSchema),
});
export type Integration = z.infer<typeof IntegrationSchema>;
