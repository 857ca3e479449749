#!/usr/bin/env node
// Completes package-lock.json with the optional, platform-specific packages of other platforms
// (biome's and workerd's darwin/win32/musl binaries). The registry these machines reach serves only
// this platform's binaries, so `npm install` here leaves those entries out, and `npm ci` then
// refuses the lock as out of sync (npm/cli#4828, #8805). An entry with version and os/cpu is all
// `npm ci` needs: on a mismatched platform it skips the package; on a matching one it resolves it
// from the registry by version. Run after any `npm install`; `--check` fails when entries are missing.
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

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockNode> };
const pkgs = lock.packages;

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

if (process.argv.includes("--check")) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks ${missing.length} platform entries: run \`npm run lockfile\``);
    process.exit(1);
  }
  console.log("package-lock.json lists every platform's optional packages.");
} else {
  const sorted = Object.entries(pkgs).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  lock.packages = Object.fromEntries(sorted);
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`added ${missing.length} platform entries to package-lock.json`);
}
