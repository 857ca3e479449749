/**
 * Module resolution hooks for the in-process harness: worker code is written for a bundler
 * (extensionless relative imports, JSON imports without attributes), so Node is taught to find
 * `./x` as `./x.ts` or `./x/index.ts` and to load `.json` as JSON. Registered by `register.ts`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ResolveContext {
  parentURL?: string | undefined;
  conditions: readonly string[];
  importAttributes: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  importAttributes?: Record<string, string>;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult> | ResolveResult;

/** Resolves bundler-style relative imports of project (non-`node_modules`) files. */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve,
): Promise<ResolveResult> {
  const parent = context.parentURL;
  const relative = specifier.startsWith("./") || specifier.startsWith("../");
  if (relative && parent?.startsWith("file:") && !parent.includes("/node_modules/")) {
    const base = new URL(specifier, parent);
    if (specifier.endsWith(".json")) {
      return { url: base.href, format: "json", importAttributes: { type: "json" }, shortCircuit: true };
    }
    if (!/\.[cm]?[jt]s$/.test(specifier)) {
      for (const suffix of [".ts", "/index.ts"]) {
        const candidate = new URL(base.href + suffix);
        if (existsSync(fileURLToPath(candidate))) {
          return { url: candidate.href, format: "module-typescript", shortCircuit: true };
        }
      }
    }
  }
  return next(specifier, context);
}
