/**
 * "Import an API": a name and an OpenAPI document (chosen as a file, read in the browser, or pasted),
 * optional overrides, → `POST /integrations`. The new version's tools, tokens, diff, footprint and
 * import report follow, with Publish this version / Keep as draft. Nothing is live until published.
 */
import { detailIssues, isAbort } from "../api";
import { h, replace } from "../dom";
import { field, setError, showApiError, withBusy } from "../forms";
import type { CreatedVersion } from "../integration-types";
import { href, navigate } from "../router";
import type { ViewContext } from "./context";
import { publishVersion } from "./integration-publish";
import { errorSlot, pageHeader } from "./ui";
import { versionResult } from "./version-report";

const NAME = /^[a-z][a-z0-9]*$/;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Shows an API failure next to the fields it names, and an import's list of problems under it. */
function showImportError(
  err: unknown,
  fields: Parameters<typeof showApiError>[1],
  general: HTMLElement,
): void {
  showApiError(err, fields, general);
  const issues = detailIssues(err);
  if (issues.length === 0) return;
  general.hidden = false;
  replace(
    general,
    h("span", { class: "form-error-title" }, err instanceof Error ? err.message : "The import failed."),
    h(
      "ul",
      { class: "issue-list" },
      issues.map((i) => h("li", null, i)),
    ),
  );
}

/** Renders the import page. */
export function renderIntegrationImport(root: HTMLElement, ctx: ViewContext): void {
  const nameEl = h("input", {
    type: "text",
    name: "name",
    required: true,
    maxlength: 40,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "e.g. acmetasks",
  });
  const name = field(
    "Name",
    nameEl,
    "Lowercase letters and digits, starting with a letter; it begins every tool's name. An existing name gets a new version.",
  );
  const fileEl = h("input", {
    type: "file",
    name: "file",
    accept: ".json,.yaml,.yml,application/json,application/yaml",
  });
  const fileStatus = h("p", { class: "field-hint", role: "status" });
  const file = field(
    "OpenAPI document file",
    fileEl,
    "JSON or YAML, OpenAPI 3.0 or 3.1. Read here, in the browser.",
  );
  const docEl = h("textarea", {
    name: "openapi",
    rows: 12,
    class: "code-input",
    spellcheck: "false",
    placeholder: '{"openapi": "3.1.0", "info": {…}, "servers": [{"url": "https://…"}], "paths": {…}}',
  });
  const doc = field("Or paste the document", docEl);
  const overridesEl = h("textarea", { name: "overrides", rows: 6, class: "code-input", spellcheck: "false" });
  const overrides = field(
    "Overrides (JSON)",
    overridesEl,
    "Refinements in the overrides.json format of the docs' “Adding an integration”: names, descriptions, notes, operations to skip.",
  );
  fileEl.addEventListener("change", () => {
    const chosen = fileEl.files?.[0];
    if (!chosen) return;
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      docEl.value = typeof reader.result === "string" ? reader.result : "";
      replace(fileStatus, `Read ${chosen.name} (${kib(chosen.size)}) into the box below.`);
      setError(doc, null);
      if (!nameEl.value)
        nameEl.value = chosen.name
          .toLowerCase()
          .replace(/\.[a-z]+$/, "")
          .replace(/[^a-z0-9]/g, "");
    });
    reader.addEventListener("error", () => setError(file, `Could not read ${chosen.name}.`));
    reader.readAsText(chosen);
  });
  file.root.append(fileStatus);
  const general = errorSlot();
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Import");
  const result = h("section", { "aria-live": "polite", "aria-label": "Import result" });
  const form = h(
    "form",
    { class: "form card", novalidate: true },
    name.root,
    file.root,
    doc.root,
    h("details", { class: "collapsible" }, h("summary", null, "Overrides (optional)"), overrides.root),
    general,
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const f of [name, file, doc, overrides]) setError(f, null);
    general.hidden = true;
    const integration = nameEl.value.trim();
    if (!NAME.test(integration))
      return setError(name, "Use lowercase letters and digits, starting with a letter (e.g. acmetasks).");
    if (!docEl.value.trim()) return setError(doc, "Choose a file or paste the OpenAPI document.");
    let parsedOverrides: unknown;
    if (overridesEl.value.trim()) {
      try {
        parsedOverrides = JSON.parse(overridesEl.value);
      } catch {
        (form.querySelector("details") as HTMLDetailsElement).open = true;
        return setError(overrides, "This is not valid JSON.");
      }
    }
    replace(result);
    try {
      const created = await withBusy(submit, "Importing…", () =>
        ctx.api.post<CreatedVersion>("/integrations", {
          name: integration,
          openapi: docEl.value,
          ...(parsedOverrides === undefined ? {} : { overrides: parsedOverrides }),
        }),
      );
      showResult(created);
    } catch (err) {
      if (isAbort(err)) return;
      showImportError(err, { name, openapi: doc, overrides }, general);
    }
  });

  const showResult = (created: CreatedVersion) => {
    const slot = errorSlot();
    const notice = h("p", { class: "notice notice-warn", role: "alert", hidden: true });
    const isLive = created.published_version === created.version;
    const publish = h("button", { type: "button", class: "button button-primary" }, "Publish this version");
    publish.addEventListener("click", () =>
      // Just made: published at once, without a revision to check (nothing else changes meanwhile
      // but another publish, which this one then replaces, as its author intends).
      publishVersion(
        ctx,
        {
          name: created.name,
          title: created.name,
          published_version: created.published_version,
          revision: null,
        },
        created.version,
        {
          onDone: (r) => {
            ctx.announce(`Version ${r.published_version} of ${created.name} is live.`);
            navigate({ page: "integration", name: created.name });
          },
          onConflict: (message) => {
            notice.hidden = false;
            replace(notice, message);
          },
          errorSlot: slot,
        },
        publish,
      ),
    );
    replace(
      result,
      h(
        "div",
        { class: "card" },
        h(
          "h2",
          { class: "card-title" },
          created.created
            ? `Version ${created.version} of ${created.name} created`
            : `Same content as version ${created.version} of ${created.name}: nothing new was stored`,
        ),
        h(
          "p",
          { class: "muted" },
          isLive
            ? "This version is live."
            : "A draft: accounts keep the live version until you publish this one. Check the report first.",
        ),
        versionResult(created),
        notice,
        slot,
        h(
          "div",
          { class: "form-actions" },
          h(
            "a",
            { class: "button", href: href({ page: "integration", name: created.name }) },
            isLive ? "Open the integration" : "Keep as draft",
          ),
          isLive ? null : publish,
        ),
      ),
    );
    result.scrollIntoView({ block: "start" });
  };

  replace(
    root,
    h(
      "nav",
      { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
      h("a", { href: href({ page: "integrations" }) }, "Integrations"),
      h("span", { "aria-current": "page" }, "Import an API"),
    ),
    pageHeader(
      "Import an API",
      "From its OpenAPI document: one tool per operation. Nothing is live until you publish a version.",
    ),
    form,
    result,
  );
  nameEl.focus();
}
