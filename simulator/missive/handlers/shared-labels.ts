/**
 * Shared labels (§9). There is no delete endpoint. Sharing and visibility changes are admin-only.
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, forbidden, json, notFound, unprocessable } from "../http";
import type { SharedLabel } from "../model";
import { offsetPage } from "../pagination";
import {
  batchItems,
  envelopeArray,
  type JsonObject,
  optBool,
  optString,
  optStringArray,
  queryString,
  splitIds,
} from "../params";
import { labelPath, labelView } from "../views/labels";
import { canSeeLabel, isAdmin, requireOrganization } from "../visibility";

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const ADMIN_FIELDS = ["visibility", "share_with_organization", "share_with_team", "share_with_users"];

/** `GET /shared_labels`: ordered by full path so children follow their parent. */
export const listSharedLabels: Handler = (ctx) => {
  const org = queryString(ctx.query, "organization");
  if (org) requireOrganization(ctx.user, org);
  const labels = ctx.data.sharedLabels
    .filter((l) => canSeeLabel(ctx.data, ctx.user, l) && (!org || l.organization === org))
    .map((l) => ({ l, path: labelPath(ctx.data, l) }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.l.id.localeCompare(b.l.id))
    .map(({ l }) => labelView(ctx.data, l));
  return json({ shared_labels: offsetPage(labels, ctx.query) });
};

/** Validates label fields against the label's organization. */
function labelFields(
  ctx: HandlerContext,
  input: JsonObject,
  organization: string,
  self?: string,
): Partial<SharedLabel> {
  const patch: Partial<SharedLabel> = {};
  const name = optString(input, "name");
  if (name !== undefined) {
    if (name.trim() === "") throw badRequest("'name' can't be blank");
    patch.name = name;
  }
  if (input.color !== undefined) {
    const color = optString(input, "color");
    if (color !== undefined && !HEX.test(color)) throw badRequest("'color' must be a HEX color like #ff0000");
    patch.color = color ?? null;
  }
  if (input.parent !== undefined) {
    const parent = optString(input, "parent") ?? null;
    if (parent !== null) {
      const p = ctx.data.sharedLabels.find((l) => l.id === parent && l.organization === organization);
      if (!p) throw badRequest("'parent' must be a shared label of the same organization");
      // Walking up from the new parent must never reach the label itself.
      for (let a: SharedLabel | undefined = p; a; a = ctx.data.sharedLabels.find((l) => l.id === a?.parent)) {
        if (a.id === self) throw badRequest("'parent' cannot be the label itself or one of its descendants");
      }
    }
    patch.parent = parent;
  }
  const visibility = optString(input, "visibility");
  if (visibility !== undefined) {
    if (visibility !== "organization" && visibility !== "delegates") {
      throw badRequest("'visibility' must be 'organization' or 'delegates'");
    }
    patch.visibility = visibility;
  }
  const swo = optBool(input, "share_with_organization");
  if (swo !== undefined) patch.share_with_organization = swo;
  if (input.share_with_team !== undefined) {
    const team = optString(input, "share_with_team") ?? null;
    if (team && !ctx.data.teams.some((t) => t.id === team && t.organization === organization))
      throw notFound("Team");
    patch.share_with_team = team;
  }
  const users = optStringArray(input, "share_with_users");
  if (users) {
    for (const id of users) {
      if (!ctx.data.users.some((u) => u.id === id && u.organizations.includes(organization))) {
        throw badRequest(`Unknown user in 'share_with_users': ${id}`);
      }
    }
    patch.share_with_users = users;
  }
  return patch;
}

function checkUnique(ctx: HandlerContext, label: SharedLabel): void {
  const clash = ctx.data.sharedLabels.some(
    (l) =>
      l.id !== label.id &&
      l.organization === label.organization &&
      l.parent === label.parent &&
      l.name.toLowerCase() === label.name.toLowerCase(),
  );
  if (clash) throw unprocessable("Validation failed: Name has already been taken");
}

/** `POST /shared_labels`: `name` and `organization` required. */
export const createSharedLabels: Handler = (ctx) => {
  const labels = envelopeArray(ctx.body, "shared_labels").map((input) => {
    const organization = optString(input, "organization");
    if (!optString(input, "name") || !organization)
      throw badRequest("'name' and 'organization' are required");
    requireOrganization(ctx.user, organization);
    const label: SharedLabel = {
      id: ctx.newId(),
      name: "",
      color: null,
      parent: null,
      organization,
      share_with_organization: false,
      share_with_team: null,
      share_with_users: [],
      visibility: "organization",
      ...labelFields(ctx, input, organization),
    };
    checkUnique(ctx, label);
    return label;
  });
  ctx.data.sharedLabels.push(...labels);
  return json({ shared_labels: labels.map((l) => labelView(ctx.data, l)) }, 201);
};

/** `PATCH /shared_labels/:id1,:id2`: `organization` is an unpermitted parameter. */
export const updateSharedLabels: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const items = batchItems(ctx.body, "shared_labels", ids);
  if ([...items.values()].some((i) => i.organization !== undefined)) {
    throw badRequest("Unpermitted parameters: organization");
  }
  const plan = ids.map((id) => {
    const label = ctx.data.sharedLabels.find((l) => l.id === id);
    if (!label || !canSeeLabel(ctx.data, ctx.user, label)) throw notFound("Shared label");
    const input = items.get(id) ?? {};
    if (!isAdmin(ctx.user, label.organization) && ADMIN_FIELDS.some((f) => input[f] !== undefined)) {
      throw forbidden(
        "Only organization admins and owners can change visibility and sharing of a shared label",
      );
    }
    const patch = labelFields(ctx, input, label.organization, label.id);
    checkUnique(ctx, { ...label, ...patch });
    return { label, patch };
  });
  for (const { label, patch } of plan) Object.assign(label, patch);
  return json({ shared_labels: plan.map(({ label }) => labelView(ctx.data, label)) });
};
