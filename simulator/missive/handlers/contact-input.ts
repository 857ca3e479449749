/**
 * Validation of ContactInput (§4.2): per-kind info fields and labels, memberships by group name.
 * Unknown flat fields (`email`, `phone_number`, `company_name`, …) are silently ignored, as live.
 */
import type { HandlerContext } from "../context";
import { badRequest } from "../http";
import type { Contact, ContactInfo, Membership } from "../model";
import { isRecord, type JsonObject, optBool, optObjectArray, optString } from "../params";

/** Allowed `label` values per info kind. */
export const INFO_LABELS: Record<string, readonly string[]> = {
  email: ["home", "work", "personal", "other"],
  phone_number: ["main", "mobile", "home", "work", "home_fax", "work_fax", "other_fax", "pager", "other"],
  twitter: ["work", "personal", "other"],
  facebook: ["work", "personal", "other"],
  physical_address: ["work", "home", "other"],
  url: ["homepage", "profile", "blog", "work", "personal", "other"],
  custom: ["other"],
};

const ADDRESS_FIELDS = ["street", "extended_address", "city", "region", "postal_code", "po_box", "country"];
const SCALARS = [
  "middle_name",
  "phonetic_first_name",
  "phonetic_last_name",
  "phonetic_middle_name",
  "prefix",
  "suffix",
  "nickname",
  "file_as",
  "notes",
  "gender",
];
const ORG_ONLY = ["title", "location", "department", "description"] as const;

/** A membership as given: the group by kind and name. */
export interface MembershipInput {
  kind: "group" | "organization";
  name: string;
  fields: Omit<Membership, "group">;
}

/** The validated fields of one ContactInput; absent fields are undefined. */
export interface ContactChanges {
  contact_book?: string;
  first_name?: string;
  last_name?: string;
  starred?: boolean;
  infos?: ContactInfo[];
  memberships?: MembershipInput[];
  details: Record<string, string>;
}

function parseInfo(raw: JsonObject, index: number): ContactInfo {
  const kind = optString(raw, "kind");
  const where = `infos[${index}]`;
  if (!kind || !INFO_LABELS[kind]) {
    throw badRequest(`${where}: 'kind' must be one of ${Object.keys(INFO_LABELS).join(", ")}`);
  }
  const label = optString(raw, "label");
  const allowed = INFO_LABELS[kind] ?? [];
  if (!label || !allowed.includes(label)) {
    throw badRequest(`${where}: 'label' must be one of ${allowed.join(", ")} for kind '${kind}'`);
  }
  const info: ContactInfo = { kind, label };
  const customLabel = optString(raw, "custom_label");
  if (customLabel !== undefined) {
    if (label !== "other")
      throw badRequest(`${where}: 'custom_label' is only allowed when 'label' is 'other'`);
    info.custom_label = customLabel;
  }
  if (kind === "facebook") {
    const name = optString(raw, "name");
    if (!name) throw badRequest(`${where}: 'name' is required for kind 'facebook'`);
    info.name = name;
  } else if (kind === "physical_address") {
    for (const f of ADDRESS_FIELDS) {
      const v = optString(raw, f);
      if (v !== undefined) info[f] = v;
    }
  } else {
    const value = optString(raw, "value");
    if (!value) throw badRequest(`${where}: 'value' is required for kind '${kind}'`);
    info.value = value;
  }
  return info;
}

function parseMembership(raw: JsonObject, index: number): MembershipInput {
  const where = `memberships[${index}]`;
  const group = raw.group;
  if (!isRecord(group)) throw badRequest(`${where}: 'group' is required`);
  const kind = group.kind;
  const name = group.name;
  if (kind !== "group" && kind !== "organization") {
    throw badRequest(`${where}: 'group.kind' must be 'organization' or 'group'`);
  }
  if (typeof name !== "string" || name.trim() === "") throw badRequest(`${where}: 'group.name' is required`);
  const fields: Omit<Membership, "group"> = {};
  for (const f of ORG_ONLY) {
    const v = optString(raw, f);
    if (v === undefined) continue;
    if (kind !== "organization")
      throw badRequest(`${where}: '${f}' is only allowed for an organization group`);
    fields[f] = v;
  }
  return { kind, name: name.trim(), fields };
}

/** Validates one ContactInput object. */
export function parseContactInput(raw: JsonObject): ContactChanges {
  const details: Record<string, string> = {};
  for (const f of SCALARS) {
    const v = optString(raw, f);
    if (v !== undefined) details[f] = v;
  }
  return {
    contact_book: optString(raw, "contact_book"),
    first_name: optString(raw, "first_name"),
    last_name: optString(raw, "last_name"),
    starred: optBool(raw, "starred"),
    infos: optObjectArray(raw, "infos")?.map(parseInfo),
    memberships: optObjectArray(raw, "memberships")?.map(parseMembership),
    details,
  };
}

/** Finds the group of a book by kind and name (case-insensitive), creating it when missing. */
function groupId(ctx: HandlerContext, book: string, input: MembershipInput): string {
  const found = ctx.data.contactGroups.find(
    (g) =>
      g.contact_book === book && g.kind === input.kind && g.name.toLowerCase() === input.name.toLowerCase(),
  );
  if (found) return found.id;
  const id = ctx.newId();
  ctx.data.contactGroups.push({ id, contact_book: book, kind: input.kind, name: input.name });
  return id;
}

/** Applies validated changes; `infos` and `memberships` replace the whole arrays. */
export function applyContactChanges(ctx: HandlerContext, contact: Contact, changes: ContactChanges): void {
  if (changes.contact_book !== undefined) contact.contact_book = changes.contact_book;
  if (changes.first_name !== undefined) contact.first_name = changes.first_name;
  if (changes.last_name !== undefined) contact.last_name = changes.last_name;
  if (changes.starred !== undefined) contact.starred = changes.starred;
  if (changes.infos !== undefined) contact.infos = changes.infos;
  if (changes.memberships !== undefined) {
    contact.memberships = changes.memberships.map((m) => ({
      group: groupId(ctx, contact.contact_book, m),
      ...m.fields,
    }));
  } else if (changes.contact_book !== undefined) {
    // Groups belong to a book: moving a contact re-creates its groups by name in the new book.
    contact.memberships = contact.memberships.map((m) => {
      const g = ctx.data.contactGroups.find((x) => x.id === m.group);
      return g
        ? { ...m, group: groupId(ctx, contact.contact_book, { kind: g.kind, name: g.name, fields: {} }) }
        : m;
    });
  }
  contact.details = { ...contact.details, ...changes.details };
  contact.modified_at = ctx.nowSec;
}
