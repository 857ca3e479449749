/**
 * Removing an MCP server as the admin API does it: the server (its Durable Object, its token and
 * index records, through worker/stores/servers.ts), then its OAuth grants (worker/oauth/grants.ts).
 * The two live here, above both, so the server store never imports OAuth (which reads the store).
 */
import { revokeAllServerGrants } from "../oauth/grants";
import { deleteServer } from "../stores/servers";

/** Deletes a server; its URL stops resolving at once, and its OAuth grants are revoked. */
export async function removeServer(env: Env, serverId: string): Promise<boolean> {
  const deleted = await deleteServer(env, serverId);
  await revokeAllServerGrants(env, serverId);
  return deleted;
}
