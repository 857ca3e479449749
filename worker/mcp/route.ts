/** Method dispatch on `/mcp/<token>`: POST is Streamable HTTP; GET and DELETE have no session to serve. */
import { corsHeaders } from "../http/cors";
import { jsonRpcErrorResponse } from "../http/errors";
import { authorizeMcp, serveStreamableHttp } from "./endpoint";

/** Handles every method but OPTIONS on `/mcp/<token>`. */
export async function mcpRoute(request: Request, env: Env, token: string): Promise<Response> {
  const auth = await authorizeMcp(request, env, token);
  if (auth instanceof Response) return auth;
  if (request.method === "POST") return serveStreamableHttp(request, env, auth.record);
  return jsonRpcErrorResponse(405, -32000, "Method not allowed.", {
    headers: { ...corsHeaders(request), allow: "POST, OPTIONS" },
  });
}
