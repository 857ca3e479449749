/**
 * Self-contained scenarios `npm run bench` runs after the core load matrix, while the stack is up.
 * To add one: write `bench/scenarios/<name>.ts` exporting a {@link Scenario} and list it here.
 */
import type { Scenario } from "../lib/scenario.ts";
import { githubRuntime } from "./github.ts";
import { legacySse } from "./legacy-sse.ts";
import { sseFlood } from "./sse-flood.ts";

/** In run order. */
export const SCENARIOS: readonly Scenario[] = [legacySse, sseFlood, githubRuntime];
