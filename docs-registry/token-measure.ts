/**
 * Measures every tool's `tools/list` entry in o200k_base tokens (js-tiktoken), for
 * scripts/gen-registry.ts. Build-time, Node-only code: gen-registry bundles it on the fly with
 * esbuild. Nothing in the Worker imports it — the tokenizer's rank tables are megabytes — the Worker
 * only sums the generated table (docs-registry/tool-tokens.ts).
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { META_TOOLS } from "../worker/mcp/discovery";
import { buildTools } from "../worker/tools/build";
import { toolDefinition } from "../worker/tools/definition";
import { parseRegistry } from "./index";

const enc = new Tiktoken(o200k);
const count = (v: unknown) => enc.encode(JSON.stringify(v)).length;

/** Token counts per integration and tool, plus the three discovery meta tools together. */
export function measure(raw: Parameters<typeof parseRegistry>[0]): {
  tools: Record<string, Record<string, number>>;
  meta: number;
} {
  const tools: Record<string, Record<string, number>> = {};
  for (const [name, entry] of parseRegistry(raw)) {
    const counts: Record<string, number> = {};
    for (const t of buildTools(entry.integration, entry.records)) counts[t.name] = count(toolDefinition(t));
    tools[name] = counts;
  }
  return { tools, meta: META_TOOLS.reduce((n, t) => n + count(toolDefinition(t)), 0) };
}
