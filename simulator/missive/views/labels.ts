/**
 * Shared label output. `name_with_parent_names` joins the ancestors with " / ", the form our workflows
 * look up (e.g. "Support / Urgent"); the docs' example shows a bare "/".
 */
import type { SharedLabel } from "../model";
import type { SimulatorData } from "../state";

/** Separator between a label and its ancestors in `name_with_parent_names`. */
export const LABEL_PATH_SEPARATOR = " / ";

/** The full path of a label, root first. Guards against cycles. */
export function labelPath(data: SimulatorData, label: SharedLabel): string {
  const names = [label.name];
  const seen = new Set([label.id]);
  let parent = label.parent ? data.sharedLabels.find((l) => l.id === label.parent) : undefined;
  while (parent && !seen.has(parent.id)) {
    names.unshift(parent.name);
    seen.add(parent.id);
    const next = parent.parent;
    parent = next ? data.sharedLabels.find((l) => l.id === next) : undefined;
  }
  return names.join(LABEL_PATH_SEPARATOR);
}

/** The label JSON of list, create and update answers. */
export function labelView(data: SimulatorData, label: SharedLabel): Record<string, unknown> {
  return {
    id: label.id,
    name: label.name,
    name_with_parent_names: labelPath(data, label),
    color: label.color,
    parent: label.parent,
    organization: label.organization,
    visibility: label.visibility,
    share_with_organization: label.share_with_organization,
    share_with_team: label.share_with_team,
    share_with_users: label.share_with_users,
  };
}
