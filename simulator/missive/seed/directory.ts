/**
 * Seeds organizations, users, tokens, teams, shared labels, aliases and channel accounts.
 */

import type { Rng } from "../../prng";
import type { Account, Alias, Organization, SharedLabel, Team, User } from "../model";

/** The primary token: Alex Morgan, admin of both organizations. */
export const PRIMARY_TOKEN = "missive_pat-simulator";
/** The guest token: Jamie Chen, a plain member of Acme only. */
export const GUEST_TOKEN = "missive_pat-simulator-guest";

/** Seeded directory records plus handles for the other seed steps. */
export interface Directory {
  organizations: Organization[];
  users: User[];
  tokens: Record<string, string>;
  teams: Team[];
  sharedLabels: SharedLabel[];
  aliases: Alias[];
  accounts: Account[];
  acme: Organization;
  globex: Organization;
  alex: User;
  jamie: User;
  sam: User;
  priya: User;
  tier1: Team;
  engineering: Team;
  partnerSuccess: Team;
  /** Label ids by full path ("Support / Urgent"). */
  labelIds: Record<string, string>;
}

function user(rng: Rng, name: string, email: string, organizations: string[], adminOf: string[]): User {
  const slug = name.toLowerCase().replace(/\s+/g, "-");
  return {
    id: rng.uuid(),
    name,
    email,
    avatar_url: `https://avatars.missive.test/${slug}.png`,
    organizations,
    adminOf,
  };
}

function team(rng: Rng, name: string, organization: string, active: string[], observers: string[]): Team {
  return { id: rng.uuid(), name, organization, active_members: active, observers, settings: {} };
}

/** Builds the directory. */
export function seedDirectory(rng: Rng): Directory {
  const acme: Organization = { id: rng.uuid(), name: "Acme Support" };
  const globex: Organization = { id: rng.uuid(), name: "Globex Partners" };
  const alex = user(
    rng,
    "Alex Morgan",
    "alex.morgan@acme.example",
    [acme.id, globex.id],
    [acme.id, globex.id],
  );
  const jamie = user(rng, "Jamie Chen", "jamie.chen@acme.example", [acme.id], []);
  const sam = user(rng, "Sam Rivera", "sam.rivera@acme.example", [acme.id], [acme.id]);
  const priya = user(rng, "Priya Natarajan", "priya@globex.example", [globex.id], []);
  const tier1 = team(rng, "Tier 1 Support", acme.id, [alex.id, jamie.id], [sam.id]);
  const engineering = team(rng, "Engineering Escalations", acme.id, [sam.id, alex.id], []);
  const partnerSuccess = team(rng, "Partner Success", globex.id, [priya.id, alex.id], []);
  tier1.settings = {
    emoji: ":headphones:",
    color: "#2f80ed",
    team_inbox_enabled: true,
    chat_room_enabled: true,
  };

  const sharedLabels: SharedLabel[] = [];
  const labelIds: Record<string, string> = {};
  const label = (
    path: string,
    organization: string,
    color: string | null,
    extra: Partial<SharedLabel> = {},
  ) => {
    const parts = path.split(" / ");
    const parentPath = parts.slice(0, -1).join(" / ");
    const l: SharedLabel = {
      id: rng.uuid(),
      name: parts[parts.length - 1] ?? path,
      color,
      parent: parentPath ? (labelIds[parentPath] ?? null) : null,
      organization,
      share_with_organization: false,
      share_with_team: null,
      share_with_users: [],
      visibility: "organization",
      ...extra,
    };
    sharedLabels.push(l);
    labelIds[path] = l.id;
  };
  label("Support", acme.id, "#2f80ed");
  label("Support / Urgent", acme.id, "#eb5757");
  label("Support / Billing", acme.id, "#f2994a");
  label("Escalated", acme.id, "#9b51e0");
  label("Escalated / Engineering", acme.id, "#bb6bd9");
  label("Escalated / Engineering / Database", acme.id, null);
  label("Sales", acme.id, "#27ae60");
  label("Sales / Renewals", acme.id, "#6fcf97");
  label("Feedback", acme.id, null);
  label("Leadership", acme.id, "#333333", { visibility: "delegates", share_with_users: [alex.id, sam.id] });
  label("Partners", globex.id, "#56ccf2");
  label("Partners / Onboarding", globex.id, null);

  const aliases: Alias[] = [
    { user: alex.id, address: alex.email, name: alex.name },
    { user: alex.id, address: "support@acme.example", name: "Acme Support" },
    { user: alex.id, address: "alex@globex.example", name: alex.name },
    { user: alex.id, phone_number: "+15145550100", type: "twilio" },
    { user: jamie.id, address: jamie.email, name: jamie.name },
    { user: jamie.id, address: "support@acme.example", name: "Acme Support" },
    { user: sam.id, address: sam.email, name: sam.name },
    { user: priya.id, address: priya.email, name: priya.name },
  ];
  const accounts: Account[] = [
    {
      id: rng.uuid(),
      type: "email",
      name: "support@acme.example",
      organization: acme.id,
      users: [alex.id, jamie.id],
    },
    {
      id: rng.uuid(),
      type: "custom",
      name: "Status Page Bridge",
      organization: acme.id,
      users: [alex.id, sam.id],
    },
    { id: rng.uuid(), type: "sms", name: "+15145550100", organization: acme.id, users: [alex.id] },
  ];
  return {
    organizations: [acme, globex],
    users: [alex, jamie, sam, priya],
    tokens: { [PRIMARY_TOKEN]: alex.id, [GUEST_TOKEN]: jamie.id },
    teams: [tier1, engineering, partnerSuccess],
    sharedLabels,
    aliases,
    accounts,
    acme,
    globex,
    alex,
    jamie,
    sam,
    priya,
    tier1,
    engineering,
    partnerSuccess,
    labelIds,
  };
}
