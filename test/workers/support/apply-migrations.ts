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
