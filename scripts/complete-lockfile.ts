#!/usr/bin/env node
// Completes package-lock.json with the optional, platform-specific packages of other platforms
// (biome's and workerd's darwin/win32/musl binaries). The registry these machines reach serves only
// this platform's binaries, so `npm install` here leaves those entries out, and `npm ci` then
// refuses the lock as out of sync (npm/cli#4828, #8805). An entry with version and os/cpu is all
// `npm ci` needs: on a mismatched platform it skips the package; on a matching one it resolves it
// from the registry by version. Run after any `npm install`; `--check` fails when entries are missing,
// when the root entry differs from what npm derives from package.json (its `engines`, dependencies,
// name, version, license…), or when the file is not byte-for-byte what npm itself would write: a clean
// `npm install` then never rewrites it and leaves `git status` empty.
import { readFileSync, writeFileSync } from "node:fs";

type LockNode = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const path = new URL("../package-lock.json", import.meta.url);
const text = readFileSync(path, "utf8");
const lock = JSON.parse(text) as { name?: string; version?: string; packages: Record<string, LockNode> };
const pkgs = lock.packages;
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

/**
 * The package.json fields npm copies into the lockfile's root entry (arborist's shrinkwrap
 * `pkgMetaKeys`, plus `name` and, for the root, `devDependencies`); empty values are left out.
 */
const ROOT_KEYS = [
  "name",
  "version",
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "optionalDependencies",
  "bundleDependencies",
  "acceptDependencies",
  "funding",
  "engines",
  "os",
  "cpu",
  "libc",
  "license",
  "hasInstallScript",
  "bin",
  "deprecated",
  "workspaces",
];

/** The root entry npm would write for this package.json. */
function rootEntry(): LockNode {
  const entry: LockNode = {};
  for (const key of ROOT_KEYS) {
    const value = manifest[key];
    if (!value || (typeof value === "object" && Object.keys(value).length === 0)) continue;
    entry[key] = value;
  }
  return entry;
}

/** Order-independent JSON of a value, for comparing the root entry with npm's. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    isPlainObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );

const root = rootEntry();
const rootDrift =
  canonical(pkgs[""]) !== canonical(root) || lock.name !== manifest.name || lock.version !== manifest.version;
pkgs[""] = root;
lock.name = manifest.name as string;
lock.version = manifest.version as string;

function platformOf(name: string): { os: string; cpu?: string; libc?: string } | null {
  const os = /darwin/.test(name)
    ? "darwin"
    : /win32|windows/.test(name)
      ? "win32"
      : /android/.test(name)
        ? "android"
        : /freebsd/.test(name)
          ? "freebsd"
          : /linux/.test(name)
            ? "linux"
            : null;
  if (!os) return null;
  const cpu = /arm64|aarch64/.test(name) ? "arm64" : /x64|-64$|amd64/.test(name) ? "x64" : undefined;
  const libc = /musl/.test(name) ? "musl" : undefined;
  return { os, ...(cpu ? { cpu } : {}), ...(libc ? { libc } : {}) };
}

const missing: string[] = [];
for (const [key, node] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    const nested = key === "" ? `node_modules/${dep}` : `${key}/node_modules/${dep}`;
    if (pkgs[nested] || pkgs[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    missing.push(nested);
    pkgs[nested] = {
      version,
      ...(node.dev ? { dev: true } : {}),
      optional: true,
      os: [platform.os],
      ...(platform.cpu ? { cpu: [platform.cpu] } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    };
  }
}

/** Keys npm writes first, in this order, at every level of the lockfile (arborist's shrinkwrap). */
const NPM_KEY_ORDER = [
  "name",
  "version",
  "lockfileVersion",
  "resolved",
  "integrity",
  "requires",
  "packages",
  "dependencies",
];

/**
 * The lockfile as npm serialises it: in every object, scalar and array values before nested objects,
 * within each group the preferred keys first in their order, the rest by an English locale compare.
 * Writing anything else makes the next `npm install` reorder the file.
 */
function npmStringify(value: unknown): string {
  const rank = (k: string) => {
    const i = NPM_KEY_ORDER.indexOf(k);
    return i === -1 ? NPM_KEY_ORDER.length : i;
  };
  const order = ([a, av]: [string, unknown], [b, bv]: [string, unknown]) => {
    const ao = isPlainObject(av);
    if (ao !== isPlainObject(bv)) return ao ? 1 : -1;
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    return ra < NPM_KEY_ORDER.length ? 0 : a.localeCompare(b, "en");
  };
  const sortKeys = (_key: string, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(order)) : v;
  return `${JSON.stringify(value, sortKeys, 2)}\n`;
}

const expected = npmStringify(lock);
if (process.argv.includes("--check")) {
  if (rootDrift) {
    console.error(
      "package-lock.json's root entry differs from package.json (e.g. `engines`), so npm install would rewrite it: run `npm run lockfile`",
    );
    process.exit(1);
  }
  if (missing.length > 0) {
    console.error(`package-lock.json lacks ${missing.length} platform entries: run \`npm run lockfile\``);
    process.exit(1);
  }
  if (expected !== text) {
    console.error(
      "package-lock.json is not in npm's own order (npm install would rewrite it): run `npm run lockfile`",
    );
    process.exit(1);
  }
  console.log("package-lock.json lists every platform's optional packages, in npm's order.");
} else {
  writeFileSync(path, expected);
  console.log(
    `added ${missing.length} platform entries to package-lock.json${rootDrift ? "; root entry updated from package.json" : ""}`,
  );
}
