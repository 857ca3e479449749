/**
 * The per-isolate tool catalog: each integration's tools are built once (registry validation and
 * schema flattening never run per request), then filtered per MCP server.
 */
import { integrationEntry, registry } from "../../docs-registry/index";
import { HttpError } from "../http/errors";
import type { ServerConfig } from "../stores/records";
import { buildTools, type GatewayTool } from "./build";
import { applyFilter } from "./filter";
import { isCrudMethod, METHOD_GROUPS } from "./method-kinds";

/** An integration's built tools with the vocabularies its filters accept. */
export interface Catalog {
  tools: readonly GatewayTool[];
  byName: ReadonlyMap<string, GatewayTool>;
  methods: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

const catalogs = new Map<string, Catalog>();

/** The catalog of an integration, or undefined when the registry does not document it. */
export function catalog(integration: string): Catalog | undefined {
  let c = catalogs.get(integration);
  if (!c) {
    const entry = integrationEntry(integration);
    if (!entry) return undefined;
    const tools = buildTools(entry.integration, entry.records);
    c = {
      tools,
      byName: new Map(tools.map((t) => [t.name, t])),
      methods: new Set(tools.map((t) => t.method)),
      tags: new Set(tools.flatMap((t) => t.tags)),
    };
    catalogs.set(integration, c);
  }
  return c;
}

/** Checks a server config against the integration and returns the tools it yields (400 when none). */
export function toolsForConfig(integration: string, config: ServerConfig): GatewayTool[] {
  const c = catalog(integration);
  if (!c) throw new HttpError(400, "unknown_integration", `Integration "${integration}" is not documented`);
  const badMethods = (config.methods ?? []).filter(
    (m) => !(METHOD_GROUPS as readonly string[]).includes(m) && !c.methods.has(m),
  );
  if (badMethods.length > 0) {
    const known = [...c.methods].filter((m) => !isCrudMethod(m));
    throw new HttpError(
      400,
      "invalid_config",
      `config.methods has unknown value(s) ${badMethods.map((m) => `"${m}"`).join(", ")}; use read, write, custom, or a method name (list, get, create, update, delete${known.length ? `, ${known.join(", ")}` : ""})`,
      { field: "config.methods", unknown: badMethods },
    );
  }
  const badTags = (config.tags ?? []).filter((t) => !c.tags.has(t));
  if (badTags.length > 0) {
    throw new HttpError(
      400,
      "invalid_config",
      `config.tags has unknown tag(s) ${badTags.map((t) => `"${t}"`).join(", ")}; known tags: ${[...c.tags].sort().join(", ")}`,
      { field: "config.tags", unknown: badTags },
    );
  }
  const badNames = (config.exclude_tools ?? []).filter((n) => !c.byName.has(n));
  if (badNames.length > 0) {
    throw new HttpError(
      400,
      "invalid_config",
      `config.exclude_tools names unknown tool(s) ${badNames.map((n) => `"${n}"`).join(", ")}; valid names: ${c.tools.map((t) => t.name).join(", ")}`,
      { field: "config.exclude_tools", unknown: badNames, valid: c.tools.map((t) => t.name) },
    );
  }
  const tools = applyFilter(c.tools, config);
  if (tools.length === 0) {
    throw new HttpError(
      400,
      "empty_tool_set",
      `config yields zero tools: no ${integration} tool matches methods [${(config.methods ?? ["all"]).join(", ")}] and tags [${(config.tags ?? ["all"]).join(", ")}]${config.exclude_tools?.length ? ` once exclude_tools is applied` : ""}`,
      { field: "config" },
    );
  }
  return tools;
}

// Build every catalog while the isolate starts: global scope has its own startup budget (and
// Cloudflare checks it at deploy time, so an invalid registry blocks the deploy), so no request —
// not even an isolate's first — pays registry validation or schema flattening.
for (const name of registry().keys()) catalog(name);
