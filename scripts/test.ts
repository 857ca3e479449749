#!/usr/bin/env node
// `npm test`: every check CI runs, in order, each with a progress line and its duration.
// Fails fast: the first failing step's output is the one to read.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { childEnv } from "./lib/dev-stack.ts";

/** Vitest reporters: the usual output, plus a JSON summary read for the closing totals line. */
function report(name: string): string[] {
  return ["--reporter=default", "--reporter=json", `--outputFile.json=.tmp/vitest-${name}.json`];
}

/**
 * Extra environment of a step. The workerd tests load wrangler.toml through the vitest pool, and
 * wrangler would print, once per test file, where it found the dev secrets, or that the required
 * ones are missing (a clean clone has no .dev.vars); the tests' bindings set both secrets
 * themselves (vitest.config.ts), so that chatter is noise here. Errors still print.
 */
const STEP_ENV: Record<string, NodeJS.ProcessEnv> = {
  "unit + integration tests in workerd": { WRANGLER_LOG: "error" },
};

/**
 * workerd logs, as an internal exception with a `stack:` line after it, each write it could not
 * deliver because a response body's reader had gone ("disconnected: abortRead() has been called",
 * "read end of pipe was aborted"). The legacy SSE and code-mode tests disconnect clients
 * mid-stream on purpose, and the gateway learns of a disconnect from exactly that failed write. The
 * Workers test pool drops the rest of this family of messages ("disconnected: operation canceled"…)
 * but not these two and has no option for it, so a step's output passes through here without them.
 * Nothing else is dropped.
 */
const CLIENT_DISCONNECT =
  /^exception = kj\/async-io\.c\+\+:\d+: disconnected: (abortRead\(\) has been called|read end of pipe was aborted)$/;

/** Copies `input` to `output` line by line, without the runtime's client-disconnect lines. */
function filtered(input: NodeJS.ReadableStream, output: NodeJS.WriteStream): void {
  let dropStack = false;
  createInterface({ input }).on("line", (line) => {
    const drop = CLIENT_DISCONNECT.test(line) || (dropStack && line.startsWith("stack: "));
    dropStack = CLIENT_DISCONNECT.test(line);
    if (!drop) output.write(`${line}\n`);
  });
}

/** Runs one step, its output without the runtime's client-disconnect lines; resolves with its exit. */
function runStep(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | string> {
  const child = spawn(cmd, args, { stdio: ["inherit", "pipe", "pipe"], env });
  filtered(child.stdout, process.stdout);
  filtered(child.stderr, process.stderr);
  return new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? "?")));
}

const steps: Array<[string, string, string[]]> = [
  [
    "build the dashboard (dashboard/dist/files.ts, in the Worker bundle)",
    "node",
    ["scripts/build-dashboard.ts"],
  ],
  ["lockfile lists every platform (npm ci)", "node", ["scripts/complete-lockfile.ts", "--check"]],
  ["docs-registry index is current", "node", ["scripts/gen-registry.ts", "--check"]],
  [
    "Env types match wrangler.toml",
    "wrangler",
    ["types", "worker-configuration.d.ts", "--strict-vars=false", "--check"],
  ],
  ["type-check worker and tests", "tsc", ["-p", "tsconfig.json"]],
  ["type-check node-side code", "tsc", ["-p", "tsconfig.node.json"]],
  ["type-check the dashboard", "tsc", ["-p", "dashboard/tsconfig.json"]],
  ["format and lint (biome)", "biome", ["check", "."]],
  [
    "unit + integration tests in workerd",
    "vitest",
    ["run", "--project", "workers", "--project", "workers-bounded", ...report("workers")],
  ],
  ["bench arithmetic (Node)", "vitest", ["run", "--project", "bench", ...report("bench")]],
  ["end-to-end tests over HTTP", "vitest", ["run", "--project", "e2e", ...report("e2e")]],
  // The top-level (local development) configuration, named explicitly (`--env=""`) so wrangler does
  // not warn that no environment was chosen; the production bundle's budget is the bench's.
  [
    "bundle (wrangler deploy --dry-run, local configuration)",
    "wrangler",
    ["deploy", "--dry-run", "--env=", "--outdir", "dist"],
  ],
];

const only = process.argv.slice(2);
rmSync(".tmp/vitest-workers.json", { force: true });
rmSync(".tmp/vitest-e2e.json", { force: true });
rmSync(".tmp/vitest-bench.json", { force: true });
rmSync("dist/index.js", { force: true });
mkdirSync(".tmp", { recursive: true });
const started = Date.now();
for (const [title, cmd, args] of steps) {
  if (only.length && !only.some((o) => title.includes(o))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${title}: ${cmd} ${args.join(" ")}`);
  const env = { ...childEnv(), FORCE_COLOR: "0", ...STEP_ENV[title] };
  const status = await runStep(cmd, args, env);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`✖ ${title} failed after ${secs}s (exit ${status})`);
    process.exit(1);
  }
  console.log(`✔ ${title} (${secs}s)`);
}

try {
  const bundle = readFileSync("dist/index.js");
  const kib = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `\nbundle (local configuration, not minified): dist/index.js ${kib(statSync("dist/index.js").size)} KiB, gzip ${kib(gzipSync(bundle, { level: 9 }).length)} KiB`,
  );
} catch {
  // the bundle step was skipped (a stale dist/ was removed above, so no old figure is printed)
}
// One plain closing line with the test totals of every vitest run above.
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of ["workers", "bench", "e2e"]) {
  try {
    const r = JSON.parse(readFileSync(`.tmp/vitest-${name}.json`, "utf8")) as Record<string, number>;
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } catch {
    // that step was skipped
  }
}
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
