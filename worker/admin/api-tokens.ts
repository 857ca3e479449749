/** Admin handlers for `/api-token[/:id]`. */
import { readJsonBody } from "../http/body";
import { HttpError } from "../http/errors";
import { createApiToken, deleteApiToken, listApiTokens } from "../stores/api-tokens";
import { accountsOfPerson } from "../stores/person-connections";
import { forgetPerson } from "../upstream/auth/person";
import { listResponse, pageParams } from "./pagination";
import { CreateApiTokenBody, parseBody } from "./schemas";

/** `POST /api-token` → 201 with `token`, shown only here. */
export async function createApiTokenHandler(request: Request, env: Env): Promise<Response> {
  const body = parseBody(CreateApiTokenBody, await readJsonBody(request));
  const { view, token } = await createApiToken(env.KV, body.name, [...new Set(body.scopes)]);
  return Response.json({ ...view, token }, { status: 201, headers: { "cache-control": "no-store" } });
}

/** `GET /api-token` */
export async function listApiTokensHandler(request: Request, env: Env): Promise<Response> {
  const { limit, cursor } = pageParams(new URL(request.url));
  const page = await listApiTokens(env.KV, cursor, limit);
  return listResponse(page.items, page.next_cursor);
}

/** `DELETE /api-token/:id` */
export async function deleteApiTokenHandler(env: Env, id: string): Promise<Response> {
  if (!(await deleteApiToken(env.KV, id))) throw new HttpError(404, "not_found", "API token not found");
  // The person's own upstream connections (per_person URLs) go with their API token.
  for (const accountId of await accountsOfPerson(env, id)) await forgetPerson(env, accountId, id);
  return new Response(null, { status: 204 });
}
