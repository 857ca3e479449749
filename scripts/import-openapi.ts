#!/usr/bin/env node
// `npm run import:openapi -- <spec file or npm package path> --integration <name> [--check]`:
// writes docs-registry/<name>/integration.json and records/ from an OpenAPI document, applying
// docs-registry/<name>/overrides.json, prints a diff summary against what was there and a report of
// what could not be inferred, then regenerates docs-registry/generated.ts. `--check` writes nothing
// and exits 1 when the files on disk differ from a fresh import (CI: records match spec + overrides).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { loadWorkerModule } from "./lib/worker-module.ts";

/** Relative file name → file text. */
type FileSet = ReadonlyMap<string, string>;

/** What the importer (worker/integrations/import/, the code the admin API runs) gives back. */
interface Importer {
  importDocument(
    document: unknown,
    name: string,
    overrides?: unknown,
  ): {
    integration: Record<string, unknown>;
    records: Map<string, Record<string, unknown>>;
    report: Array<{ key: string; http: string; file: string | null; notes: string[]; overridden: boolean }>;
    integrationNotes: string[];
    unusedOverrides: string[];
  };
  diffSummary(before: FileSet, after: FileSet): { text: string; changed: boolean };
}
const { importDocument, diffSummary } = await loadWorkerModule<Importer>("worker/integrations/import/cli.ts");

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const name = flag("--integration");
const spec = args.find(
  (a, i) => !a.startsWith("--") && args[i - 1] !== "--integration" && args[i - 1] !== "--out",
);
if (!spec || !name || !/^[a-z][a-z0-9]*$/.test(name)) {
  console.error(
    "usage: npm run import:openapi -- <spec file or npm package path> --integration <name> [--out <dir>] [--check]",
  );
  process.exit(2);
}
const check = args.includes("--check");
const root = flag("--out") ?? new URL("../docs-registry/", import.meta.url).pathname;
const dir = join(root, name);
const recordsDir = join(dir, "records");

const overridesFile = join(dir, "overrides.json");
const result = importDocument(
  readFileSync(resolveSpecPath(spec), "utf8"),
  name,
  existsSync(overridesFile) ? JSON.parse(readFileSync(overridesFile, "utf8")) : undefined,
);

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const generated = new Map<string, string>([["integration.json", json(result.integration)]]);
for (const [file, record] of result.records) generated.set(`records/${file}`, json(record));
// Written as the repository's formatter writes them, so `npm run format` and a re-import agree.
const next = flag("--out") ? generated : formatted(generated);
const before = new Map<string, string>();
if (existsSync(join(dir, "integration.json")))
  before.set("integration.json", readFileSync(join(dir, "integration.json"), "utf8"));
if (existsSync(recordsDir)) {
  for (const f of readdirSync(recordsDir).filter((f) => f.endsWith(".json"))) {
    before.set(`records/${f}`, readFileSync(join(recordsDir, f), "utf8"));
  }
}

console.log(`# Import of ${spec} as "${name}"\n`);
for (const n of result.integrationNotes) console.log(`- ${n}`);
console.log("\n## What could not be inferred, per operation\n");
for (const r of result.report) {
  const head = `${r.http} (${r.key}) → ${r.file ?? "skipped"}${r.overridden ? " [overridden]" : ""}`;
  console.log(
    r.notes.length
      ? `- ${head}\n${r.notes.map((n) => `    - ${n}`).join("\n")}`
      : `- ${head}: everything inferred`,
  );
}
if (result.unusedOverrides.length) {
  console.log(`\n! overrides for operations this spec does not have: ${result.unusedOverrides.join(", ")}`);
}
const diff = diffSummary(before, next);
console.log(`\n## Changes against ${relative(process.cwd(), dir)}\n\n${diff.text}`);

if (check) process.exit(diff.changed ? 1 : 0);
mkdirSync(recordsDir, { recursive: true });
for (const f of before.keys()) if (!next.has(f)) rmSync(join(dir, f));
for (const [f, text] of next) writeFileSync(join(dir, f), text);
if (!flag("--out")) {
  execFileSync(process.execPath, [new URL("./gen-registry.ts", import.meta.url).pathname], {
    stdio: "inherit",
  });
}

/** A spec given as a file path, or as an npm package path resolved from node_modules. */
function resolveSpecPath(path: string, cwd = process.cwd()): string {
  const asFile = resolve(cwd, path);
  if (existsSync(asFile)) return asFile;
  const req = createRequire(resolve(cwd, "package.json"));
  try {
    return req.resolve(path);
  } catch {
    const nm = resolve(cwd, "node_modules", path);
    if (existsSync(nm)) return nm;
    console.error(`spec not found: ${path} (neither a file nor a path inside an installed npm package)`);
    process.exit(2);
  }
}

/** The files as biome formats them (staged in a git-ignored folder inside the repository). */
function formatted(files: FileSet): FileSet {
  const repo = new URL("../", import.meta.url).pathname;
  const staging = join(repo, ".import-staging");
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [f, text] of files) {
      mkdirSync(dirname(join(staging, f)), { recursive: true });
      writeFileSync(join(staging, f), text);
    }
    const biome = join(repo, "node_modules", ".bin", "biome");
    execFileSync(biome, ["format", "--write", "--vcs-use-ignore-file=false", staging], {
      cwd: repo,
      stdio: "ignore",
    });
    return new Map([...files.keys()].map((f) => [f, readFileSync(join(staging, f), "utf8")]));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
