/**
 * Webhook subscriptions (§13). Create and delete only; there is no list or get endpoint.
 */
import type { Handler } from "../context";
import { badRequest, json, notFound } from "../http";
import type { Hook } from "../model";
import { envelopeObject, optString, reqString } from "../params";
import { requireOrganization } from "../visibility";

const TYPES = [
  "incoming_email",
  "incoming_sms_message",
  "incoming_facebook_message",
  "incoming_whatsapp_message",
  "incoming_twilio_chat_message",
  "new_comment",
];
const COMMON = ["content_contains", "content_starts_with", "content_ends_with"];
const ONLY_FOR: Record<string, string> = {
  is_task: "new_comment",
  author: "new_comment",
  mention: "new_comment",
  from_eq: "incoming_email",
  subject_contains: "incoming_email",
};

/** `POST /hooks`: `type` and `url` required; type-specific conditions are checked. */
export const createHook: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "hooks");
  const type = reqString(input, "type");
  if (!TYPES.includes(type)) throw badRequest(`'type' must be one of ${TYPES.join(", ")}`);
  const url = reqString(input, "url");
  if (!/^https?:\/\/\S+$/.test(url)) throw badRequest("'url' must be an http(s) URL");
  const organization = optString(input, "organization");
  if (organization) requireOrganization(ctx.user, organization);
  const conditions: Record<string, unknown> = {};
  for (const field of [...COMMON, ...Object.keys(ONLY_FOR)]) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    const only = ONLY_FOR[field];
    if (only && only !== type) throw badRequest(`'${field}' is only allowed with type '${only}'`);
    if (field === "is_task" ? typeof value !== "boolean" : typeof value !== "string") {
      throw badRequest(`'${field}' has the wrong type`);
    }
    conditions[field] = value;
  }
  const hook: Hook = {
    id: ctx.newId(),
    user: ctx.user.id,
    type,
    url,
    organization: organization ?? null,
    conditions,
  };
  ctx.data.hooks.push(hook);
  return json({ hooks: { id: hook.id } }, 201);
};

/** `DELETE /hooks/:id`. */
export const deleteHook: Handler = (ctx) => {
  const index = ctx.data.hooks.findIndex((h) => h.id === ctx.params.id && h.user === ctx.user.id);
  if (index < 0) throw notFound("Hook");
  ctx.data.hooks.splice(index, 1);
  return json({});
};
