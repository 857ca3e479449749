/**
 * Contacts, contact books and contact groups (§4).
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, json, notFound } from "../http";
import type { Contact } from "../model";
import { offsetPage } from "../pagination";
import { batchItems, envelopeArray, queryFlag, queryInt, queryString, reqString, splitIds } from "../params";
import { contactView, deletedContactView } from "../views/records";
import { requireBook, visibleBooks } from "../visibility";
import { applyContactChanges, parseContactInput } from "./contact-input";

function searchable(ctx: HandlerContext, c: Contact): string {
  const groups = c.memberships.map((m) => ctx.data.contactGroups.find((g) => g.id === m.group)?.name ?? "");
  const infos = c.infos.flatMap((i) => Object.values(i));
  return [c.first_name, c.last_name, ...Object.values(c.details), ...infos, ...groups]
    .join(" ")
    .toLowerCase();
}

/** A live contact the user can see, or 404 (deleted contacts answer 404 too). */
function requireContact(ctx: HandlerContext, id: string): Contact {
  const c = ctx.data.contacts.find((x) => x.id === id && !x.deleted);
  if (!c) throw notFound("Contact");
  requireBook(ctx.data, ctx.user, c.contact_book);
  return c;
}

/** `GET /contacts`: `contact_book` is required; ordered by last name or most recently modified. */
export const listContacts: Handler = (ctx) => {
  const bookId = queryString(ctx.query, "contact_book");
  if (!bookId) throw badRequest("'contact_book' parameter is required");
  requireBook(ctx.data, ctx.user, bookId);
  const order = queryString(ctx.query, "order") ?? "last_name";
  if (order !== "last_name" && order !== "last_modified") {
    throw badRequest("'order' must be 'last_name' or 'last_modified'");
  }
  const since = queryInt(ctx.query, "modified_since");
  const includeDeleted = since !== undefined && queryFlag(ctx.query, "include_deleted");
  const search = queryString(ctx.query, "search")?.toLowerCase();
  const matches = ctx.data.contacts.filter(
    (c) =>
      c.contact_book === bookId &&
      (!c.deleted || includeDeleted) &&
      (since === undefined || c.modified_at >= since) &&
      (!search || (!c.deleted && searchable(ctx, c).includes(search))),
  );
  matches.sort((a, b) =>
    order === "last_modified"
      ? b.modified_at - a.modified_at || a.id.localeCompare(b.id)
      : (a.last_name ?? "").localeCompare(b.last_name ?? "") ||
        (a.first_name ?? "").localeCompare(b.first_name ?? "") ||
        a.id.localeCompare(b.id),
  );
  const page = offsetPage(matches, ctx.query);
  return json({ contacts: page.map((c) => (c.deleted ? deletedContactView(c) : contactView(ctx.data, c))) });
};

/** `GET /contacts/:id`: an array with one contact (see §1.6). */
export const getContact: Handler = (ctx) => {
  const c = requireContact(ctx, ctx.params.id ?? "");
  return json({ contacts: [contactView(ctx.data, c)] });
};

/** `POST /contacts`: creates every contact of the array, or none if one is invalid. */
export const createContacts: Handler = (ctx) => {
  const inputs = envelopeArray(ctx.body, "contacts").map((raw) => {
    const book = reqString(raw, "contact_book");
    requireBook(ctx.data, ctx.user, book);
    return parseContactInput(raw);
  });
  const created = inputs.map((changes) => {
    const contact: Contact = {
      id: ctx.newId(),
      contact_book: changes.contact_book ?? "",
      first_name: null,
      last_name: null,
      starred: false,
      deleted: false,
      modified_at: ctx.nowSec,
      infos: [],
      memberships: [],
      details: {},
    };
    applyContactChanges(ctx, contact, changes);
    ctx.data.contacts.push(contact);
    return contact;
  });
  return json({ contacts: created.map((c) => contactView(ctx.data, c)) }, 201);
};

/** `PATCH /contacts/:id1,:id2`: one body object per id; `infos`/`memberships` replace whole arrays. */
export const updateContacts: Handler = (ctx) => {
  const ids = splitIds(ctx.params.ids ?? "");
  const items = batchItems(ctx.body, "contacts", ids);
  const plan = ids.map((id) => {
    const contact = requireContact(ctx, id);
    const changes = parseContactInput(items.get(id) ?? {});
    if (changes.contact_book !== undefined) requireBook(ctx.data, ctx.user, changes.contact_book);
    return { contact, changes };
  });
  for (const { contact, changes } of plan) applyContactChanges(ctx, contact, changes);
  return json({ contacts: plan.map(({ contact }) => contactView(ctx.data, contact)) });
};

/** `GET /contact_books`: the books the user can reach. */
export const listContactBooks: Handler = (ctx) => {
  return json({ contact_books: offsetPage(visibleBooks(ctx.data, ctx.user), ctx.query) });
};

/** `GET /contact_groups`: `contact_book` and `kind` are both required. */
export const listContactGroups: Handler = (ctx) => {
  const book = queryString(ctx.query, "contact_book");
  const kind = queryString(ctx.query, "kind");
  if (!book || !kind) throw badRequest("'contact_book' and 'kind' parameters are required");
  if (kind !== "group" && kind !== "organization")
    throw badRequest("'kind' must be 'group' or 'organization'");
  requireBook(ctx.data, ctx.user, book);
  const groups = ctx.data.contactGroups
    .filter((g) => g.contact_book === book && g.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((g) => ({ id: g.id, name: g.name }));
  return json({ contact_groups: offsetPage(groups, ctx.query) });
};
