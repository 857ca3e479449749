/** Shared wording of activity: outcomes as badges, calls in words. */
import { badge } from "./ui";

/** The outcomes an admin can filter on, in the order of the filter menu. */
export const OUTCOMES: Array<[value: string, label: string]> = [
  ["", "Any outcome"],
  ["ok", "OK"],
  ["error", "Any error or refusal"],
  ["not_found", "not_found"],
  ["invalid_arguments", "invalid_arguments"],
  ["invalid_request", "invalid_request"],
  ["unauthorized", "unauthorized (upstream credentials)"],
  ["forbidden", "forbidden"],
  ["rate_limited", "rate_limited (upstream)"],
  ["gateway_rate_limited", "gateway_rate_limited (this URL's limit)"],
  ["upstream_error", "upstream_error"],
  ["timeout", "timeout"],
  ["result_too_large", "result_too_large"],
  ["unknown_tool", "unknown_tool (incl. filtered out)"],
  ["expired", "expired URL"],
  ["unauthorized_caller", "missing API token"],
];

/** A badge for an outcome: green for ok, amber for refusals and limits, red for failures. */
export function outcomeBadge(outcome: string): HTMLElement {
  if (outcome === "ok") return badge("ok", "ok");
  const soft = ["rate_limited", "gateway_rate_limited", "unknown_tool", "expired", "unauthorized_caller"];
  return badge(outcome, soft.includes(outcome) ? "warn" : "danger");
}
