/**
 * Seeds 36 tasks (29 Acme, 7 Globex) and the canned responses.
 *
 * Newest-first by `last_activity_at`, 0-based positions 9–11 share one timestamp and positions 23–26
 * another, so `GET /tasks` pages straddle ties at limit 10 and at the default limit of 25.
 */

import type { Rng } from "../../prng";
import type { CannedResponse, Task, TaskState } from "../model";
import { type ConversationSeed, OUTAGE_INDEX, tiedTimestamp } from "./conversations";
import type { Directory } from "./directory";
import { SUBJECTS } from "./names";

const STANDALONE_TITLES = [
  "Prepare the Q3 support report",
  "Review macros for billing questions",
  "Update the onboarding checklist",
  "Renew the SSL certificate",
  "Plan the partner summit",
  "Clean up stale leads",
];
const STATES: TaskState[] = ["todo", "in_progress", "closed", "todo"];

/** Seeded tasks plus the one the outage comment links to. */
export interface TaskSeed {
  tasks: Task[];
  postmortem: Task;
}

/** Builds the tasks. */
export function seedTasks(rng: Rng, dir: Directory, cs: ConversationSeed, baseEpoch: number): TaskSeed {
  const tasks: Task[] = [];
  const acmeConvs = cs.byIndex.filter((c) => c.organization === dir.acme.id);
  const assigneePool = [dir.alex.id, dir.jamie.id, dir.sam.id];
  for (let k = 0; k < 36; k++) {
    const last = tiedTimestamp(baseEpoch - 1200, k, 3600);
    const state = STATES[k % 4] ?? "todo";
    const globex = k !== 4 && (k % 9 === 4 || k % 9 === 7);
    const conv = globex ? cs.byIndex[37 + (k % 7)] : acmeConvs[(k * 5) % acmeConvs.length];
    const shape = k === 4 ? 0 : k % 3;
    const assignees = globex ? [rng.pick([dir.alex.id, dir.priya.id])] : [rng.pick(assigneePool)];
    const task: Task = {
      id: rng.uuid(),
      conversation: shape === 1 ? null : (conv?.id ?? null),
      organization: globex ? dir.globex.id : dir.acme.id,
      title:
        shape === 1
          ? (STANDALONE_TITLES[k % STANDALONE_TITLES.length] ?? "Task")
          : `Follow up: ${(conv && SUBJECTS[cs.byIndex.indexOf(conv)]) ?? "conversation"}`,
      description: k % 2 === 0 ? "Created from the seed for pagination tests." : null,
      state,
      started_at: state === "todo" ? null : last - 7200,
      closed_at: state === "closed" ? last : null,
      assignees: shape === 1 && k % 2 === 1 ? [] : assignees,
      team: shape === 1 ? (globex ? dir.partnerSuccess.id : dir.tier1.id) : null,
      due_at: k % 2 === 0 ? baseEpoch + (k - 10) * 86_400 : null,
      type: shape === 2 ? "conversation" : "task",
      last_activity_at: last,
      created_at: last - 86_400,
    };
    if (k === 4) {
      Object.assign(task, {
        conversation: cs.byIndex[OUTAGE_INDEX]?.id ?? null,
        title: "Write the database outage postmortem",
        description: "Timeline, root cause and follow-ups of the database outage.",
        state: "in_progress",
        started_at: last - 3600,
        closed_at: null,
        assignees: [dir.sam.id],
        team: dir.engineering.id,
        organization: dir.acme.id,
      });
    }
    tasks.push(task);
  }
  const postmortem = tasks[4] as Task;
  return { tasks, postmortem };
}

/** Builds the canned responses: shared Acme ones, a personal one, a Globex one and an external template. */
export function seedResponses(rng: Rng, dir: Directory, baseEpoch: number): CannedResponse[] {
  const response = (title: string, fields: Partial<CannedResponse>): CannedResponse => ({
    id: rng.uuid(),
    title,
    body: `<p>${title}: thanks for contacting us.</p>`,
    subject: null,
    organization: dir.acme.id,
    user: null,
    share_with_team: null,
    modified_at: baseEpoch - rng.int(1, 60) * 86_400,
    to_fields: [],
    cc_fields: [],
    bcc_fields: [],
    shared_labels: [],
    external_id: null,
    external_source: null,
    external: false,
    attachments: [],
    ...fields,
  });
  return [
    response("Password reset instructions", { shared_labels: [dir.labelIds.Support ?? ""] }),
    response("Refund policy", {
      subject: "About your refund",
      shared_labels: [dir.labelIds["Support / Billing"] ?? ""],
    }),
    response("Escalation acknowledgement", { share_with_team: dir.engineering.id }),
    response("Renewal reminder", { subject: "Your renewal is coming up" }),
    response("My signature block", { organization: null, user: dir.alex.id }),
    response("Partner welcome", { organization: dir.globex.id }),
    response("WhatsApp order update", {
      external: true,
      external_id: "HX1234567890",
      external_source: "twilio",
      body: "Hi {{1}}, your order {{2}} has shipped.",
    }),
  ];
}
