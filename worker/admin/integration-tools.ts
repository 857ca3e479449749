/**
 * `GET /integrations/:name/versions/:version/tools`: the tools of one version as the dashboard's tool
 * editor needs them — the record's own description and usage notes (what `PATCH …/tools/:tool`
 * edits), the composed `tools/list` entry and its estimated tokens, so the editor can re-estimate an
 * edit with the Worker's own estimator before anything is saved.
 */
import { fetchSnapshot } from "../integrations/registry";
import { versionOr404 } from "../integrations/versions";
import { catalog } from "../tools/catalog";
import { toolDefinition } from "../tools/definition";
import { toolTokens } from "../tools/footprint";
import type { VersionToolView } from "./views";

/** `GET /integrations/:name/versions/:version/tools` → `{integration, version, result, next_cursor: null}`. */
export async function listVersionToolsHandler(env: Env, name: string, version: string): Promise<Response> {
  const row = await versionOr404(env, name, version);
  const snapshot = await fetchSnapshot(env, row.hash);
  const result = catalog(snapshot).tools.map(
    (t): VersionToolView => ({
      name: t.name,
      title: t.title,
      description: t.record.description,
      notes: t.record.notes,
      confirm_with_user: t.record.confirm_with_user ?? null,
      method: t.method,
      access: t.access,
      tags: t.tags,
      http: t.record.http,
      annotations: t.annotations,
      tokens: toolTokens(t),
      definition: toolDefinition(t),
    }),
  );
  return Response.json({ integration: name, version: row.version, result, next_cursor: null });
}
