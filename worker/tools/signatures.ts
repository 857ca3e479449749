/**
 * Code mode's view of a tool: the TypeScript signature of the function a program calls, generated
 * from the schema the URL lists (its schema profile) by `@cloudflare/codemode`'s `jsonSchemaToType`,
 * with the tool's description as its doc comment. Pure and memoized per tool and profile.
 */
import { jsonSchemaToType } from "@cloudflare/codemode";
import { CURSOR_ARG, type GatewayTool } from "./build";
import { toolDefinition } from "./definition";
import { profileMemo, type SchemaProfile } from "./schema-profiles";

/** The namespace a program reaches the tools through: `tools.<name>(args)`. */
export const TOOLS_NAMESPACE = "tools";

/** One function a program can call, as `search_functions` returns it. */
export interface FunctionSignature {
  name: string;
  /** True when the function only reads; a write asks the user first, as a direct call would. */
  read_only: boolean;
  signature: string;
}

const memo = profileMemo<GatewayTool, FunctionSignature>();

/** The signature of `tool` under `profile`. */
export function functionSignature(tool: GatewayTool, profile: SchemaProfile): FunctionSignature {
  return memo(tool, profile, () => {
    const def = toolDefinition(tool, profile);
    const args = jsonSchemaToType(def.inputSchema as Parameters<typeof jsonSchemaToType>[0], "A").replace(
      /^type A = /,
      "",
    );
    const returns =
      CURSOR_ARG in tool.inputSchema.properties
        ? "{ result: unknown[]; next_cursor: string | null }"
        : "{ result: unknown }";
    const doc = def.description.replace(/\*\//g, "*\\/").replace(/\s*\n\s*/g, " ");
    return {
      name: def.name,
      read_only: tool.annotations.readOnlyHint === true,
      signature: `/** ${doc} */\n${TOOLS_NAMESPACE}.${def.name}(args: ${args}): Promise<${returns}>`,
    };
  });
}
