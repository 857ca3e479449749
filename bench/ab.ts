/**
 * `npm run bench:ab -- <patches.json> [--era 2026,2025] [--concurrency 1,8] [--method tools/call]
 * [--rounds 10]` (≈ 2–4 min): does a change to the request path make the gateway faster, measured in
 * one run? The gateway as committed (A) and a copy of it with the patches applied (B) each get their
 * own `wrangler dev` stack and are measured in the same rounds, next to the peer, with the load cells
 * of the full bench (ratios from the paired pass, in which the sides take turns). Comparing two separate
 * `--quick` runs instead mixes the change with the machine's drift between the runs.
 *
 * A patch file is a JSON array of `{ "file", "from", "to" }` (paths from the project root); each
 * `from` must occur exactly once in its file. bench/experiments/ holds the ones measured so far.
 * Prints a Markdown table (per round B ÷ A, median and range); writes nothing into the project.
 */
import { parseArgs } from "node:util";
import { type CellPlan, measureCell, type Participant } from "./lib/cells.ts";
import { cpuRounds, p50Rounds, perRoundRatio } from "./lib/emulation.ts";
import { comparedGatewaySide, comparedPeerSide } from "./lib/load-matrix.ts";
import type { Era, McpMethod } from "./lib/mcp-requests.ts";
import { table } from "./lib/report-format.ts";
import type { Cell } from "./lib/result.ts";
import { PATCHED, type Side } from "./lib/sides.ts";
import { readPatchFile, type SourcePatch } from "./lib/snapshot.ts";
import { withPatchedPair } from "./lib/stack.ts";
import type { Spread } from "./lib/stats.ts";

const USAGE =
  "usage: npm run bench:ab -- <patches.json> [--era 2026,2025] [--concurrency 1,8] [--method tools/call|tools/list] [--rounds N ≥ 5]";

interface Options {
  patches: SourcePatch[];
  eras: Era[];
  concurrency: number[];
  method: McpMethod;
  rounds: number;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function listOf<T extends string>(value: string, allowed: readonly T[], name: string): T[] {
  const items = value.split(",").map((s) => s.trim());
  for (const item of items)
    if (!allowed.includes(item as T)) fail(`${name}: ${item} is not one of ${allowed.join(", ")}`);
  return items as T[];
}

function parseOptions(argv: string[]): Options {
  let parsed: ReturnType<typeof parseArgs<typeof ARGS>>;
  try {
    parsed = parseArgs({ args: argv, ...ARGS });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail("one patch file is required");
  let patches: SourcePatch[] = [];
  try {
    patches = readPatchFile(positionals[0] as string);
  } catch (e) {
    fail((e as Error).message);
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 5)
    fail("--rounds: an integer of at least 5 (the budgets' minimum)");
  const concurrency = values.concurrency.split(",").map(Number);
  if (!concurrency.every((c) => Number.isInteger(c) && c >= 1 && c <= 32))
    fail("--concurrency: integers 1–32");
  return {
    patches,
    eras: listOf(values.era, ["2026", "2025"] as const, "--era"),
    concurrency,
    method: listOf(values.method, ["tools/call", "tools/list"] as const, "--method")[0] as McpMethod,
    rounds,
  };
}

const ARGS = {
  allowPositionals: true,
  strict: true,
  options: {
    era: { type: "string", default: "2026,2025" },
    concurrency: { type: "string", default: "1,8" },
    method: { type: "string", default: "tools/call" },
    rounds: { type: "string", default: "10" },
  },
} as const;

const t0 = Date.now();
const log = (line: string) =>
  process.stderr.write(`[bench:ab ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);
const x = (s: Spread | null) =>
  s ? `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : "–";

/** Per-round p50s where the full bench pairs them: the cell's paired pass (cells.ts). */
const p50s = (cell: Cell, side: Side) => p50Rounds(cell, side, true);

async function main(options: Options): Promise<void> {
  log(
    "stacks: the gateway as committed (A, with simulator and peer) and the patched copy (B, with simulator)",
  );
  const rows = await withPatchedPair("ab", options.patches, ["peer"], async (a, b) => {
    const plan: CellPlan = { rounds: options.rounds, sliceMs: 600, minRequests: 30 };
    const out: string[][] = [];
    for (const era of options.eras) {
      const participants: Participant[] = [
        comparedGatewaySide("edge-mcp", a, era, options.method),
        comparedGatewaySide(PATCHED, b, era, options.method),
        comparedPeerSide(a, era, options.method),
      ];
      for (const c of options.concurrency) {
        const cell = await measureCell(options.method, era, c, participants, plan);
        // CPU per request of the two gateways read over the same window (the paired pass).
        const [cpuA = [], cpuB = []] = cpuRounds(cell, ["edge-mcp", PATCHED]);
        const row = [
          options.method,
          era === "2026" ? "2026-07-28" : "2025-era",
          String(c),
          x(perRoundRatio(p50s(cell, PATCHED), p50s(cell, "edge-mcp"))),
          x(perRoundRatio(cpuB, cpuA)),
          x(perRoundRatio(p50s(cell, "edge-mcp"), p50s(cell, "peer"))),
          x(perRoundRatio(p50s(cell, PATCHED), p50s(cell, "peer"))),
        ];
        log(`${row[0]} ${row[1]} c=${c}: B/A p50 ${row[3]}, CPU ${row[4]}`);
        out.push(row);
      }
    }
    return out;
  });
  process.stdout.write(
    [
      `# A/B: ${options.patches.length} patch(es), ${options.rounds} rounds per cell, ${new Date(t0).toISOString()}`,
      "",
      "B = the patched copy, A = the gateway as committed; ratios per round, median (min–max). As run: both keep every binding.",
      "A range that spans 1.00 is no evidence either way.",
      "",
      table(
        ["method", "era", "conc.", "B / A p50", "B / A CPU per request", "A p50 / peer", "B p50 / peer"],
        rows,
      ),
      "",
    ].join("\n"),
  );
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`bench:ab: ${(e as Error).message}\n`);
  process.exit(1);
}
