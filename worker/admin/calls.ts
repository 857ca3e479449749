/**
 * Admin handlers for activity: `GET /integrated-account/:id/calls` and
 * `GET /integrated-account/:id/mcp/:mcp_id/calls`, newest first, filtered and cursor-paged.
 */
import * as z from "zod";
import { type CallFilters, listCalls } from "../activity/queries";
import { HttpError } from "../http/errors";
import { CALL_OUTCOMES } from "../tools/error-kinds";
import { accountOr404 } from "./accounts";
import { listResponse, pageParams } from "./pagination";
import { parseBody } from "./schemas";
import { serverOr404 } from "./servers";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });

/** The query filters of a calls listing. */
export const CallsQuery = z.strictObject({
  since: instant.optional(),
  until: instant.optional(),
  tool: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,200}$/)
    .optional(),
  outcome: z
    .enum(["error", ...CALL_OUTCOMES] as [string, ...string[]], {
      message: `must be ok, error, or one of: ${CALL_OUTCOMES.filter((o) => o !== "ok").join(", ")}`,
    })
    .optional(),
  client: z.string().min(1).max(200).optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
});

function filtersOf(url: URL): CallFilters {
  const q = parseBody(CallsQuery, Object.fromEntries(url.searchParams), "query");
  const since = q.since ? Date.parse(q.since) : undefined;
  const until = q.until ? Date.parse(q.until) : undefined;
  if (since !== undefined && until !== undefined && since >= until)
    throw new HttpError(400, "invalid_request", "since must be before until", { field: "since" });
  return { since, until, tool: q.tool, outcome: q.outcome, client: q.client };
}

/** `GET /integrated-account/:id/calls` */
export async function listAccountCallsHandler(request: Request, env: Env, accountId: string) {
  await accountOr404(env, accountId);
  const url = new URL(request.url);
  const filters = filtersOf(url);
  const page = await listCalls(env.ACTIVITY, { account_id: accountId }, filters, pageParams(url));
  return listResponse(page.items, page.next_cursor);
}

/** `GET /integrated-account/:id/mcp/:mcp_id/calls` */
export async function listServerCallsHandler(
  request: Request,
  env: Env,
  accountId: string,
  serverId: string,
) {
  await serverOr404(env, accountId, serverId);
  const url = new URL(request.url);
  const filters = filtersOf(url);
  const scope = { account_id: accountId, server_id: serverId };
  const page = await listCalls(env.ACTIVITY, scope, filters, pageParams(url));
  return listResponse(page.items, page.next_cursor);
}
