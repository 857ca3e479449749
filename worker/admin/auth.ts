/**
 * Admin authentication: `Authorization: Bearer <ADMIN_TOKEN>` or an API token with the `admin`
 * scope. Comparisons are constant-time; failures never echo what was sent.
 */
import { HttpError } from "../http/errors";
import { secretsEqual } from "../security/crypto";
import { findApiToken } from "../stores/api-tokens";
import type { ApiTokenScope } from "../stores/records";

/** The bearer credential of a request, or null. */
export function bearer(request: Request): string | null {
  const h = request.headers.get("authorization");
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1] ?? null;
}

/**
 * Throws 401 unless the request carries the admin token or an admin-scoped API token; returns who
 * it is, as recorded in the integrations' history: `admin` (ADMIN_TOKEN) or `api_token:<id>`.
 */
export async function requireAdmin(request: Request, env: Env): Promise<string> {
  const token = bearer(request);
  if (token && env.ADMIN_TOKEN && (await secretsEqual(token, env.ADMIN_TOKEN))) return "admin";
  const found = token ? await findApiToken(env.KV, token) : null;
  if (found?.scopes.includes("admin")) return `api_token:${found.id}`;
  const challenge = { "www-authenticate": 'Bearer realm="edge-mcp admin"' };
  if (found) {
    // A live token without the scope: say so, or its holder keeps guessing at the token itself.
    throw new HttpError(
      403,
      "insufficient_scope",
      `This API token has the ${found.scopes.join(", ")} scope only; the admin API needs ADMIN_TOKEN or an API token with the admin scope`,
      undefined,
      challenge,
    );
  }
  if (!token) {
    throw new HttpError(
      401,
      "unauthorized",
      "Missing admin credentials: send Authorization: Bearer <ADMIN_TOKEN or an admin-scoped API token>",
      undefined,
      challenge,
    );
  }
  throw new HttpError(
    401,
    "unauthorized",
    "Invalid admin credentials: the bearer token is neither ADMIN_TOKEN nor a live API token",
    undefined,
    challenge,
  );
}

/** True when `token` is a live API token carrying `scope`. */
export async function hasScope(env: Env, token: string, scope: ApiTokenScope): Promise<boolean> {
  const found = await findApiToken(env.KV, token);
  return found?.scopes.includes(scope) === true;
}
