/**
 * Starts a script of the in-process harness (bench/inproc/) in a child Node, with the resolution
 * hooks and the workerd condition, and reads its one result line.
 */
import { spawn } from "node:child_process";
import { ROOT } from "../../scripts/lib/dev-stack.ts";
import { INPROC_RESULT_PREFIX, type InProcessReport } from "../inproc/report.ts";
import { SIX_TOOL_CONFIG } from "./stack.ts";

/**
 * Runs `script` (relative to the project) in a child Node with the harness's hooks and flags and
 * `env` added to this process's; resolves with the JSON after `prefix` on its stdout.
 */
export function runHarnessScript<T>(
  script: string,
  env: Record<string, string>,
  prefix: string,
  timeoutMs = 240_000,
): Promise<T> {
  const args = [
    "--expose-gc",
    "--experimental-transform-types",
    "--no-warnings",
    "--conditions=workerd",
    "--import",
    "./bench/inproc/register.ts",
    script,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(prefix));
      if (code === 0 && line) resolve(JSON.parse(line.slice(prefix.length)) as T);
      else reject(new Error(`${script} exited ${code}: ${err.slice(-1500)}`));
    });
  });
}

/** Runs the in-process harness (bench/inproc/main.ts) against the stack's simulator. */
export function runInProcess(
  snapshot: string,
  simUrl: string,
  contactBook: string,
  quick: boolean,
): Promise<InProcessReport> {
  return runHarnessScript<InProcessReport>(
    "bench/inproc/main.ts",
    {
      BENCH_SOURCE_DIR: snapshot,
      BENCH_SIM_URL: simUrl,
      BENCH_CONTACT_BOOK: contactBook,
      BENCH_SIX_TOOL_CONFIG: JSON.stringify(SIX_TOOL_CONFIG),
      BENCH_QUICK: quick ? "1" : "0",
    },
    INPROC_RESULT_PREFIX,
  );
}
