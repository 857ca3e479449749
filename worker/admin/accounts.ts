/** Admin handlers for `/integrated-account[/:id]` and the tool preview. */
import { now } from "../clock";
import { readJsonBody } from "../http/body";
import { HttpError } from "../http/errors";
import { requirePublished } from "../integrations/registry";
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

/** `POST /integrated-account` */
export async function createAccountHandler(request: Request, env: Env): Promise<Response> {
  const body = parseBody(CreateAccountBody, await readJsonBody(request));
  const snapshot = await requirePublished(env, body.integration, now());
  const { verify, ...input } = body;
  if (verify !== false) await verifyCredentials(env, snapshot.integration, input.credentials.api_token);
  return Response.json(await createAccount(env, input), { status: 201 });
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
  if (patch.credentials && verify !== false) {
    const snapshot = await requirePublished(env, account.integration, now());
    await verifyCredentials(env, snapshot.integration, patch.credentials.api_token);
  }
  return Response.json(await updateAccount(env, account, patch));
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
