/**
 * An integration version's tool catalog: its tools are built once per snapshot (schema flattening
 * never runs per request), then filtered per MCP server. The catalog hangs off the snapshot object,
 * so a newly published version gets a new catalog and an old one is dropped with its snapshot.
 */
import { HttpError } from "../http/errors";
import type { Snapshot } from "../integrations/snapshot";
import type { ServerConfig } from "../stores/records";
import { buildTools, type GatewayTool } from "./build";
import { applyFilter } from "./filter";
import { isCrudMethod, METHOD_GROUPS } from "./method-kinds";

/** A snapshot's built tools with the vocabularies its filters accept. */
export interface Catalog {
  snapshot: Snapshot;
  tools: readonly GatewayTool[];
  /** Every tool by its canonical name and, where it differs, its listed name. */
  byName: ReadonlyMap<string, GatewayTool>;
  methods: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

const catalogs = new WeakMap<Snapshot, Catalog>();

/** The catalog of a snapshot, built on first use. */
export function catalog(snapshot: Snapshot): Catalog {
  let c = catalogs.get(snapshot);
  if (!c) {
    const tools = buildTools(snapshot.integration, snapshot.records);
    c = {
      snapshot,
      tools,
      byName: namesOf(tools),
      methods: new Set(tools.map((t) => t.method)),
      tags: new Set(tools.flatMap((t) => t.tags)),
    };
    catalogs.set(snapshot, c);
  }
  return c;
}

/** `tools` by canonical name and by listed name (a call may use either, worker/tools/listed-name.ts). */
export function namesOf(tools: readonly GatewayTool[]): Map<string, GatewayTool> {
  const byName = new Map<string, GatewayTool>();
  for (const t of tools) {
    byName.set(t.name, t);
    if (t.listedName !== t.name) byName.set(t.listedName, t);
  }
  return byName;
}

/** Checks a server config against the integration and returns the tools it yields (400 when none). */
export function toolsForConfig(snapshot: Snapshot, config: ServerConfig): GatewayTool[] {
  const c = catalog(snapshot);
  const integration = snapshot.integration.name;
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
