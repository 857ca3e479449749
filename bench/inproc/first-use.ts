/**
 * An isolate's first use of an integration, in a fresh process (run once per sample by the github
 * scenario, bench/scenarios/github.ts): the stored snapshot's text as KV returns it goes through the
 * worker's real `readSnapshot` (hash check, JSON parse, header check), `catalog` (every tool built)
 * and the search index (discovery's full-text index, loaded from the serialized form `POST
 * /integrations` stores beside the snapshot, as `prepareSearchIndex` does at an isolate's first
 * `search_tools`), with no module state left from an earlier use: what the first request to the
 * integration's URL pays in a new isolate, beyond its own work.
 * Module loading is not timed (that is the Worker's startup, measured by `wrangler check startup`).
 *
 * CPU is the main thread's (`process.threadCpuUsage`): the Workers runtime counts the isolate's own
 * thread; Node's GC and compiler helper threads are left out here, and reported beside it as the
 * process's CPU. Prints one line: {@link FIRST_USE_PREFIX} and a {@link FirstUse} as JSON.
 *
 * Env: BENCH_SOURCE_DIR (source snapshot), BENCH_SNAPSHOT_FILE (the stored text), BENCH_SNAPSHOT_HASH,
 * BENCH_INDEX_FILE (the serialized index; with BENCH_PREPARE_INDEX=1 the process only writes it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadWorkerModules, type SnapshotLike } from "./modules.ts";
import { FIRST_USE_PREFIX, type FirstUse, type StepCost } from "./report.ts";

const thread = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};
const proc = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function step(fn: () => unknown): Promise<StepCost> {
  const [t0, p0, w0] = [thread(), proc(), performance.now()];
  await fn();
  return { threadCpuMs: thread() - t0, processCpuMs: proc() - p0, wallMs: performance.now() - w0 };
}

const sum = (a: StepCost, b: StepCost): StepCost => ({
  threadCpuMs: a.threadCpuMs + b.threadCpuMs,
  processCpuMs: a.processCpuMs + b.processCpuMs,
  wallMs: a.wallMs + b.wallMs,
});

async function main(): Promise<void> {
  const file = process.env.BENCH_SNAPSHOT_FILE;
  const hash = process.env.BENCH_SNAPSHOT_HASH;
  if (!file || !hash) throw new Error("BENCH_SNAPSHOT_FILE and BENCH_SNAPSHOT_HASH are required");
  const m = await loadWorkerModules();
  const text = readFileSync(file, "utf8");
  const indexFile = process.env.BENCH_INDEX_FILE;
  if (process.env.BENCH_PREPARE_INDEX === "1" && indexFile) {
    const s = await m.snapshot.readSnapshot(hash, text);
    writeFileSync(indexFile, m.searchIndex.serializeSearchIndex(m.catalog.catalog(s)));
    process.stdout.write(`${FIRST_USE_PREFIX}${JSON.stringify({ prepared: true })}\n`);
    return;
  }
  const indexText = indexFile ? readFileSync(indexFile, "utf8") : null;
  let snapshot: SnapshotLike | undefined;
  let tools = 0;
  const read = await step(async () => {
    snapshot = await m.snapshot.readSnapshot(hash, text);
  });
  const built = await step(() => {
    tools = m.catalog.catalog(snapshot as SnapshotLike).tools.length;
  });
  const indexed = await step(async () => {
    const c = m.catalog.catalog(snapshot as SnapshotLike);
    await m.searchIndex.prepareSearchIndex(c, async () => indexText);
    m.searchIndex.searchIndex(c);
  });
  const result: FirstUse = {
    tools,
    snapshotBytes: Buffer.byteLength(text),
    readSnapshot: read,
    catalog: built,
    searchIndex: indexed,
    total: sum(sum(read, built), indexed),
  };
  process.stdout.write(`${FIRST_USE_PREFIX}${JSON.stringify(result)}\n`);
}

await main();
