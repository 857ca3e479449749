/**
 * A tool's model-facing description, composed from its record: the description, the usage notes as
 * a list, and the confirmation rule. No imports, so the dashboard bundles the very same function to
 * estimate an edited tool's tokens before it is saved (dashboard/src/views/tool-editor.ts).
 */

/** The parts of a record the description is made of. */
export interface DescribedRecord {
  description: string;
  notes: readonly string[];
  confirm_with_user?: string | null | undefined;
}

/** The `description` a tool's `tools/list` entry carries. */
export function toolDescription(record: DescribedRecord): string {
  const parts = [record.description];
  if (record.notes.length > 0) parts.push(record.notes.map((n) => `- ${n}`).join("\n"));
  if (record.confirm_with_user)
    parts.push(`Confirm with the user before calling: ${record.confirm_with_user}`);
  return parts.join("\n\n");
}
