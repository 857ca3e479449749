/** Admin handlers for `/integrated-account[/:id]` and the tool preview. */
import { now } from "../clock";
import { readJsonBody } from "../http/body";
import { HttpError } from "../http/errors";
import { requirePublished } from "../integrations/registry";
import type { Integration } from "../integrations/schema";
import { codeLoader } from "../mcp/code-mode";
import {
  accountView,
  createAccount,
  deleteAccountRecord,
  getAccount,
  listAccounts,
  updateAccount,
} from "../stores/accounts";
import type { AccountRecord } from "../stores/records";
import { allServerIds } from "../stores/servers";
import { toolsForConfig } from "../tools/catalog";
import { footprint } from "../tools/footprint";
import { clientConfigFor, OAuthSetupError } from "../upstream/auth/config";
import { startConnect } from "../upstream/auth/connect";
import { forgetCredential, upstreamAuth } from "../upstream/auth/credential";
import { authMethods } from "../upstream/auth/methods";
import { verifyCredentials } from "../upstream/verify";
import { listResponse, pageParams } from "./pagination";
import { removeServer } from "./remove-server";
import { CreateAccountBody, PatchAccountBody, PreviewQuery, parseBody } from "./schemas";

/** Loads an account or throws 404. */
export async function accountOr404(env: Env, id: string): Promise<AccountRecord> {
  const account = await getAccount(env, id);
  if (!account) throw new HttpError(404, "not_found", "Integrated account not found");
  return account;
}

/**
 * `POST /integrated-account` — with pasted credentials (verified unless `verify: false`), or with
 * `auth: "oauth2"`: then the account is `pending` and the answer carries its single-use `connect_url`.
 */
export async function createAccountHandler(request: Request, env: Env): Promise<Response> {
  const body = parseBody(CreateAccountBody, await readJsonBody(request));
  const snapshot = await requirePublished(env, body.integration, now());
  const auth = body.auth ?? "api_token";
  if (!authMethods(snapshot.integration).some((m) => m.type === auth)) {
    throw new HttpError(
      400,
      "auth_method_unsupported",
      `${snapshot.integration.title} does not connect by ${auth}`,
      {
        field: "auth",
        supported: authMethods(snapshot.integration).map((m) => m.type),
      },
    );
  }
  if (!body.credentials) {
    await clientConfigOr409(env, snapshot.integration);
    const view = await createAccount(env, { integration: body.integration, name: body.name, auth: "oauth2" });
    const account = await accountOr404(env, view.id);
    const link = await startConnect(env, account, snapshot.integration, new URL(request.url).origin);
    return Response.json({ ...view, ...link }, { status: 201 });
  }
  if (body.verify !== false) await verifyCredentials(env, snapshot.integration, body.credentials.api_token);
  return Response.json(
    await createAccount(env, {
      integration: body.integration,
      name: body.name,
      credentials: body.credentials,
    }),
    { status: 201 },
  );
}

/** 409 naming what is missing when the integration cannot connect by OAuth in this deployment. */
async function clientConfigOr409(env: Env, integration: Integration): Promise<void> {
  try {
    await clientConfigFor(env, integration);
  } catch (e) {
    if (e instanceof OAuthSetupError) throw new HttpError(409, e.code, e.message);
    throw e;
  }
}

/**
 * `POST /integrated-account/:id/connect` — a new connect URL for an OAuth account (pending, or
 * needing a reconnect, or to switch who it acts as): same id, same MCP URLs; the old link stops working.
 */
export async function connectAccountHandler(request: Request, env: Env, id: string): Promise<Response> {
  const account = await accountOr404(env, id);
  if (account.auth !== "oauth2") {
    throw new HttpError(
      409,
      "not_oauth",
      "This account connects with an API token: rotate it with PATCH credentials",
    );
  }
  const snapshot = await requirePublished(env, account.integration, now());
  const link = await startConnect(env, account, snapshot.integration, new URL(request.url).origin);
  return Response.json({ ...accountView(account), ...link });
}

