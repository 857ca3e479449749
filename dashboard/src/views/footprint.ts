/**
 * The footprint of a filter choice, shown in the create/edit dialog before the URL is minted: how
 * many tools, how many tokens every conversation pays for them, what the exposure lists, and which
 * client limits it crosses (with the client named).
 */
import type { Footprint } from "../api";
import { h } from "../dom";
import { plural } from "../format";

const n = (x: number) => x.toLocaleString("en-US");

/** One line summing the surface, e.g. "42 tools, 11,480 tokens; lists 3 discovery tools (612 tokens)". */
export function footprintLine(fp: Footprint): string {
  const surface = `${plural(fp.tool_count, "tool")}, ${n(fp.tokens_total)} tokens`;
  if (fp.effective_exposure === "code")
    return `${surface}. Exposure code: clients see ${plural(fp.listed.tool_count, "tool")} (${n(fp.listed.tokens)} tokens), search functions and run programs calling them.`;
  if (fp.effective_exposure === "discovery")
    return `${surface}. Exposure ${fp.exposure}: clients see ${plural(fp.listed.tool_count, "discovery tool")} (${n(fp.listed.tokens)} tokens) and search the rest.`;
  return `${surface}, all listed to clients.`;
}

/** Each schema profile's tokens, e.g. "Schemas: portable 11,974 · OpenAI strict 15,210 · full 12,001 tokens". */
export function profileLine(fp: Footprint): string {
  const t = fp.tokens_by_profile;
  return `Schemas: portable ${n(t.portable)} · OpenAI strict ${n(t.openai_strict)} · full ${n(t.full)} tokens.`;
}

/** The footprint block: the line, each profile's tokens, the warnings and the suggestion. */
export function footprintView(fp: Footprint): HTMLElement {
  return h(
    "div",
    { class: "footprint" },
    h("p", { class: "footprint-line" }, footprintLine(fp)),
    h("p", { class: "footprint-profiles muted small" }, profileLine(fp)),
    fp.warnings.length
      ? h(
          "ul",
          { class: "footprint-warnings", "aria-label": "Client limits crossed" },
          fp.warnings.map((w) => h("li", null, h("strong", null, `${w.client} (${w.limit}): `), w.message)),
        )
      : h("p", { class: "muted small" }, "Within the known limits of ChatGPT, Cursor and Claude."),
    fp.suggestion ? h("p", { class: "footprint-suggestion" }, fp.suggestion) : "",
  );
}
