/**
 * The whole simulated state and the well-known seeded facts. `MissiveSimulator.data` exposes it.
 */
import type {
  Account,
  Alias,
  CannedResponse,
  Comment,
  Contact,
  ContactBook,
  ContactGroup,
  Conversation,
  Draft,
  Hook,
  Message,
  Organization,
  Post,
  Report,
  SharedLabel,
  Task,
  Team,
  User,
} from "./model";

/** Well-known seeded ids and values that tests may rely on. */
export interface SeedFacts {
  baseEpoch: number;
  tokens: { primary: string; guest: string };
  users: { primary: string; guest: string; sam: string; priya: string };
  organizations: { acme: string; globex: string };
  teams: { tier1: string; engineering: string; partnerSuccess: string };
  contactBooks: {
    vipProspects: string;
    enterpriseLeads: string;
    partners: string;
    personal: string;
    board: string;
    escalation: string;
  };
  /** Shared label ids by `name_with_parent_names`. */
  labels: Record<string, string>;
  conversations: {
    /**
     * Comments mention "database outage"; 14 comments, positions 9–11 (newest first) share one
     * `created_at`. Labelled "Support / Urgent" but not yet "Escalated / Engineering".
     */
    databaseOutage: string;
    /** 14 messages; positions 9–11 (newest first) share one `delivered_at`. */
    manyMessages: string;
    /** A Globex conversation where the guest user is only a guest. */
    guestAccess: string;
  };
  accounts: { email: string; customChannel: string };
}

/** The whole simulated state. Arrays, so tests can filter them freely. */
export interface SimulatorData {
  organizations: Organization[];
  users: User[];
  /** Bearer token → user id. */
  tokens: Record<string, string>;
  teams: Team[];
  sharedLabels: SharedLabel[];
  contactBooks: ContactBook[];
  contactGroups: ContactGroup[];
  contacts: Contact[];
  conversations: Conversation[];
  messages: Message[];
  drafts: Draft[];
  comments: Comment[];
  posts: Post[];
  tasks: Task[];
  responses: CannedResponse[];
  hooks: Hook[];
  reports: Report[];
  aliases: Alias[];
  accounts: Account[];
  facts: SeedFacts;
}
