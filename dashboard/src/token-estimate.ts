/**
 * An edited tool's tokens, estimated in the browser with the Worker's own estimator and description
 * composer (bundled from worker/), so the number shown before saving is the number the Worker reports
 * after: the tool's `tools/list` entry with the new description, as JSON, through `estimateTokens`.
 */
import { estimateTokens } from "../../worker/integrations/tokens";
import { toolDescription } from "../../worker/tools/description";
import type { VersionTool } from "./integration-types";

/** What the tool editor changes. */
export interface ToolTextEdit {
  description: string;
  notes: string[];
}

/** Estimated o200k tokens of `tool`'s `tools/list` entry once `edit` is applied. */
export function editedToolTokens(tool: VersionTool, edit: ToolTextEdit): number {
  const description = toolDescription({ ...edit, confirm_with_user: tool.confirm_with_user });
  return estimateTokens(JSON.stringify({ ...tool.definition, description }));
}
