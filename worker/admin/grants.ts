/** Admin handlers for `/integrated-account/:id/mcp/:mcp_id/grants[/:grant_id]`: a server's OAuth grants. */
import { HttpError } from "../http/errors";
import { listServerGrants, revokeServerGrant } from "../oauth/grants";
import { getServer } from "../stores/servers";
import { forgetPerson } from "../upstream/auth/person";
import { listResponse, pageParams } from "./pagination";

async function serverOr404(env: Env, accountId: string, serverId: string) {
  const server = await getServer(env, accountId, serverId);
  if (!server) throw new HttpError(404, "not_found", "MCP server not found");
  return server;
}

/** `GET …/grants` — the server's live grants: who signed in, from which app, until when. */
export async function listGrantsHandler(
  request: Request,
  env: Env,
  accountId: string,
  serverId: string,
): Promise<Response> {
  await serverOr404(env, accountId, serverId);
  const { limit, cursor } = pageParams(new URL(request.url));
  const page = await listServerGrants(env, serverId, cursor, limit);
  return listResponse(page.items, page.next_cursor);
}

/** `DELETE …/grants/:grant_id` — revokes the grant and every token issued from it. */
export async function revokeGrantHandler(
  env: Env,
  accountId: string,
  serverId: string,
  grantId: string,
): Promise<Response> {
  const server = await serverOr404(env, accountId, serverId);
  const revoked = await revokeServerGrant(env, serverId, grantId);
  if (!revoked) throw new HttpError(404, "not_found", "Grant not found");
  // On a per_person URL, the person's own upstream connection goes with their grant.
  if (server.config.upstream === "per_person" && revoked.api_token_id) {
    await forgetPerson(env, accountId, revoked.api_token_id);
  }
  return new Response(null, { status: 204 });
}
