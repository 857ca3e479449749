/**
 * Loads a module of the Worker (bundler-style TypeScript: extensionless imports, JSON imports) into a
 * Node script by bundling it with esbuild in memory, so build-time tools run the very code the Worker
 * runs (the importer, the tool builder) instead of a copy.
 */
import { build } from "esbuild";

/** Bundles `entry` (a path relative to the repository root) and imports the result. */
export async function loadWorkerModule<T>(entry: string): Promise<T> {
  const out = await build({
    entryPoints: [new URL(`../../${entry}`, import.meta.url).pathname],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "error",
  });
  const code = out.outputFiles[0]?.text ?? "";
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as T;
}
