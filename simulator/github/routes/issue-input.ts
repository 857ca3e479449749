/**
 * Reading the fields of issue bodies the way GitHub checks them: type errors are 422 `Invalid
 * request` (its JSON-schema message), semantic ones 422 `Validation Failed` with field errors.
 * Unknown label names are created on the repository, as GitHub does for users with push access.
 */
import { GithubError, isObject } from "../http.js";
import { findAccount, type GithubData, type Repo } from "../model.js";
import { canPush } from "../visibility.js";
import { type Call, invalidRequest } from "./shared.js";

/** The title (string or integer), or 422 `missing_field` when absent or empty. */
export function readTitle(call: Call, value: unknown): string {
  if (value === undefined || value === null || value === "") {
    throw new GithubError(422, "Validation Failed", call.docs, [
      { resource: "Issue", code: "missing_field", field: "title" },
    ]);
  }
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value !== "string") {
    throw invalidRequest(
      call,
      `For 'properties/title', ${JSON.stringify(value)} is not a string or integer.`,
    );
  }
  return value;
}

/** An optional string (`body`), null allowed. */
export function readText(call: Call, name: string, value: unknown): string | null | undefined {
  if (value === undefined || value === null || typeof value === "string") return value;
  throw invalidRequest(call, `For 'properties/${name}', ${JSON.stringify(value)} is not a string or null.`);
}

/** The assignees of `assignees` (and the older single `assignee`), each able to be assigned. */
export function readAssignees(
  call: Call,
  data: GithubData,
  repo: Repo,
  assignees: unknown,
  assignee: unknown,
): string[] | undefined {
  if (assignees === undefined && assignee === undefined) return undefined;
  const list: unknown[] = [];
  if (assignees !== undefined && assignees !== null) {
    if (!Array.isArray(assignees)) {
      throw invalidRequest(call, `For 'properties/assignees', ${JSON.stringify(assignees)} is not an array.`);
    }
    list.push(...assignees);
  }
  if (typeof assignee === "string" && assignee !== "") list.push(assignee);
  const logins: string[] = [];
  for (const item of list) {
    const account = typeof item === "string" ? findAccount(data, item) : undefined;
    if (account?.type !== "User" || !canPush(account, repo)) {
      throw new GithubError(422, "Validation Failed", call.docs, [
        { resource: "Issue", field: "assignees", code: "invalid", value: item },
      ]);
    }
    if (!logins.includes(account.login)) logins.push(account.login);
  }
  return logins;
}

/** The label ids of `labels` (names or `{name}` objects), creating unknown names on the repository. */
export function readLabels(call: Call, data: GithubData, repo: Repo, labels: unknown): number[] | undefined {
  if (labels === undefined || labels === null) return undefined;
  if (!Array.isArray(labels)) {
    throw invalidRequest(call, `For 'properties/labels', ${JSON.stringify(labels)} is not an array.`);
  }
  const ids: number[] = [];
  for (const item of labels) {
    const name = typeof item === "string" ? item : isObject(item) ? item.name : undefined;
    if (typeof name !== "string" || name.trim() === "") {
      throw new GithubError(422, "Validation Failed", call.docs, [
        { resource: "Label", field: "name", code: "missing_field" },
      ]);
    }
    let found = repo.labels.find((l) => l.name.toLowerCase() === name.trim().toLowerCase());
    if (!found) {
      found = {
        id: data.nextId.label++,
        name: name.trim(),
        color: "ededed",
        description: null,
        isDefault: false,
      };
      repo.labels.push(found);
    }
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

/** `milestone`: this simulator has none, so any number is 422 `invalid` (null clears). */
export function checkMilestone(call: Call, value: unknown): void {
  if (value === undefined || value === null) return;
  throw new GithubError(422, "Validation Failed", call.docs, [
    { resource: "Issue", field: "milestone", code: "invalid", value },
  ]);
}