/** `GET /integrated-account` */
export async function listAccountsHandler(request: Request, env: Env): Promise<Response> {
  const { limit, cursor } = pageParams(new URL(request.url));
  const page = await listAccounts(env, cursor, limit);
  return listResponse(page.items, page.next_cursor);
}

/** `GET /integrated-account/:id` */
export async function getAccountHandler(env: Env, id: string): Promise<Response> {
  return Response.json(accountView(await accountOr404(env, id)));
}

/** `PATCH /integrated-account/:id` — rename, rotate credentials. */
export async function patchAccountHandler(request: Request, env: Env, id: string): Promise<Response> {
  const account = await accountOr404(env, id);
  const { verify, ...patch } = parseBody(PatchAccountBody, await readJsonBody(request));
  if (patch.credentials && account.auth === "oauth2") {
    throw new HttpError(
      409,
      "oauth_account",
      "This account connects by OAuth: reconnect it (POST /integrated-account/:id/connect) instead",
    );
  }
  if (patch.credentials && verify !== false) {
    const snapshot = await requirePublished(env, account.integration, now());
    await verifyCredentials(env, snapshot.integration, patch.credentials.api_token);
  }
  const updated = await updateAccount(env, account, patch);
  forgetCredential(id);
  return Response.json(updated);
}

/**
 * `DELETE /integrated-account/:id` — removes the account record, then every MCP server of it, so
 * their URLs die. The record goes first: a server being created concurrently re-checks the account
 * after it is stored and removes itself (worker/admin/servers.ts), and one stored before the check
 * is in the index swept here. If a server cannot be deleted the answer is 503 and a repeated DELETE
 * sweeps what is left (it answers 404 only once neither the account nor any server remains).
 */
export async function deleteAccountHandler(env: Env, id: string): Promise<Response> {
  const account = await getAccount(env, id);
  if (account) await deleteAccountRecord(env, id);
  forgetCredential(id);
  // Its upstream tokens go with it (a no-op for an API-token account, whose object was never used).
  if (account?.auth === "oauth2") await upstreamAuth(env, id).forget();
  const servers = await allServerIds(env, id);
  if (!account && servers.length === 0) throw new HttpError(404, "not_found", "Integrated account not found");
  const outcomes = await Promise.allSettled(servers.map((s) => removeServer(env, s)));
  const failed = outcomes.filter((o) => o.status === "rejected").length;
  if (failed > 0) {
    throw new HttpError(
      503,
      "delete_incomplete",
      `The account is deleted but ${failed} of its MCP servers could not be; repeat the DELETE to remove them.`,
    );
  }
  return new Response(null, { status: 204 });
}

/** `GET /integrated-account/:id/tools?methods=…&tags=…&exclude_tools=…` — the tools a filter yields. */
export async function previewToolsHandler(request: Request, env: Env, id: string): Promise<Response> {
  const account = await accountOr404(env, id);
  const url = new URL(request.url);
  const list = (k: string) => {
    const v = url.searchParams
      .getAll(k)
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean);
    return v.length ? v : undefined;
  };
  const { tool_exposure: exposure, schema_profile: profile } = parseBody(PreviewQuery, {
    ...(url.searchParams.has("tool_exposure")
      ? { tool_exposure: url.searchParams.get("tool_exposure") }
      : {}),
    ...(url.searchParams.has("schema_profile")
      ? { schema_profile: url.searchParams.get("schema_profile") }
      : {}),
  });
  const snapshot = await requirePublished(env, account.integration, now());
  const tools = toolsForConfig(snapshot, {
    methods: list("methods"),
    tags: list("tags"),
    exclude_tools: list("exclude_tools"),
  });
  return Response.json({
    result: tools.map((t) => ({
      name: t.name,
      listed_name: t.listedName,
      title: t.title,
      description: t.description,
      method: t.method,
      access: t.access,
      tags: t.tags,
      http: t.record.http,
      annotations: t.annotations,
      inputSchema: t.inputSchema,
    })),
    next_cursor: null,
    footprint: footprint(tools, exposure, profile),
    exposures: codeLoader(env) ? ["all", "auto", "discovery", "code"] : ["all", "auto", "discovery"],
  });
}
