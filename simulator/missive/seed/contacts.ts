/**
 * Seeds contact books, contact groups/organizations and contacts. "Enterprise Leads" is large (260 live
 * contacts plus 3 deleted) so offset pagination needs two pages at limit 200 and six at the default 50.
 */

import type { Rng } from "../../prng";
import type { Contact, ContactBook, ContactGroup, ContactInfo, Membership } from "../model";
import type { Directory } from "./directory";
import { CITIES, COMPANIES, FIRST_NAMES, LAST_NAMES, TITLES } from "./names";

/** Seeded contact data plus the well-known books. */
export interface ContactSeed {
  contactBooks: ContactBook[];
  contactGroups: ContactGroup[];
  contacts: Contact[];
  vipProspects: ContactBook;
  enterpriseLeads: ContactBook;
  partners: ContactBook;
  personal: ContactBook;
  board: ContactBook;
  escalation: ContactBook;
}

const GROUP_NAMES = ["VIPs", "Newsletter", "Churn risk"] as const;
const PHONE_LABELS = ["mobile", "work", "main"] as const;

function ascii(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Builds the contact books and fills them. */
export function seedContacts(rng: Rng, dir: Directory, baseEpoch: number): ContactSeed {
  const contactBooks: ContactBook[] = [];
  const contactGroups: ContactGroup[] = [];
  const contacts: Contact[] = [];
  const usedEmails = new Set<string>();

  const book = (name: string, description: string | null, fields: Partial<ContactBook>): ContactBook => {
    const b: ContactBook = {
      id: rng.uuid(),
      user: dir.alex.id,
      share_with_organization: false,
      share_with_team: null,
      share_with_users: [],
      organization: dir.acme.id,
      name,
      description,
      ...fields,
    };
    contactBooks.push(b);
    return b;
  };
  const group = (b: ContactBook, kind: ContactGroup["kind"], name: string): string => {
    const found = contactGroups.find((g) => g.contact_book === b.id && g.kind === kind && g.name === name);
    if (found) return found.id;
    const g: ContactGroup = { id: rng.uuid(), contact_book: b.id, kind, name };
    contactGroups.push(g);
    return g.id;
  };
  const fill = (
    b: ContactBook,
    count: number,
    deleted: number,
    companies: readonly (typeof COMPANIES)[number][],
  ) => {
    for (let i = 0; i < count; i++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const company = rng.pick(companies);
      let email = `${ascii(first)}.${ascii(last)}@${company.domain}`;
      if (usedEmails.has(email)) email = `${ascii(first)}.${ascii(last)}${i}@${company.domain}`;
      usedEmails.add(email);
      const infos: ContactInfo[] = [{ kind: "email", label: "work", value: email }];
      if (rng.chance(0.7)) {
        const phone = `+1 555 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
        infos.push({ kind: "phone_number", label: rng.pick(PHONE_LABELS), value: phone });
      }
      if (rng.chance(0.15)) infos.push({ kind: "url", label: "work", value: `https://${company.domain}` });
      if (rng.chance(0.1)) infos.push({ kind: "twitter", label: "work", value: `@${ascii(first)}${i}` });
      if (rng.chance(0.05)) {
        infos.push({
          kind: "custom",
          label: "other",
          custom_label: "Account tier",
          value: rng.pick(["Gold", "Silver"]),
        });
      }
      const memberships: Membership[] = [
        {
          group: group(b, "organization", company.name),
          title: rng.pick(TITLES),
          location: rng.pick(CITIES),
        },
      ];
      if (rng.chance(0.3)) memberships.push({ group: group(b, "group", rng.pick(GROUP_NAMES)) });
      contacts.push({
        id: rng.uuid(),
        contact_book: b.id,
        first_name: first,
        last_name: last,
        starred: rng.chance(0.1),
        deleted: i >= count - deleted,
        modified_at: baseEpoch - rng.int(0, 90 * 86400),
        infos,
        memberships,
        details: rng.chance(0.1) ? { notes: `Met at ${rng.pick(CITIES)} meetup` } : {},
      });
    }
  };

  const acmeCompanies = COMPANIES.slice(0, 8);
  const globexCompanies = COMPANIES.slice(8);
  const vipProspects = book("VIP Prospects", "High-value prospects for the sales team", {
    share_with_organization: true,
  });
  const enterpriseLeads = book("Enterprise Leads", "Inbound enterprise leads", {
    share_with_organization: true,
  });
  const partners = book("Partners", "Globex partner contacts", {
    organization: dir.globex.id,
    share_with_organization: true,
  });
  const personal = book("Alex Morgan's Contacts", null, { organization: null });
  const board = book("Board & Investors", "Board members and investors", { share_with_users: [dir.sam.id] });
  const escalation = book("Escalation Contacts", "On-call contacts at key customers", {
    share_with_team: dir.engineering.id,
  });
  fill(vipProspects, 36, 0, acmeCompanies);
  fill(enterpriseLeads, 263, 3, acmeCompanies);
  fill(partners, 24, 0, globexCompanies);
  fill(personal, 10, 0, COMPANIES);
  fill(board, 8, 0, acmeCompanies);
  fill(escalation, 6, 0, acmeCompanies);
  return {
    contactBooks,
    contactGroups,
    contacts,
    vipProspects,
    enterpriseLeads,
    partners,
    personal,
    board,
    escalation,
  };
}
