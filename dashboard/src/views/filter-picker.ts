/**
 * The method/tag filter controls shared by the Tools tab and the MCP server dialog. The choices
 * come from the integration's real tools (the unfiltered preview), never from a hard-coded list.
 */
import type { Tool } from "../api";
import { h } from "../dom";
import { type Field, fieldset } from "../forms";

/** A filter as the admin API takes it: an absent list means "all". */
export interface Filter {
  methods?: string[];
  tags?: string[];
}

/** The method groups of `config.methods` (see worker/tools/method-kinds.ts). */
const CRUD = ["list", "get", "create", "update", "delete"];
const GROUPS: Array<{ value: string; label: string; covers: (m: string) => boolean }> = [
  { value: "read", label: "Read", covers: (m) => m === "get" || m === "list" },
  { value: "write", label: "Write", covers: (m) => m === "create" || m === "update" || m === "delete" },
  { value: "custom", label: "Custom", covers: (m) => !CRUD.includes(m) },
];

/** What the controls can offer, derived from the unfiltered tool list. */
export interface Vocabulary {
  methods: string[];
  tags: Array<{ tag: string; count: number }>;
}

/** The methods and tags an integration's tools use. */
export function vocabulary(tools: Tool[]): Vocabulary {
  const methods = [...new Set(tools.map((t) => t.method))].sort(
    (a, b) => (CRUD.indexOf(a) + 1 || 99) - (CRUD.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const counts = new Map<string, number>();
  for (const t of tools) for (const tag of t.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const tags = [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag));
  return { methods, tags };
}

/** The filter controls. */
export interface FilterPicker {
  methods: Field;
  tags: Field;
  value(): Filter;
  set(filter: Filter): void;
}

function checkbox(name: string, value: string, label: string, detail: string | null, onChange: () => void) {
  const input = h("input", { type: "checkbox", name, value, onchange: onChange });
  return {
    input,
    el: h(
      "label",
      { class: "chip" },
      input,
      h("span", null, label),
      detail ? h("span", { class: "chip-detail" }, detail) : null,
    ),
  };
}

/** Builds the method and tag fieldsets; `onChange` fires on every toggle. */
export function filterPicker(vocab: Vocabulary, onChange: () => void): FilterPicker {
  const groups = GROUPS.map((g) => ({ g, covered: vocab.methods.filter(g.covers) }))
    .filter((x) => x.covered.length > 0)
    .map(({ g, covered }) => checkbox("method-group", g.value, g.label, covered.join(", "), onChange));
  const exact = vocab.methods.map((m) => checkbox("method", m, m, null, onChange));
  const tags = vocab.tags.map(({ tag, count }) => checkbox("tag", tag, tag, String(count), onChange));

  const methods = fieldset(
    "Methods",
    [
      h(
        "div",
        { class: "chips" },
        groups.map((c) => c.el),
      ),
      h("p", { class: "subhead" }, "Exact methods"),
      h(
        "div",
        { class: "chips" },
        exact.map((c) => c.el),
      ),
    ],
    "Read = every method that only reads (get, list, read-only custom methods); Write = every method that changes state; Custom = every non-CRUD method. Nothing checked allows every method.",
  );
  const tagSet = fieldset(
    "Tags",
    h(
      "div",
      { class: "chips" },
      tags.map((c) => c.el),
    ),
    "A tool is kept when any of its tags is checked (the number is how many tools carry it). Nothing checked allows every tag.",
  );

  const checked = (list: Array<{ input: HTMLInputElement }>) =>
    list.filter((c) => c.input.checked).map((c) => c.input.value);
  return {
    methods,
    tags: tagSet,
    value() {
      const m = [...checked(groups), ...checked(exact)];
      const t = checked(tags);
      return { ...(m.length ? { methods: m } : {}), ...(t.length ? { tags: t } : {}) };
    },
    set(filter) {
      const m = new Set(filter.methods ?? []);
      const t = new Set(filter.tags ?? []);
      for (const c of [...groups, ...exact]) c.input.checked = m.has(c.input.value);
      for (const c of tags) c.input.checked = t.has(c.input.value);
    },
  };
}
