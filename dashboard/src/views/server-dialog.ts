/**
 * The "Create MCP Server" dialog (and its edit twin): name, method/tag filters chosen from the
 * integration's real vocabulary, the API-token switch, an optional expiry in the admin's time
 * zone, the tool exposure, and a live footprint of the choice (tools, tokens, client limits crossed)
 * before the URL is minted. Generate refuses a choice that yields none.
 */
import {
  type Account,
  type AuthMode,
  type CreatedServer,
  enc,
  isAbort,
  type McpServer,
  type SchemaProfile,
  type Tool,
  type ToolExposure,
} from "../api";
import { openDialog } from "../dialog";
import { h, replace } from "../dom";
import { formatRelative, fromLocalInput, plural, timeZone, toLocalInput } from "../format";
import { field, fieldset, setError, showApiError, withBusy } from "../forms";
import type { ViewContext } from "./context";
import { filterPicker, vocabulary } from "./filter-picker";
import { footprintView } from "./footprint";
import { livePreview, type PreviewState } from "./preview";
import { showCreatedServer } from "./server-created";
import { errorSlot, errorState, loading } from "./ui";

/** Lead time the API requires for `expires_at`. */
const MIN_LEAD_MS = 60_000;

/** The access modes (`config.auth`) the dialog offers, in order. */
const AUTH_CHOICES: ReadonlyArray<readonly [AuthMode, string]> = [
  ["none", "URL only"],
  ["api_token", "API token (header)"],
  ["oauth", "OAuth sign-in"],
];

