/**
 * Setup file of the workers projects: applies migrations/ to the real D1 binding (`ACTIVITY`) the
 * way `wrangler d1 migrations apply` does, then publishes the shipped integrations (docs-registry/)
 * as `npm start` does, before the tests of each file run. Idempotent.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { publishSeeds } from "./seed";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Read from migrations/ by vitest.config.ts (tests only). */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}

await applyD1Migrations(env.ACTIVITY, env.TEST_MIGRATIONS);
await publishSeeds(env);

/**
 * The gateway's own log lines (one JSON object each, worker/log.ts) are expected output of many
 * tests — an OAuth request refused on purpose logs `oauth_error`, an injected storage failure
 * `activity_write_failed` — so they are kept here, where a test can assert them, instead of being
 * printed into a green run. Anything else written to the console still prints.
 */
export const gatewayLogLines: string[] = [];
for (const method of ["log", "warn", "error"] as const) {
  const print = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].startsWith('{"level":')) {
      gatewayLogLines.push(args[0]);
      return;
    }
    print(...args);
  };
}
