/**
 * Setup file of the workers projects: applies migrations/ to the real D1 binding (`ACTIVITY`)
 * before the tests of each file run, the way `wrangler d1 migrations apply` does. Idempotent.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Read from migrations/ by vitest.config.ts (tests only). */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}

await applyD1Migrations(env.ACTIVITY, env.TEST_MIGRATIONS);
