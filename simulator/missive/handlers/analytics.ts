/**
 * Analytics reports (§3). A report is asynchronous: `GET` answers an empty-body 404 until it is ready
 * (3 s after creation by the injected clock) and again 60 s after it became ready, as documented.
 */
import type { Handler, HandlerContext } from "../context";
import { badRequest, HttpError, json } from "../http";
import type { Report } from "../model";
import { envelopeObject, optInt, optString, optStringArray } from "../params";
import { requireOrganization } from "../visibility";

/** Milliseconds between creation and readiness. */
export const REPORT_READY_AFTER_MS = 3_000;
/** Milliseconds a ready report stays available. */
export const REPORT_EXPIRES_AFTER_MS = 60_000;

const ACCOUNT_TYPES = ["custom", "email", "instagram", "live_chat", "messenger", "sms", "whatsapp"];
const FILTERS = ["teams", "users", "shared_labels", "accounts", "account_types"] as const;
const REPLY_BUCKETS = ["1m", "5m", "15m", "30m", "1h", "4h", "8h", "24h", "48h", "72h", "72h_plus"];

/** `POST /analytics/reports`: `organization`, `start` and `end` required. */
export const createReport: Handler = (ctx) => {
  const input = envelopeObject(ctx.body, "reports");
  const organization = optString(input, "organization");
  const start = optInt(input, "start");
  const end = optInt(input, "end");
  if (!organization || start === undefined || end === undefined) {
    throw badRequest("'organization', 'start' and 'end' are required");
  }
  requireOrganization(ctx.user, organization);
  if (start >= end) throw badRequest("'start' must be before 'end'");
  const filters: Record<string, string[]> = {};
  for (const f of FILTERS) {
    const v = optStringArray(input, f);
    if (v) filters[f] = v;
  }
  const bad = filters.account_types?.find((t) => !ACCOUNT_TYPES.includes(t));
  if (bad) throw badRequest(`'account_types' must be among ${ACCOUNT_TYPES.join(", ")}`);
  const report: Report = {
    id: ctx.newId(),
    user: ctx.user.id,
    organization,
    start,
    end,
    time_zone: optString(input, "time_zone") ?? null,
    filters,
    readyAtMs: ctx.nowMs + REPORT_READY_AFTER_MS,
    expiresAtMs: ctx.nowMs + REPORT_READY_AFTER_MS + REPORT_EXPIRES_AFTER_MS,
  };
  ctx.data.reports.push(report);
  return json({ reports: { id: report.id } }, 201);
};

/** Metrics of the organization's messages delivered in [start, end). */
function period(ctx: HandlerContext, r: Report, start: number, end: number): Record<string, unknown> {
  const own = new Set(ctx.data.aliases.map((a) => a.address?.toLowerCase()).filter(Boolean));
  const convs = new Set(
    ctx.data.conversations.filter((c) => c.organization === r.organization).map((c) => c.id),
  );
  const msgs = ctx.data.messages.filter(
    (m) => convs.has(m.conversation) && m.delivered_at >= start && m.delivered_at < end,
  );
  const inbound = msgs.filter((m) => !own.has(m.from_field.address?.toLowerCase()));
  const outbound = msgs.length - inbound.length;
  const firstInbound = new Set(inbound.map((m) => m.conversation)).size;
  const v = (n: number) => ({ v: n });
  return {
    global: {
      totals: {
        metrics: {
          inbound_count: v(inbound.length),
          outbound_count: v(outbound),
          first_inbound_count: v(firstInbound),
          reply_count: v(outbound),
          first_reply_count: v(Math.min(outbound, firstInbound)),
          first_reply_time_avg: v(outbound ? 3600 : 0),
          reply_time_avg: v(outbound ? 5400 : 0),
          handle_time_avg: v(outbound ? 420 : 0),
        },
        tallies: {
          first_reply_time_counts: REPLY_BUCKETS.map((d) => ({
            d,
            v: d === "1h" ? Math.min(outbound, firstInbound) : 0,
          })),
        },
      },
    },
  };
}

/** `GET /analytics/reports/:id`: 200 only while ready and not expired; otherwise an empty 404. */
export const getReport: Handler = (ctx) => {
  const r = ctx.data.reports.find((x) => x.id === ctx.params.id && x.user === ctx.user.id);
  if (!r || ctx.nowMs < r.readyAtMs || ctx.nowMs >= r.expiresAtMs) throw new HttpError(404, "", true);
  const length = r.end - r.start;
  return json({
    reports: {
      start: r.start,
      end: r.end,
      ...(r.time_zone ? { time_zone: r.time_zone } : {}),
      selected_period: period(ctx, r, r.start, r.end),
      previous_period: period(ctx, r, r.start - length, r.start),
    },
  });
};
