/**
 * Seeds 48 conversations (37 Acme, 7 Globex, 4 personal to the primary user).
 *
 * Pagination edges are deliberate: in the primary user's `all=true` list (46 conversations; one is
 * trashed and one junked for them), 0-based positions 9–11 share one `last_activity_at` (straddling the
 * limit-10 page boundary) and positions 23–26 share another (straddling the default limit of 25).
 */

import type { Rng } from "../../prng";
import type { Conversation, Participant, UserFlags } from "../model";
import type { ContactSeed } from "./contacts";
import type { Directory } from "./directory";
import { SUBJECTS } from "./names";

/** Seeded conversations plus the external correspondent of each. */
export interface ConversationSeed {
  conversations: Conversation[];
  externals: Map<string, Participant>;
  /** Conversation index (= position in SUBJECTS) → conversation. */
  byIndex: Conversation[];
}

/** Index of "Checkout failing for EU customers" (14 messages). */
export const MANY_MESSAGES_INDEX = 0;
/** Index of "Production incident follow-up" (comments about the database outage). */
export const OUTAGE_INDEX = 4;
/** Index of the Globex conversation where the guest user is only a guest. */
export const GUEST_ACCESS_INDEX = 38;
const TRASHED_INDEX = 30;
const JUNKED_INDEX = 47;
const GAP = 5400;

/** `last_activity_at` of the k-th item of a newest-first list with ties at 9–11 and 23–26. */
export function tiedTimestamp(base: number, k: number, gap: number): number {
  if (k >= 9 && k <= 11) return base - gap * 9;
  if (k >= 23 && k <= 26) return base - gap * 23;
  return base - gap * k;
}

function flags(over: Partial<UserFlags> = {}): UserFlags {
  return { archived: false, trashed: false, junked: false, snoozed: false, flagged: false, ...over };
}

/** Builds the conversations. */
export function seedConversations(
  rng: Rng,
  dir: Directory,
  cs: ContactSeed,
  baseEpoch: number,
): ConversationSeed {
  const { alex, jamie, sam, priya, labelIds } = dir;
  const acmeLabels = Object.entries(labelIds)
    .filter(([path]) => !path.startsWith("Partners"))
    .map(([, id]) => id);
  const pickExternal = (bookId: string): Participant => {
    const pool = cs.contacts.filter((c) => c.contact_book === bookId && !c.deleted);
    const c = rng.pick(pool);
    return { name: `${c.first_name} ${c.last_name}`, address: c.infos[0]?.value ?? "unknown@example.com" };
  };
  const conversations: Conversation[] = [];
  const externals = new Map<string, Participant>();
  let k = 0;
  SUBJECTS.forEach((subject, i) => {
    const excluded = i === TRASHED_INDEX || i === JUNKED_INDEX;
    // Excluded ones sit half a gap above the next listed slot, so they never tie with anything.
    const last = excluded ? tiedTimestamp(baseEpoch, k, GAP) + GAP / 3 : tiedTimestamp(baseEpoch, k++, GAP);
    const kind = i < 37 ? "acme" : i < 44 ? "globex" : "personal";
    const users = kind === "acme" ? [alex.id] : kind === "globex" ? [alex.id, priya.id] : [alex.id];
    if (kind === "acme" && (i % 2 === 0 || i === OUTAGE_INDEX)) users.push(jamie.id);
    if (kind === "acme" && (i % 3 === 0 || i === OUTAGE_INDEX)) users.push(sam.id);
    let team: string | null = null;
    if (kind === "acme" && i % 5 === 0) team = dir.tier1.id;
    if (kind === "acme" && (i % 7 === 3 || i === OUTAGE_INDEX)) team = dir.engineering.id;
    if (kind === "globex" && i % 2 === 0) team = dir.partnerSuccess.id;
    let assignees: string[] = [];
    if (i % 3 === 1) assignees = [alex.id];
    if (i % 6 === 2 && users.includes(jamie.id)) assignees = [jamie.id];
    if (i === OUTAGE_INDEX) assignees = [sam.id, alex.id];
    let shared_labels: string[] = [];
    if (kind === "acme") {
      shared_labels = [...new Set([rng.pick(acmeLabels), rng.pick(acmeLabels)])].slice(0, rng.int(0, 2));
    }
    if (kind === "globex") shared_labels = [labelIds[i % 2 ? "Partners" : "Partners / Onboarding"] ?? ""];
    if (i === MANY_MESSAGES_INDEX) shared_labels = [labelIds["Support / Urgent"] ?? ""];
    // Not yet "Escalated / Engineering": applying that label is the seed article's second workflow.
    if (i === OUTAGE_INDEX) shared_labels = [labelIds["Support / Urgent"] ?? ""];
    const conv: Conversation = {
      id: rng.uuid(),
      created_at: last - rng.int(1, 10) * 86400,
      subject: i % 11 === 6 ? `[Custom] ${subject}` : null,
      organization: kind === "acme" ? dir.acme.id : kind === "globex" ? dir.globex.id : null,
      team,
      color: i % 9 === 4 ? rng.pick(["good", "warning", "danger", "#f2c94c"]) : null,
      assignees,
      users,
      guests: i === GUEST_ACCESS_INDEX ? [jamie.id] : [],
      flags: {
        [alex.id]: flags({
          archived: i % 9 === 7,
          snoozed: i === 12,
          flagged: i % 10 === 3,
          trashed: i === TRASHED_INDEX,
          junked: i === JUNKED_INDEX,
        }),
        [jamie.id]: flags({ flagged: i === 2 }),
      },
      closed: i % 8 === 5,
      shared_labels,
      last_activity_at: last,
      merged_into: null,
    };
    conversations.push(conv);
    const book = kind === "globex" ? cs.partners : i % 2 ? cs.vipProspects : cs.enterpriseLeads;
    externals.set(conv.id, kind === "personal" ? pickExternal(cs.personal.id) : pickExternal(book.id));
  });
  return { conversations, externals, byIndex: conversations };
}
