/**
 * Admin handlers for `/integrated-account/:id/people[/:api_token_id]`: the people who connected
 * their own upstream account on the account's `per_person` URLs (never their tokens), and revoking
 * one (their tokens are deleted; their next sign-in connects again).
 */
import { HttpError } from "../http/errors";
import { getPersonConnection, listPersonConnections } from "../stores/person-connections";
import { forgetPerson } from "../upstream/auth/person";
import { accountOr404 } from "./accounts";
import { listResponse, pageParams } from "./pagination";

/** `GET /integrated-account/:id/people` */
export async function listPeopleHandler(request: Request, env: Env, accountId: string): Promise<Response> {
  await accountOr404(env, accountId);
  const { limit, cursor } = pageParams(new URL(request.url));
  const page = await listPersonConnections(env, accountId, cursor, limit);
  return listResponse(page.items, page.next_cursor);
}

/** `DELETE /integrated-account/:id/people/:api_token_id` */
export async function revokePersonHandler(
  env: Env,
  accountId: string,
  apiTokenId: string,
): Promise<Response> {
  await accountOr404(env, accountId);
  if (!(await getPersonConnection(env, accountId, apiTokenId))) {
    throw new HttpError(404, "not_found", "No connection of this person on this account");
  }
  await forgetPerson(env, accountId, apiTokenId);
  return new Response(null, { status: 204 });
}
