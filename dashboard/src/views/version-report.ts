/**
 * What a new integration version means, shown after an import, after a tool edit, and on a version's
 * page: tools and tokens, the diff against what was live, the footprint's client warnings, and the
 * import report (per operation: what could not be inferred, what was skipped).
 */
import type { Footprint } from "../api";
import { type Child, h, replace, uid } from "../dom";
import { plural } from "../format";
import { type ImportReport, isImportReport, type ReportOperation, type ToolDiff } from "../integration-types";
import { footprintView } from "./footprint";
import { badge } from "./ui";

const n = (x: number) => x.toLocaleString("en-US");

/** A collapsible titled list (closed unless `open`); nothing when `items` is empty. */
function collapsible(title: string, items: Child[], open = false): HTMLElement | null {
  if (items.length === 0) return null;
  return h(
    "details",
    { class: "collapsible", open },
    h("summary", null, `${title} (${items.length})`),
    h(
      "ul",
      { class: "name-list" },
      items.map((i) => h("li", null, i)),
    ),
  );
}

/** "2 added, 0 removed, 1 changed, 5 unchanged". */
export function diffLine(diff: ToolDiff): string {
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`;
}

/** The diff against what was live: a line, then the added, removed and changed tools as lists. */
export function diffView(diff: ToolDiff): HTMLElement {
  const small = diff.added.length + diff.removed.length + diff.changed.length <= 10;
  return h(
    "div",
    { class: "diff" },
    h("p", { class: "diff-line" }, `Against the live version: ${diffLine(diff)}.`),
    collapsible(
      "Added",
      diff.added.map((t) => h("code", null, t)),
      small,
    ),
    collapsible(
      "Removed",
      diff.removed.map((t) => h("code", null, t)),
      small,
    ),
    collapsible(
      "Changed",
      diff.changed.map((c) => [
        h("code", null, c.tool),
        h("span", { class: "muted" }, ` — ${c.fields.join(", ")}`),
      ]),
      small,
    ),
  );
}

function operationItem(op: ReportOperation): HTMLElement {
  return h(
    "li",
    { class: op.file === null ? "report-op report-op-skipped" : "report-op" },
    h(
      "div",
      { class: "report-op-head" },
      h("code", { class: "tool-http" }, op.http),
      h("span", { class: "muted small" }, op.key),
      op.file === null ? badge("skipped", "danger") : null,
      op.overridden ? badge("overridden", "info", "An entry of the overrides applies to it") : null,
    ),
    op.notes.length
      ? h(
          "ul",
          { class: "report-notes" },
          op.notes.map((note) => h("li", null, note)),
        )
      : null,
  );
}

/** The import report: document notes, unused overrides, and the operations, filterable to the skipped ones. */
export function reportView(report: ImportReport): HTMLElement {
  const skipped = report.operations.filter((o) => o.file === null).length;
  const withNotes = report.operations.filter((o) => o.notes.length > 0).length;
  const list = h("ul", { class: "report-ops", "aria-label": "Operations" });
  const count = h("p", { class: "muted small", role: "status" });
  const only = h("input", { type: "checkbox", id: uid("only-skipped"), disabled: skipped === 0 });
  const draw = () => {
    const shown = only.checked ? report.operations.filter((o) => o.file === null) : report.operations;
    replace(list, shown.map(operationItem));
    replace(count, `Showing ${plural(shown.length, "operation")} of ${report.operations.length}.`);
  };
  only.addEventListener("change", draw);
  draw();
  return h(
    "details",
    { class: "collapsible report" },
    h(
      "summary",
      null,
      `Import report: ${plural(report.operations.length, "operation")}, ${skipped} skipped, ${withNotes} with notes`,
    ),
    report.notes.length
      ? h(
          "ul",
          { class: "report-notes" },
          report.notes.map((note) => h("li", null, note)),
        )
      : null,
    report.unused_overrides.length
      ? h(
          "p",
          { class: "notice notice-warn" },
          "Overrides that matched no operation: ",
          report.unused_overrides.join(", "),
        )
      : null,
    h(
      "div",
      { class: "switch-row" },
      only,
      h("label", { for: only.id }, `Only skipped operations (${skipped})`),
    ),
    count,
    list,
  );
}

/** The parts of a version {@link versionResult} shows. */
export interface VersionFacts {
  version: number;
  tool_count: number;
  tokens: number;
  diff: ToolDiff | null;
  footprint: Footprint | null;
  report: unknown;
}

/** Tools and tokens, the diff, the footprint and (for imports) the report of a version. */
export function versionResult(v: VersionFacts): HTMLElement {
  return h(
    "div",
    { class: "version-result" },
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Version"),
      h("dd", null, String(v.version)),
      h("dt", null, "Tools"),
      h("dd", null, n(v.tool_count)),
      h("dt", null, "Tokens"),
      h("dd", null, `${n(v.tokens)} (estimated, all tools listed)`),
    ),
    v.diff ? diffView(v.diff) : null,
    v.footprint
      ? h(
          "section",
          { "aria-label": "Footprint" },
          h("h3", { class: "subhead" }, "Footprint"),
          footprintView(v.footprint),
        )
      : null,
    isImportReport(v.report) ? reportView(v.report) : null,
  );
}
