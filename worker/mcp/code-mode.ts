/**
 * Code mode (`config.tool_exposure: "code"`): `tools/list` shows two tools — `search_functions`
 * (functions for a task, with TypeScript signatures) and `run_program` (a short JavaScript program
 * calling them, run in a sandbox that holds nothing; only its answer comes back). A workflow of
 * several calls costs one turn and none of its intermediate results. The runs are in
 * worker/mcp/code-calls.ts and worker/mcp/sandbox.ts.
 */
import { positiveInt } from "../config";
import { DEFAULT_MAX_RESULT_CHARS } from "../tools/result";
import { TOOLS_NAMESPACE } from "../tools/signatures";
import { type MetaTool, readOnly, searchInputSchema } from "./discovery";
import { type AdmitWork, urlLimiter } from "./limit";

/** The names of code mode's two tools. */
export const SEARCH_FUNCTIONS = "search_functions";
export const RUN_PROGRAM = "run_program";

/** Most function calls one run may make. */
export const MAX_CALLS_PER_RUN = 50;
/** Longest program, in characters. */
export const MAX_PROGRAM_CHARS = 20_000;
/** Loop iterations one run may make in total (the local stand-in for the CPU limit). */
export const MAX_LOOP_ITERATIONS = 5_000_000;
/** Characters of a program's answer the sandbox hands back at all (it is then cut to the result bound). */
export const MAX_ANSWER_CHARS = 1024 * 1024;

/** The bounds of one run in this deployment. */
export interface RunLimits {
  /** Function calls per run. */
  calls: number;
  /** CPU time of the sandbox (ms), enforced by the platform. */
  cpuMs: number;
  /** Wall time of the run (ms), enforced by the gateway. */
  timeoutMs: number;
  /** Characters of the answer (the result bound of every tool). */
  maxResultChars: number;
  /** Runs per URL and minute; must equal `CODE_RUN_LIMITER`'s `limit`. */
  runsPerMinute: number;
}

/** The limits where wrangler.toml sets none. */
export const DEFAULT_RUN_LIMITS: RunLimits = {
  calls: MAX_CALLS_PER_RUN,
  cpuMs: 1_000,
  timeoutMs: 30_000,
  maxResultChars: DEFAULT_MAX_RESULT_CHARS,
  runsPerMinute: 30,
};

/** The deployment's run limits (wrangler.toml vars, else {@link DEFAULT_RUN_LIMITS}). */
export function runLimits(env: Env): RunLimits {
  const d = DEFAULT_RUN_LIMITS;
  return {
    calls: d.calls,
    cpuMs: positiveInt(env.CODE_RUN_CPU_MS, d.cpuMs),
    timeoutMs: positiveInt(env.CODE_RUN_TIMEOUT_MS, d.timeoutMs),
    maxResultChars: positiveInt(env.MAX_RESULT_CHARS, d.maxResultChars),
    runsPerMinute: positiveInt(env.CODE_RUNS_PER_MINUTE, d.runsPerMinute),
  };
}

/** What a request needs to run programs: the loader (absent where the deployment has none), the run budget, the limits. */
export interface CodeRuntime {
  loader: WorkerLoader | undefined;
  admitRun: AdmitWork;
  limits: RunLimits;
}

/** The code runtime of one MCP server's requests; its run budget is keyed apart from its call budget. */
export function codeRuntime(env: Env, serverId: string): CodeRuntime {
  const limits = runLimits(env);
  return {
    loader: codeLoader(env),
    admitRun: urlLimiter(env, `run:${serverId}`, () => env.CODE_RUN_LIMITER, limits.runsPerMinute),
    limits,
  };
}

/** The Worker Loader binding code mode runs programs with, when this deployment has one. */
export function codeLoader(env: Env): WorkerLoader | undefined {
  return typeof env.LOADER?.load === "function" ? env.LOADER : undefined;
}

/** What an admin must do for code mode, said wherever it is refused. */
export const LOADER_MISSING_HINT =
  'code exposure needs a Worker Loader binding named LOADER: add `[[worker_loaders]]` with `binding = "LOADER"` to this environment in wrangler.toml (Workers paid plan) and deploy again';

/** Code mode's two tools as `tools/list` shows them, with this deployment's limits in words. */
export function codeTools(limits: RunLimits): readonly MetaTool[] {
  const ns = TOOLS_NAMESPACE;
  return [
    {
      name: SEARCH_FUNCTIONS,
      title: "Search functions",
      description: `Find the functions a program can call for a task, described in words. Returns the best matches as {name, read_only, signature}: TypeScript signatures with each argument's meaning. Then write a program for ${RUN_PROGRAM}.`,
      inputSchema: searchInputSchema(
        'What the program must do, e.g. "list a conversation\'s comments".',
        "functions",
      ),
      annotations: readOnly("Search functions"),
    },
    {
      name: RUN_PROGRAM,
      title: "Run a program",
      description: [
        `Run JavaScript (the body of an async function) that calls functions from ${SEARCH_FUNCTIONS} as \`await ${ns}.<name>(args)\` and returns the answer. Only the returned value comes back, so filter and combine results in the program.`,
        `A call returns what the tool returns ({result, next_cursor} for lists) and throws on a tool error (err.message, err.kind).`,
        `Per run: at most ${limits.calls} calls, ${limits.cpuMs} ms CPU, ${Math.round(limits.timeoutMs / 1000)} s; no network (fetch fails); the answer is cut to ${limits.maxResultChars} characters.`,
        `console.log lines come back as logs; an error names the line. Ask the user before running a program that changes data (read_only false).`,
      ].join(" "),
      inputSchema: {
        type: "object",
        properties: {
          code: {
            type: "string",
            minLength: 1,
            maxLength: MAX_PROGRAM_CHARS,
            description: `e.g. const c = await ${ns}.list_all_x({limit: 5}); return c.result.map((x) => x.id);`,
          },
        },
        required: ["code"],
        additionalProperties: false,
      },
      annotations: {
        title: "Run a program",
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
  ];
}
