/**
 * Code mode's view of a tool: the TypeScript signature of the function a program calls, generated
 * from the schema the URL lists (its schema profile), with the tool's description and each
 * argument's as doc comments. Pure and memoized per tool and profile.
 */
import type { JsonSchema } from "../integrations/schema";
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
    const returns =
      CURSOR_ARG in tool.inputSchema.properties
        ? "{ result: unknown[]; next_cursor: string | null }"
        : "{ result: unknown }";
    return {
      name: def.name,
      read_only: tool.annotations.readOnlyHint === true,
      signature: `${doc(def.description, "")}${TOOLS_NAMESPACE}.${def.name}(args: ${typeOf(def.inputSchema, "", 0)}): Promise<${returns}>`,
    };
  });
}

const MAX_DEPTH = 6;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A one-line doc comment, or nothing. */
function doc(text: string | undefined, indent: string): string {
  const line = text?.replace(/\s+/g, " ").replace(/\*\//g, "*\\/").trim();
  return line ? `${indent}/** ${line} */\n` : "";
}

/** The TypeScript type of a JSON Schema (the subset the tool engine emits). */
function typeOf(s: JsonSchema | boolean | undefined, indent: string, depth: number): string {
  if (s === undefined || s === true || depth > MAX_DEPTH) return "unknown";
  if (s === false) return "never";
  const nullable = (t: string) => (s.nullable === true ? `${t} | null` : t);
  const union = s.anyOf ?? s.oneOf;
  if (Array.isArray(union)) return nullable(union.map((u) => typeOf(u, indent, depth + 1)).join(" | "));
  if (Array.isArray(s.enum)) return nullable(s.enum.map((v) => JSON.stringify(v)).join(" | "));
  if (s.const !== undefined) return JSON.stringify(s.const);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const one = (t: unknown): string => {
    switch (t) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array":
        return `Array<${typeOf(s.items as JsonSchema | undefined, indent, depth + 1)}>`;
      case "object":
        return objectType(s, indent, depth);
      default:
        return s.properties ? objectType(s, indent, depth) : "unknown";
    }
  };
  return nullable(types.map(one).join(" | "));
}

function objectType(s: JsonSchema, indent: string, depth: number): string {
  const props = Object.entries((s.properties ?? {}) as Record<string, JsonSchema>);
  if (props.length === 0) return "Record<string, unknown>";
  const required = new Set((s.required ?? []) as string[]);
  const inner = `${indent}  `;
  const lines = props.map(([name, p]) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    const opt = required.has(name) ? "" : "?";
    return `${doc(p.description as string | undefined, inner)}${inner}${key}${opt}: ${typeOf(p, inner, depth + 1)};`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}
