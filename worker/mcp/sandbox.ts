/**
 * Runs one code-mode program in a dynamic Worker (the Worker Loader binding) that holds nothing: no
 * network (`globalOutbound: null`), no bindings, no secrets, a CPU limit. The only way out is the
 * {@link CallHost} passed to its entrypoint for this run, whose every call the gateway runs through
 * its own tool-call path (worker/mcp/code-calls.ts). The gateway bounds the run's wall time and its
 * calls; the sandbox counts loop iterations (see worker/tools/program.ts).
 *
 * The design follows `@cloudflare/codemode`'s `DynamicWorkerExecutor` (an RpcTarget handed to the
 * entrypoint rather than a binding, `globalOutbound: null`, a `tools.<name>` proxy, the console
 * captured, stubs disposed eagerly); the package itself is not used: it pulls acorn into the bundle
 * (+36 KB gzip, past the bundle budget), and its executor has no CPU limit, no error lines, no call
 * cap and turns `nodejs_compat` on.
 */
import { RpcTarget } from "cloudflare:workers";
import { PROGRAM_MODULE, type PreparedProgram, programLine } from "../tools/program";
import { MAX_ANSWER_CHARS, MAX_LOOP_ITERATIONS } from "./code-mode";

/** The compatibility date of the sandbox (no flags: no Node.js APIs either). */
const SANDBOX_COMPATIBILITY_DATE = "2026-11-01";
/** Log lines a run keeps, and characters per line. */
const MAX_LOG_LINES = 20;
const MAX_LOG_CHARS = 500;

/** What one function call of a program gets back over RPC: the tool's value, or its error. */
export type CallAnswer =
  | { ok: true; value: unknown }
  | { ok: false; message: string; kind: string; limit?: boolean };

