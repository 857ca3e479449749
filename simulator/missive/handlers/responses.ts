/**
 * Canned responses (§11). Responses created by external integrations cannot be changed or deleted.
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, forbidden, json, notFound, unprocessable } from "../http";
import type { CannedResponse } from "../model";
import { offsetPage } from "../pagination";
import {
  batchItems,
  envelopeArray,
  type JsonObject,
  maxLength,
  optString,
  optStringArray,
  queryString,
  splitIds,
} from "../params";
import { responseView } from "../views/records";
import { canSeeResponse, requireOrganization } from "../visibility";
import { parseFileAttachments, parseParticipants } from "./write-helpers";

function requireResponse(ctx: HandlerContext, id: string): CannedResponse {
  const r = ctx.data.responses.find((x) => x.id === id);
  if (!r || !canSeeResponse(ctx.user, r)) throw notFound("Response");
  return r;
}

/** `GET /responses`: personal responses of the user and those of their organizations. */
export const listResponses: Handler = (ctx) => {
  const org = queryString(ctx.query, "organization");
  if (org) requireOrganization(ctx.user, org);
  const list = ctx.data.responses
    .filter((r) => canSeeResponse(ctx.user, r) && (!org || r.organization === org))
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  return json({ responses: offsetPage(list, ctx.query).map(responseView) });
};

/** `GET /responses/:id`: undocumented shape; answered like contacts, an array of one. */
export const getResponse: Handler = (ctx) => {
  return json({ responses: [responseView(requireResponse(ctx, ctx.params.id ?? ""))] });
};

/** Validates fields into a patch of `target` (whose organization/user are already settled). */
function responseFields(
  ctx: HandlerContext,
  input: JsonObject,
  target: CannedResponse,
): Partial<CannedResponse> {
  const patch: Partial<CannedResponse> = {};
  const title = optString(input, "title");
  maxLength(title, "title", 500);
  if (title !== undefined) patch.title = title;
  const subject = optString(input, "subject");
  maxLength(subject, "subject", 500);
  if (subject !== undefined) patch.subject = subject;
  const team = optString(input, "share_with_team");
  const labels = optStringArray(input, "shared_labels");
  if ((team !== undefined || labels !== undefined) && !target.organization) {
    throw badRequest("'share_with_team' and 'shared_labels' require 'organization'");
  }
  if (team !== undefined) {
    if (!ctx.data.teams.some((t) => t.id === team && t.organization === target.organization))
      throw notFound("Team");
    patch.share_with_team = team;
  }
  if (labels !== undefined) {
    for (const id of labels) {
      if (!ctx.data.sharedLabels.some((l) => l.id === id && l.organization === target.organization)) {
        throw badRequest(`Shared label ${id} does not belong to the organization`);
      }
    }
    patch.shared_labels = labels;
  }
  for (const f of ["to_fields", "cc_fields", "bcc_fields"] as const) {
    if (input[f] !== undefined) patch[f] = parseParticipants(input, f);
  }
  const externalId = optString(input, "external_id") ?? target.external_id ?? undefined;
  const externalSource = optString(input, "external_source") ?? target.external_source ?? undefined;
  if (externalId !== undefined && externalSource === undefined) {
    throw badRequest("'external_source' is required when 'external_id' is defined");
  }
  if (externalId !== undefined) {
    const taken = ctx.data.responses.some(
      (r) =>
        r.id !== target.id &&
        r.external_id === externalId &&
        r.external_source === externalSource &&
        r.organization === target.organization &&
        r.user === target.user,
    );
    if (taken) throw unprocessable("Validation failed: External ID has already been taken");
    patch.external_id = externalId;
    patch.external_source = externalSource ?? null;
  }
  let body = optString(input, "body");
  if (input.attachments !== undefined) {
    // Passing attachments replaces the set; temporary ids used inline in the body become real ids.
    const files = parseFileAttachments(ctx, input);
    body = body ?? target.body;
    for (const f of files) {
      if (f.ref)
        body = body
          .split(`data-missive-attachment-id="${f.ref}"`)
          .join(`data-missive-attachment-id="${f.id}"`);
    }
    patch.attachments = files.map(({ ref: _ref, ...a }) => a);
  }
  if (body !== undefined) patch.body = body;
  patch.modified_at = ctx.nowSec;
  return patch;
}

/** `POST /responses`: exactly one of `organization` (shared) and `user` (personal). */
export const createResponses: Handler = (ctx) => {
  const created = envelopeArray(ctx.body, "responses").map((input) => {
    const organization = optString(input, "organization");
    const user = optString(input, "user");
    if ((organization === undefined) === (user === undefined)) {
      throw badRequest("Exactly one of 'organization' or 'user' is required");
    }
    if (organization) requireOrganization(ctx.user, organization);
    if (user && user !== ctx.user.id) throw forbidden("Personal responses can only be created for yourself");
    const r: CannedResponse = {
      id: ctx.newId(),
      title: "",
      body: "",
      subject: null,
      organization: organization ?? null,
      user: user ?? null,
      share_with_team: null,
      modified_at: ctx.nowSec,
      to_fields: [],
      cc_fields: [],
      bcc_fields: [],
      shared_labels: [],
      external_id: null,
      external_source: null,
      external: false,
      attachments: [],
    };
    return Object.assign(r, responseFields(ctx, input, r));
  });
  ctx.data.responses.push(...created);
  return json({ responses: created.map(responseView) }, 201);
};

/** `PATCH /responses/:id1,:id2`: the body must be an array with ids ("Invalid resource ID(s)"). */
export const updateResponses: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const items = batchItems(ctx.body, "responses", ids);
  const plan = ids.map((id) => {
    const r = requireResponse(ctx, id);
    if (r.external) throw forbidden("Responses created by external integrations cannot be updated");
    return { r, patch: responseFields(ctx, items.get(id) ?? {}, r) };
  });
  for (const { r, patch } of plan) Object.assign(r, patch);
  return json({ responses: plan.map(({ r }) => responseView(r)) });
};

/** `DELETE /responses/:id1,:id2`. */
export const deleteResponses: Handler = (ctx) => {
  const targets = splitIds(ctx.params.ids ?? "").map((id) => requireResponse(ctx, id));
  if (targets.some((r) => r.external)) {
    throw forbidden("Responses created by external integrations cannot be deleted");
  }
  for (const r of targets) {
    const index = ctx.data.responses.indexOf(r);
    if (index >= 0) ctx.data.responses.splice(index, 1);
  }
  return json({});
};
