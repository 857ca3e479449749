/**
 * The "what if" gateway: the snapshot's Worker, unchanged, behind a bench-only entry that hands it
 * an `env` where (1) KV reads of URL-token and account records are served from isolate memory for
 * a few seconds after the first read, and (2) the per-URL rate limiter answers at once. It models
 * the change proposed for worker/ (cache both records per isolate; take the limiter off the critical
 * path) without touching worker/, so the bench can show what that change is worth.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyGateway } from "./snapshot.ts";

/** How long a cached record is served from isolate memory. */
export const WHAT_IF_TTL_MS = 10_000;

// Written into the copy as its entry; compiled by wrangler, not by this project's typecheck.
const ENTRY = `// Bench-only entry (see bench/lib/whatif.ts). Not product code.
import worker from "./worker/index";
export * from "./worker/index";

const TTL_MS = ${WHAT_IF_TTL_MS};
const cache = new Map();

function cachingKv(kv) {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return async (key, type) => {
          const cacheable = typeof key === "string" && (key.startsWith("token:") || key.startsWith("account:"));
          const id = key + "|" + JSON.stringify(type ?? null);
          const hit = cacheable ? cache.get(id) : undefined;
          if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
          const value = await target.get(key, type);
          if (cacheable && value !== null) cache.set(id, { value, at: Date.now() });
          return value;
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const allow = { limit: async () => ({ success: true }) };

export default {
  fetch(request, env, ctx) {
    return worker.fetch(request, { ...env, KV: cachingKv(env.KV), MCP_RATE_LIMITER: allow }, ctx);
  },
};
`;

/** Builds the what-if copy of a snapshot in `dir`; returns its wrangler config path. */
export function whatIfCopy(snapshot: string, dir: string): string {
  copyGateway(snapshot, dir);
  writeFileSync(join(dir, "bench-whatif-entry.js"), ENTRY);
  const config = join(dir, "wrangler.toml");
  const toml = readFileSync(config, "utf8");
  const next = toml.replace(/^main\s*=\s*".*"\s*$/m, 'main = "bench-whatif-entry.js"');
  if (next === toml) throw new Error("wrangler.toml has no top-level main line to redirect");
  writeFileSync(config, next);
  return config;
}
