/**
 * Builds the whole seeded state. Everything derives from one PRNG seed and a fixed base epoch, so two
 * simulators (or two `reset()`s) hold identical data.
 */

import type { Rng } from "../../prng";
import type { SimulatorData } from "../state";
import { seedContacts } from "./contacts";
import { GUEST_ACCESS_INDEX, MANY_MESSAGES_INDEX, OUTAGE_INDEX, seedConversations } from "./conversations";
import { GUEST_TOKEN, PRIMARY_TOKEN, seedDirectory } from "./directory";
import { seedEntries } from "./entries";
import { seedResponses, seedTasks } from "./tasks";

/** The seed of the PRNG. */
export const SEED = 20_260_101;
/** Seeded timestamps are at or shortly before this instant (2026-01-01T00:00:00Z), in epoch seconds. */
export const BASE_EPOCH = 1_767_225_600;

/** Seeds a fresh state, drawing ids from `rng` (which the simulator keeps using for new ids). */
export function seedData(rng: Rng): SimulatorData {
  const dir = seedDirectory(rng);
  const cs = seedContacts(rng, dir, BASE_EPOCH);
  const conv = seedConversations(rng, dir, cs, BASE_EPOCH);
  const { tasks, postmortem } = seedTasks(rng, dir, conv, BASE_EPOCH);
  const entries = seedEntries(rng, dir, conv, postmortem);
  const responses = seedResponses(rng, dir, BASE_EPOCH);
  const idAt = (i: number) => conv.byIndex[i]?.id ?? "";
  return {
    organizations: dir.organizations,
    users: dir.users,
    tokens: dir.tokens,
    teams: dir.teams,
    sharedLabels: dir.sharedLabels,
    contactBooks: cs.contactBooks,
    contactGroups: cs.contactGroups,
    contacts: cs.contacts,
    conversations: conv.conversations,
    ...entries,
    tasks,
    responses,
    hooks: [],
    reports: [],
    aliases: dir.aliases,
    accounts: dir.accounts,
    facts: {
      baseEpoch: BASE_EPOCH,
      tokens: { primary: PRIMARY_TOKEN, guest: GUEST_TOKEN },
      users: { primary: dir.alex.id, guest: dir.jamie.id, sam: dir.sam.id, priya: dir.priya.id },
      organizations: { acme: dir.acme.id, globex: dir.globex.id },
      teams: { tier1: dir.tier1.id, engineering: dir.engineering.id, partnerSuccess: dir.partnerSuccess.id },
      contactBooks: {
        vipProspects: cs.vipProspects.id,
        enterpriseLeads: cs.enterpriseLeads.id,
        partners: cs.partners.id,
        personal: cs.personal.id,
        board: cs.board.id,
        escalation: cs.escalation.id,
      },
      labels: { ...dir.labelIds },
      conversations: {
        databaseOutage: idAt(OUTAGE_INDEX),
        manyMessages: idAt(MANY_MESSAGES_INDEX),
        guestAccess: idAt(GUEST_ACCESS_INDEX),
      },
      accounts: { email: dir.accounts[0]?.id ?? "", customChannel: dir.accounts[1]?.id ?? "" },
    },
  };
}
