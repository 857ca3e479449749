/** Starts the in-process harness (bench/inproc/main.ts) in a child Node and reads its one result line. */
import { spawn } from "node:child_process";
import { ROOT } from "../../scripts/lib/dev-stack.ts";
import { INPROC_RESULT_PREFIX, type InProcessReport } from "../inproc/report.ts";
import { SIX_TOOL_CONFIG } from "./stack.ts";

/** Runs the in-process harness in a child Node with the resolution hooks and the workerd condition. */
export function runInProcess(
  snapshot: string,
  simUrl: string,
  contactBook: string,
  quick: boolean,
): Promise<InProcessReport> {
  const args = [
    "--expose-gc",
    "--experimental-transform-types",
    "--no-warnings",
    "--conditions=workerd",
    "--import",
    "./bench/inproc/register.ts",
    "bench/inproc/main.ts",
  ];
  const env = {
    ...process.env,
    BENCH_SOURCE_DIR: snapshot,
    BENCH_SIM_URL: simUrl,
    BENCH_CONTACT_BOOK: contactBook,
    BENCH_SIX_TOOL_CONFIG: JSON.stringify(SIX_TOOL_CONFIG),
    BENCH_QUICK: quick ? "1" : "0",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(INPROC_RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(INPROC_RESULT_PREFIX.length)) as InProcessReport);
      else reject(new Error(`in-process harness exited ${code}: ${err.slice(-1500)}`));
    });
  });
}