/** Opens the dialog: `existing` edits that server, otherwise a new one is created. */
export function serverDialog(
  ctx: ViewContext,
  account: Account,
  existing: McpServer | undefined,
  onSaved: (server: McpServer, created: boolean) => void,
): void {
  let forget: (() => void) | null = null;
  let disposePreview: (() => void) | null = null;
  const dlg = openDialog({
    title: existing ? `Edit “${existing.name}”` : "Create MCP Server",
    content: loading("the integration's tools"),
    wide: true,
    onClose: () => {
      disposePreview?.();
      forget?.();
      forget = null;
    },
  });
  const start = async () => {
    try {
      const all = await ctx.catalog(account.id);
      if (dlg.dialog.isConnected) buildForm(all);
    } catch (err) {
      if (isAbort(err) || !dlg.dialog.isConnected) return;
      replace(
        dlg.body,
        errorState(err, () => void start()),
      );
    }
  };

  const buildForm = (all: Tool[]) => {
    const nameInput = h("input", {
      type: "text",
      name: "name",
      required: true,
      maxlength: 200,
      placeholder: "e.g. Claude Missive triage",
      value: existing?.name ?? "",
    });
    const name = field(
      "Name",
      nameInput,
      "Shown in this dashboard and used as the server's name in the snippets.",
    );
    const picker = filterPicker(vocabulary(all), () => preview.refresh());
    const current: AuthMode = existing?.config.auth ?? "none";
    const authRadios = AUTH_CHOICES.map(([value, label]) => ({
      value,
      input: h("input", { type: "radio", name: "auth", value, checked: current === value }),
      label,
    }));
    const authChoice = (): AuthMode => authRadios.find((r) => r.input.checked)?.value ?? "none";
    // With OAuth sign-in, each person may bring their own upstream account (config.upstream).
    const perPersonSwitch = h("input", {
      type: "checkbox",
      name: "upstream",
      checked: existing?.config.upstream === "per_person",
    });
    const perPerson = h(
      "label",
      { class: "radio-row", hidden: current !== "oauth" },
      perPersonSwitch,
      h("span", null, `Each person signs in to their own ${account.integration} account`),
    );
    for (const r of authRadios) {
      r.input.addEventListener("change", () => {
        perPerson.hidden = authChoice() !== "oauth";
      });
    }
    const upstreamChoice = () => (authChoice() === "oauth" && perPersonSwitch.checked ? "per_person" : null);
    const apiToken = fieldset(
      "Access",
      [
        ...authRadios.map((r) => h("label", { class: "radio-row" }, r.input, h("span", null, r.label))),
        perPerson,
      ],
      "URL only: the URL is the secret. API token: clients also send Authorization: Bearer <API token> or X-API-Key: <API token>. OAuth sign-in: for ChatGPT and claude.ai, which cannot send headers; a person signs in on a consent page with their API token (create tokens on the API tokens page).",
    );
    const argsSwitch = h("input", {
      type: "checkbox",
      role: "switch",
      name: "log_arguments",
      class: "switch",
      checked: existing?.config.log_arguments === true,
    });
    const logArgs = fieldset(
      "Activity",
      h("label", { class: "switch-row" }, argsSwitch, h("span", null, "Log arguments")),
      "Every call is recorded (tool, outcome, timing, client). When on, its arguments are stored too, with anything that looks secret redacted. They are your customers' data: leave it off unless you need it.",
    );

    const exposureSelect = h(
      "select",
      { name: "tool_exposure" },
      h("option", { value: "all" }, "All tools (every tool listed)"),
      h("option", { value: "auto" }, "Auto (discovery above 40 tools or 12,000 tokens)"),
      h("option", { value: "discovery" }, "Discovery (search_tools, get_tool_schema, call_tool)"),
    );
    // Code mode is offered once the gateway says this deployment can run programs (the preview's
    // `exposures`), or when the server already uses it.
    const offerCode = () => {
      if (exposureSelect.querySelector('option[value="code"]')) return;
      exposureSelect.append(
        h("option", { value: "code" }, "Code (search_functions, run_program: a workflow in one call)"),
      );
    };
    if (existing?.config.tool_exposure === "code") offerCode();
    exposureSelect.value = existing?.config.tool_exposure ?? "all";
    exposureSelect.addEventListener("change", () => preview.refresh());
    const exposure = field(
      "Tool exposure",
      exposureSelect,
      "Discovery lists three small tools and lets the model search the rest: for big surfaces and clients with tool or token limits. Code lets the model run a short program calling the tools in a sandbox, so a workflow takes one call (each run is a billed dynamic Worker).",
    );
    const exposureValue = () => exposureSelect.value as ToolExposure;

    const profileSelect = h(
      "select",
      { name: "schema_profile" },
      h("option", { value: "portable" }, "Portable (Claude, ChatGPT, Gemini, Cursor: every client)"),
      h("option", { value: "openai_strict" }, "OpenAI strict (strict function calling)"),
      h("option", { value: "full" }, "Full (the schemas as documented)"),
    );
    profileSelect.value = existing?.config.schema_profile ?? "portable";
    profileSelect.addEventListener("change", () => preview.refresh());
    const profile = field(
      "Tool schemas",
      profileSelect,
      "Portable works in every major client. Strict lists every argument as required (null when unused) for OpenAI strict mode; full sends JSON Schema as documented, for clients that take all of it. Arguments are checked against the documented schema either way.",
    );
    const profileValue = () => profileSelect.value as SchemaProfile;

    const never = h("input", {
      type: "radio",
      name: "expiry",
      value: "never",
      checked: !existing?.expires_at,
    });
    const at = h("input", { type: "radio", name: "expiry", value: "at", checked: !!existing?.expires_at });
    const when = h("input", {
      type: "datetime-local",
      name: "expires_at",
      "aria-label": `Expiry date and time (${timeZone()})`,
      step: 60,
    });
    const whenHint = h("span", { class: "muted small", "aria-live": "polite" });
    const originalWhen = existing?.expires_at ? toLocalInput(new Date(existing.expires_at)) : "";
    when.value = originalWhen;
    const expiry = fieldset(
      "Expiry",
      [
        h("label", { class: "radio-row" }, never, h("span", null, "Never expires")),
        h("label", { class: "radio-row radio-row-wrap" }, at, h("span", null, "Expires at"), when, whenHint),
      ],
      `In your time zone (${timeZone()}). At least one minute from now; the URL stops working at that moment, for good: an expired URL cannot be extended or revived (extend it before then, or create a new one).`,
    );
    const syncExpiry = () => {
      when.disabled = !at.checked;
      when.min = toLocalInput(new Date(Date.now() + 2 * MIN_LEAD_MS));
      if (at.checked && !when.value) when.value = toLocalInput(new Date(Date.now() + 3_660_000)); // an hour, rounded up
      const d = at.checked ? fromLocalInput(when.value) : null;
      replace(whenHint, d ? formatRelative(d.toISOString()) : "");
    };
    for (const el of [never, at, when])
      el.addEventListener("input", () => {
        setError(expiry, null);
        syncExpiry();
      });
    syncExpiry();

    const count = h("p", { class: "preview-count", id: "tool-count", role: "status", "aria-live": "polite" });
    const footprintSlot = h("div", { class: "footprint-slot", "aria-live": "polite" });
    const general = errorSlot();
    const submit = h(
      "button",
      { type: "submit", class: "button button-primary", "aria-describedby": "tool-count" },
      existing ? "Save changes" : "Generate",
    );
    const renderCount = (s: PreviewState) => {
      count.classList.toggle("preview-count-empty", s.status === "empty");
      if (s.status === "loading") replace(count, "Counting tools…");
      else if (s.status === "ok") replace(count, `This choice yields ${plural(s.tools.length, "tool")}.`);
      else if (s.status === "empty")
        replace(count, `This choice yields no tools, so it cannot be saved. Widen the methods or tags.`);
      else replace(count, `Could not count the tools: ${s.error.message}`);
      replace(footprintSlot, s.status === "ok" && s.footprint ? footprintView(s.footprint) : "");
      if (s.status === "ok" && s.exposures?.includes("code")) offerCode();
      submit.disabled = s.status === "empty";
      if (s.status === "error" && s.error.issues.length)
        showApiError(s.error, { "config.methods": picker.methods, "config.tags": picker.tags }, general);
      else for (const f of [picker.methods, picker.tags]) setError(f, null);
    };
    const preview = livePreview(
      ctx.api,
      account.id,
      () => ({ ...picker.value(), tool_exposure: exposureValue(), schema_profile: profileValue() }),
      renderCount,
    );
    disposePreview = () => preview.dispose();

    const form = h(
      "form",
      { class: "form", novalidate: true },
      name.root,
      h("div", { class: "form-grid" }, picker.methods.root, picker.tags.root),
      exposure.root,
      profile.root,
      apiToken.root,
      logArgs.root,
      expiry.root,
      count,
      footprintSlot,
      general,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "button", class: "button", onclick: () => dlg.close() }, "Cancel"),
        submit,
      ),
    );
    picker.set(existing?.config ?? {});

    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      for (const f of [name, picker.methods, picker.tags, expiry]) setError(f, null);
      general.hidden = true;
      if (!nameInput.value.trim()) {
        setError(name, "Give the server a name.");
        nameInput.focus();
        return;
      }
      let expiresAt: string | null = null;
      if (at.checked) {
        const d = fromLocalInput(when.value);
        if (!d) return setError(expiry, "Pick a date and time, or choose “Never expires”.");
        if (d.getTime() < Date.now() + MIN_LEAD_MS)
          return setError(expiry, "Pick a time at least one minute from now.");
        expiresAt = d.toISOString();
      }
      const filter = picker.value();
      const config = {
        methods: filter.methods ?? null,
        tags: filter.tags ?? null,
        auth: authChoice(),
        upstream: upstreamChoice(),
        log_arguments: argsSwitch.checked,
        // "all" is the default: store it as absent, as the API does when the field is never sent.
        tool_exposure: exposureValue() === "all" ? null : exposureValue(),
        schema_profile: profileValue() === "portable" ? null : profileValue(),
      };
      try {
        if (existing) {
          const expiryChanged = at.checked ? when.value !== originalWhen : existing.expires_at !== null;
          const saved = await withBusy(submit, "Saving…", () =>
            ctx.api.patch<McpServer>(`/integrated-account/${enc(account.id)}/mcp/${enc(existing.id)}`, {
              name: nameInput.value.trim(),
              config,
              ...(expiryChanged ? { expires_at: expiresAt } : {}),
            }),
          );
          dlg.close();
          onSaved(saved, false);
          return;
        }
        const created = await withBusy(submit, "Generating…", () =>
          ctx.api.post<CreatedServer>(`/integrated-account/${enc(account.id)}/mcp`, {
            name: nameInput.value.trim(),
            config: {
              ...(filter.methods ? { methods: filter.methods } : {}),
              ...(filter.tags ? { tags: filter.tags } : {}),
              auth: authChoice(),
              ...(upstreamChoice() ? { upstream: upstreamChoice() } : {}),
              ...(argsSwitch.checked ? { log_arguments: true } : {}),
              ...(exposureValue() === "all" ? {} : { tool_exposure: exposureValue() }),
              ...(profileValue() === "portable" ? {} : { schema_profile: profileValue() }),
            },
            expires_at: expiresAt,
          }),
        );
        disposePreview?.();
        forget = showCreatedServer(dlg, created, authChoice());
        onSaved({ ...created, url: undefined } as McpServer, true);
      } catch (err) {
        showApiError(
          err,
          { name, "config.methods": picker.methods, "config.tags": picker.tags, expires_at: expiry },
          general,
        );
      }
    });
    replace(dlg.body, form);
    nameInput.focus();
    preview.refresh();
  };
  void start();
}
