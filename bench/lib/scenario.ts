/**
 * The plug-in point for self-contained bench scenarios (the legacy SSE round trip, and any other
 * measure that needs no change to the core load matrix). A scenario gets the running stack, returns
 * its own report section and budgets, and is listed in `bench/scenarios/index.ts`.
 */
import type { BenchStack } from "./stack.ts";

/** A budget verdict. */
export interface BudgetRow {
  budget: string;
  target: string;
  measured: string;
  pass: boolean;
}

/** What a scenario is given. */
export interface ScenarioContext {
  /** The running `wrangler dev` stack (simulator, gateway, peer, probe) and its provisioned URLs. */
  stack: BenchStack;
  /** Source snapshot the stack was started from. */
  snapshot: string;
  /** A scratch folder removed after the run. */
  tmp: string;
  quick: boolean;
  log: (line: string) => void;
}

/** What a scenario reports. */
export interface ScenarioOutput {
  name: string;
  /** Lines of its Markdown section (heading included). */
  markdown: string[];
  budgets: BudgetRow[];
  /** Raw figures for `latest.json`. */
  data: unknown;
}

/** A self-contained measure. */
export interface Scenario {
  name: string;
  /** Also run by `npm run bench -- --quick` (keep quick runs near 90 s). */
  inQuick: boolean;
  run(ctx: ScenarioContext): Promise<Omit<ScenarioOutput, "name">>;
}
