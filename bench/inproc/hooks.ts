/**
 * Module resolution hooks for the in-process harness: worker code is written for a bundler
 * (extensionless relative imports, JSON imports without attributes), so Node is taught to find
 * `./x` as `./x.ts` or `./x/index.ts` and to load `.json` as JSON. Registered by `register.ts`.
 * `cloudflare:workers` (imported by the OAuth provider library and the Durable Object classes, for
 * their base classes only) resolves to empty classes: no measured path constructs one.
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
/** Stand-ins for the base classes of `cloudflare:workers`. */
const CLOUDFLARE_WORKERS = `data:text/javascript,${encodeURIComponent(
  "export class WorkerEntrypoint {} export class DurableObject {} export class WorkflowEntrypoint {} export class RpcTarget {} export const env = {};",
)}`;

type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult> | ResolveResult;

/** Resolves bundler-style relative imports of project (non-`node_modules`) files. */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve,
): Promise<ResolveResult> {
  if (specifier === "cloudflare:workers") return { url: CLOUDFLARE_WORKERS, shortCircuit: true };
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
