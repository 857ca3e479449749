/**
 * The shipped integrations (docs-registry/) in tests: published into the test bindings before each
 * file runs (the setup file), and as in-memory snapshots for unit tests that need a catalog without
 * storage.
 */
import { integrationEntry, registry } from "../../../docs-registry/index";
import type { Snapshot } from "../../../worker/integrations/snapshot";
import { createVersion, publish } from "../../../worker/integrations/versions";
import { type Catalog, catalog } from "../../../worker/tools/catalog";

const snapshots = new Map<string, Snapshot>();

/** A shipped integration as a snapshot (not stored; its hash names it as the seed). */
export function seedSnapshot(name: string): Snapshot {
  let s = snapshots.get(name);
  if (!s) {
    const content = integrationEntry(name);
    if (!content) throw new Error(`no shipped integration ${name}`);
    s = { ...content, hash: `seed-${name}` };
    snapshots.set(name, s);
  }
  return s;
}

/** The catalog of a shipped integration. */
export function seedCatalog(name: string): Catalog {
  return catalog(seedSnapshot(name));
}

/** Publishes every shipped integration into `env`'s storage (idempotent: unchanged content adds nothing). */
export async function publishSeeds(env: Env): Promise<void> {
  for (const content of registry().values()) {
    const created = await createVersion(env, content, { source: "seed", actor: "test-setup" }, Date.now());
    if (created.published_version !== created.version) {
      await publish(env, created.name, created.version, "test-setup", Date.now());
    }
  }
}
