/**
 * Seeds messages, internal comments, drafts and posts of the seeded conversations.
 *
 * "Checkout failing for EU customers" has 14 messages whose newest-first positions 9–11 share one
 * `delivered_at`; "Production incident follow-up" has 14 comments about the database outage whose
 * positions 9–11 share one `created_at`. Both straddle the limit-10 page boundary.
 */

import type { Rng } from "../../prng";
import type { Comment, Draft, Message, Participant, Post, Task } from "../model";
import type { SimulatorData } from "../state";
import { type ConversationSeed, MANY_MESSAGES_INDEX, OUTAGE_INDEX, tiedTimestamp } from "./conversations";
import type { Directory } from "./directory";
import { SUBJECTS } from "./names";

type Entries = Pick<SimulatorData, "messages" | "comments" | "drafts" | "posts">;

const INCOMING_LINES = [
  "Hi team, we are still seeing this on our side. Could you take another look?",
  "Thanks for the quick answer. I have attached the details you asked for.",
  "Following up on my previous email, any news?",
  "Our finance team needs this resolved before the end of the month.",
];
const OUTGOING_LINES = [
  "Thanks for reaching out! We are looking into it and will get back to you shortly.",
  "We have deployed a fix; can you confirm it works for you now?",
  "I have forwarded this to the right team and will keep you posted.",
  "Could you share a screenshot and the time it happened?",
];
const OUTAGE_COMMENTS = [
  "The database outage started at 09:12 UTC; primary failed over to the replica.",
  "Customers in EU are affected by the database outage, checkout errors spiking.",
  "Status page updated: investigating a database outage.",
  "Root cause of the database outage looks like a full disk on the primary.",
  "Database outage mitigated, monitoring error rates.",
];

function domainOf(p: Participant): string {
  return p.address?.split("@")[1] ?? "missiveapp.com";
}

/** Builds the entries. `postmortemTask` is linked from the oldest outage comment. */
export function seedEntries(rng: Rng, dir: Directory, cs: ConversationSeed, postmortemTask: Task): Entries {
  const messages: Message[] = [];
  const comments: Comment[] = [];
  const drafts: Draft[] = [];
  const posts: Post[] = [];
  const commenters = [dir.alex, dir.sam, dir.jamie];

  cs.byIndex.forEach((conv, i) => {
    const subject = SUBJECTS[i] ?? "Hello";
    const external = cs.externals.get(conv.id) ?? { name: "Unknown", address: "unknown@example.com" };
    const own: Participant =
      conv.organization === dir.acme.id
        ? { name: "Acme Support", address: "support@acme.example" }
        : conv.organization === dir.globex.id
          ? { name: dir.alex.name, address: "alex@globex.example" }
          : { name: dir.alex.name, address: dir.alex.email };
    const count = i === MANY_MESSAGES_INDEX ? 14 : i === OUTAGE_INDEX ? 3 : rng.int(1, 4);
    // The outage conversation's latest activity is its comments; its messages come before them.
    const newest = i === OUTAGE_INDEX ? conv.last_activity_at - 14 * 900 : conv.last_activity_at;
    const previousIds: string[] = [];
    for (let j = count - 1; j >= 0; j--) {
      const delivered = i === MANY_MESSAGES_INDEX ? tiedTimestamp(newest, j, 2400) : newest - j * 7200;
      const incoming = (count - 1 - j) % 2 === 0;
      const from = incoming ? external : own;
      const line = rng.pick(incoming ? INCOMING_LINES : OUTGOING_LINES);
      const emailId = `<${rng.uuid()}@${domainOf(from)}>`;
      const withFile = rng.chance(0.15);
      messages.push({
        id: rng.uuid(),
        conversation: conv.id,
        type: "email",
        subject: j === count - 1 ? subject : `Re: ${subject}`,
        preview: line.slice(0, 100),
        body: `<div><p>${line}</p></div>`,
        delivered_at: delivered,
        created_at: delivered,
        updated_at: delivered,
        email_message_id: emailId,
        in_reply_to: previousIds.slice(-1),
        references: [...previousIds],
        from_field: from,
        to_fields: [incoming ? own : external],
        cc_fields: [],
        bcc_fields: [],
        reply_to_fields: [],
        attachments: withFile
          ? [
              {
                id: rng.uuid(),
                filename: "details.pdf",
                extension: "pdf",
                url: `https://files.missive.test/${conv.id}/details.pdf`,
                media_type: "application",
                sub_type: "pdf",
                size: rng.int(10_000, 900_000),
              },
            ]
          : [],
        external_id: null,
        account: null,
      });
      previousIds.push(emailId);
    }

    const commentCount =
      i === OUTAGE_INDEX ? 14 : i % 4 === 2 && conv.organization === dir.acme.id ? rng.int(1, 2) : 0;
    for (let j = 0; j < commentCount; j++) {
      const author = i === OUTAGE_INDEX ? (commenters[j % 2] ?? dir.alex) : rng.pick(commenters);
      const isOutage = i === OUTAGE_INDEX;
      const mentionSam = !isOutage && j === 0;
      const body = isOutage
        ? j === commentCount - 1
          ? "Created a task: write the database outage postmortem."
          : (OUTAGE_COMMENTS[j % OUTAGE_COMMENTS.length] ?? "")
        : mentionSam
          ? "@Sam Rivera can you take a look at this one?"
          : "Customer confirmed the workaround, leaving open until the fix ships.";
      comments.push({
        id: rng.uuid(),
        conversation: conv.id,
        body,
        created_at: isOutage
          ? tiedTimestamp(conv.last_activity_at, j, 900)
          : conv.last_activity_at - 600 * (j + 1),
        mentions: mentionSam ? [{ id: dir.sam.id, index: 0, length: 11 }] : [],
        author: author.id,
        attachment: null,
        task: isOutage && j === commentCount - 1 ? postmortemTask.id : null,
      });
    }

    if ((i % 6 === 1 && conv.organization === dir.acme.id) || i === 7) {
      drafts.push({
        id: rng.uuid(),
        conversation: conv.id,
        type: "email",
        subject: `Re: ${subject}`,
        preview: "Draft: thanks for your patience, here is an update",
        body: "<div><p>Draft: thanks for your patience, here is an update.</p></div>",
        created_at: conv.last_activity_at - 300,
        updated_at: conv.last_activity_at - 300,
        email_message_id: `<${rng.uuid()}@missiveapp.com>`,
        in_reply_to: [],
        references: [],
        from_field: own,
        to_fields: [external],
        cc_fields: [],
        bcc_fields: [],
        reply_to_fields: [],
        attachments: [],
        external_id: null,
        account: null,
        author: dir.alex.id,
        send_at: i === 7 ? conv.last_activity_at + 86_400 : null,
        auto_followup: false,
      });
    }

    const postCount = i === 35 ? 3 : i % 5 === 3 ? 1 : 0;
    for (let j = 0; j < postCount; j++) {
      const source = i === 35 ? "Statuspage" : "GitHub";
      posts.push({
        id: rng.uuid(),
        conversation: conv.id,
        created_at: conv.last_activity_at - 300 * (j + 1),
        author: dir.alex.id,
        username: source,
        username_icon: `https://icons.missive.test/${source.toLowerCase()}.png`,
        notification: { title: `${source} update`, body: `${source} posted an update` },
        text: i === 35 ? `Incident update #${postCount - j}` : "Linked issue #1234 was closed",
        markdown: null,
        attachments: [],
      });
    }
  });
  return { messages, comments, drafts, posts };
}