/** Runs a program's function calls; given to the sandbox as the one thing it can call. */
export class CallHost extends RpcTarget {
  #call: (name: string, args: unknown) => Promise<CallAnswer>;
  #open = true;
  constructor(call: (name: string, args: unknown) => Promise<CallAnswer>) {
    super();
    this.#call = call;
  }
  /** Ends the run: later calls are refused without running. */
  close(): void {
    this.#open = false;
  }
  /** One function call of the program. Never throws: an error is an answer. */
  async call(name: unknown, args: unknown): Promise<CallAnswer> {
    if (!this.#open) return { ok: false, message: "The run has ended.", kind: "program_limit", limit: true };
    try {
      return await this.#call(String(name), args);
    } catch {
      // The gateway's callback answers every error itself; this is the last guard of the RPC boundary.
      return { ok: false, message: "The gateway failed to run this call.", kind: "upstream_error" };
    }
  }
}

/** How a run ended. */
export type RunOutcome =
  | { ok: true; json: string; logs: string[] }
  | {
      ok: false;
      reason: "syntax" | "threw" | "loop" | "cpu" | "timeout" | "answer" | "crashed";
      message: string;
      line: number | null;
      logs: string[];
    };

/** What the sandbox's entrypoint answers. */
type SandboxAnswer =
  | { ok: true; json: string; logs: string[]; loopLine: number | null }
  | {
      ok: false;
      message: string;
      stack: string;
      site: string | null;
      logs: string[];
      loopLine: number | null;
      /** Set when the answer's JSON is over MAX_ANSWER_CHARS: its length. */
      tooLarge?: number;
    };

/** The sandbox's main module: globals for the program, then the program, then its answer. */
function executorModule(guard: string): string {
  return `import { WorkerEntrypoint } from "cloudflare:workers";
import program from "./${PROGRAM_MODULE}";
let iterations = 0;
let loopLine = null;
const guard = (line) => {
  if (++iterations > ${MAX_LOOP_ITERATIONS}) {
    loopLine ??= line;
    throw new RangeError("more than ${MAX_LOOP_ITERATIONS} loop iterations");
  }
  return true;
};
guard.iterable = function* (line, items) { for (const item of items) { guard(line); yield item; } };
guard.asyncIterable = async function* (line, items) { for await (const item of items) { guard(line); yield item; } };
// Fixed in place: a program cannot swap the counter for a no-op.
Object.defineProperty(globalThis, "${guard}", { value: Object.freeze(guard), writable: false, configurable: false });
export default class Sandbox extends WorkerEntrypoint {
  async run(host) {
    const logs = [];
    const show = (x) => {
      if (typeof x === "string") return x;
      try { return JSON.stringify(x) ?? String(x); } catch { return String(x); }
    };
    const keep = (prefix) => (...a) => {
      if (logs.length < ${MAX_LOG_LINES}) logs.push((prefix + a.map(show).join(" ")).slice(0, ${MAX_LOG_CHARS}));
    };
    console.log = console.info = console.debug = keep("");
    console.warn = keep("[warn] ");
    console.error = keep("[error] ");
    globalThis.tools = new Proxy({}, {
      get(_, name) {
        if (typeof name !== "string" || name === "then") return undefined;
        return async (args) => {
          const site = new Error().stack;
          const answer = await host.call(name, args === undefined ? {} : args);
          if (answer.ok) return answer.value;
          const err = new Error(answer.message);
          err.kind = answer.kind;
          err.site = site;
          throw err;
        };
      },
    });
    try {
      const value = await program();
      const json = JSON.stringify(value === undefined ? null : value) ?? "null";
      if (json.length > ${MAX_ANSWER_CHARS}) return { ok: false, tooLarge: json.length, message: "", stack: "", site: null, logs, loopLine };
      return { ok: true, json, logs, loopLine };
    } catch (e) {
      const message = e instanceof Error ? (e.name && e.name !== "Error" ? e.name + ": " : "") + e.message : String(e);
      return { ok: false, message, stack: String(e?.stack ?? ""), site: e?.site ?? null, logs, loopLine };
    }
  }
}
`;
}

/**
 * Runs `program` in a fresh sandbox with `host` as its only capability. Never throws: every end is
 * a {@link RunOutcome}.
 */
export async function runInSandbox(
  loader: WorkerLoader,
  program: PreparedProgram,
  guard: string,
  host: CallHost,
  limits: { cpuMs: number; timeoutMs: number },
): Promise<RunOutcome> {
  const code = {
    compatibilityDate: SANDBOX_COMPATIBILITY_DATE,
    mainModule: "executor.js",
    modules: { "executor.js": executorModule(guard), [PROGRAM_MODULE]: program.module },
    globalOutbound: null,
    env: {},
    limits: { cpuMs: limits.cpuMs },
  };
  // `limits` is newer than the generated WorkerLoaderWorkerCode type.
  const worker = loader.load(code as WorkerLoaderWorkerCode);
  const entry = worker.getEntrypoint() as unknown as { run(host: CallHost): Promise<SandboxAnswer> };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), limits.timeoutMs);
  });
  try {
    const answer = await Promise.race([entry.run(host), timeout]);
    if (answer === "timeout")
      return {
        ok: false,
        reason: "timeout",
        message: `the run took more than ${limits.timeoutMs / 1000} s`,
        line: null,
        logs: [],
      };
    if (answer.loopLine !== null)
      return {
        ok: false,
        reason: "loop",
        message: `more than ${MAX_LOOP_ITERATIONS} loop iterations (CPU limit)`,
        line: answer.loopLine,
        logs: answer.logs,
      };
    if (answer.ok) return answer;
    if (answer.tooLarge)
      return {
        ok: false,
        reason: "answer",
        message: `the answer is ${answer.tooLarge} characters of JSON, over ${MAX_ANSWER_CHARS}: return less`,
        line: null,
        logs: answer.logs,
      };
    return {
      ok: false,
      reason: "threw",
      message: answer.message,
      line: programLine(answer.stack) ?? programLine(answer.site),
      logs: answer.logs,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A program that does not parse fails the sandbox's start, with the line.
    const syntax = message.match(/(SyntaxError: [^\n]*?)(?:\s+at program\.js:\d+(?::\d+)?)?\s*$/m);
    if (syntax?.[1])
      return { ok: false, reason: "syntax", message: syntax[1], line: programLine(message), logs: [] };
    const cpu = /cpu/i.test(message);
    return {
      ok: false,
      reason: cpu ? "cpu" : "crashed",
      message: cpu ? `the run used more than ${limits.cpuMs} ms of CPU` : `the sandbox stopped: ${message}`,
      line: null,
      logs: [],
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    host.close();
    dispose(entry);
    dispose(worker);
  }
}

/** Releases a stub's native handle now rather than at garbage collection. */
function dispose(resource: unknown): void {
  // Symbol.dispose is in workerd, not yet in the TypeScript lib this project targets.
  const key = (Symbol as unknown as { dispose?: symbol }).dispose;
  const d = key && (resource as Record<symbol, unknown> | null)?.[key];
  if (typeof d !== "function") return;
  try {
    d.call(resource);
  } catch {
    // Disposal never masks the run's outcome.
  }
}
