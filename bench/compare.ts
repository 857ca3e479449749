/**
 * `npm run bench:compare -- <git rev> [--sim <simulator origin>]`: the gateway at an earlier
 * revision next to the working tree, in one Node process, for a before/after figure of a change
 * (issue 13's tool surface: tools/list and tools/call bytes, o200k tokens and CPU). Both source
 * trees are loaded side by side through the in-process harness (real modules, in-memory bindings,
 * the upstream answered with one response captured from the simulator, so both normalize the same
 * payload); CPU comes from interleaved rounds of the two (cheapest batch each, per-round range), so
 * the machine's load of the moment reaches both alike. Prints a Markdown table.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { ROOT } from "../scripts/lib/dev-stack.ts";
import { captureUpstream } from "./inproc/fakes.ts";
import { loadWorkerModulesFrom } from "./inproc/modules.ts";
import { resultSize } from "./inproc/result-size.ts";
import { inProcessGateway, requestFor, withCannedFetch } from "./inproc/stages.ts";
import { calibrate, pairedCpu, type TimedOp } from "./inproc/timing.ts";
import { type Era, jsonRpcMessages, type McpMethod } from "./lib/mcp-requests.ts";

const ROUNDS = 20;
const BATCH_CPU_US = 10_000;

/** Exports `rev` into a temporary folder that resolves the project's `node_modules`. */
function exportRevision(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "edge-mcp-compare-"));
  const archive = execFileSync("git", ["archive", rev], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

const encoder = new Tiktoken(o200k);
const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Bytes and tokens of a `tools/list` answer's result. */
function listSize(body: string) {
  const messages = jsonRpcMessages(body) as Array<{ result?: { tools?: unknown[] } }>;
  const result = messages[messages.length - 1]?.result ?? {};
  const json = JSON.stringify(result);
  return { tools: result.tools?.length ?? 0, bytes: bytes(json), tokens: encoder.encode(json).length };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rev = args.find((a) => !a.startsWith("--"));
  const sim = args[args.indexOf("--sim") + 1] ?? process.env.BENCH_SIM_URL;
  const book = process.env.BENCH_CONTACT_BOOK ?? "";
  if (!rev || !sim) throw new Error("usage: bench/compare.ts <git rev> --sim <simulator origin>");
  const call = { name: "list_all_missive_contacts", arguments: { contact_book: book, limit: 50 } };
  const canned = await captureUpstream(
    `${sim}/v1/contacts?contact_book=${book}&limit=50`,
    "missive_pat-simulator",
  );
  const before = await inProcessGateway(await loadWorkerModulesFrom(exportRevision(rev)));
  const after = await inProcessGateway(await loadWorkerModulesFrom(undefined));

  const rows: string[][] = [];
  await withCannedFetch(canned, async () => {
    for (const era of ["2026", "2025"] as const satisfies readonly Era[]) {
      for (const method of ["tools/list", "tools/call"] as const satisfies readonly McpMethod[]) {
        const op = (gw: typeof before): TimedOp<Request> => ({
          prepare: () => requestFor(gw.url, era, method, call),
          op: (r) => gw.serve(r),
        });
        const text = async (gw: typeof before) =>
          new TextDecoder().decode(await gw.serve(requestFor(gw.url, era, method, call)));
        const [b, a] = [await text(before), await text(after)];
        const size =
          method === "tools/list"
            ? (body: string) => listSize(body)
            : (body: string) => {
                const s = resultSize("", era, body);
                return { tools: 1, bytes: s.resultBytes, tokens: s.resultTokens };
              };
        const [sb, sa] = [size(b), size(a)];
        const per = [
          await calibrate(op(before), BATCH_CPU_US, 2000),
          await calibrate(op(after), BATCH_CPU_US, 2000),
        ] as const;
        const t = await pairedCpu(
          { ...op(before), perBatch: per[0] },
          { ...op(after), perBatch: per[1] },
          ROUNDS,
        );
        const ratios = t.b.map((v, i) => v / (t.a[i] as number));
        const [cb, ca] = [Math.min(...t.a), Math.min(...t.b)];
        const r = (x: number) => `${x.toFixed(2)}×`;
        rows.push([
          method,
          era === "2026" ? "2026-07-28" : "2025-11-25",
          `${sb.bytes} → ${sa.bytes} (${r(sa.bytes / sb.bytes)})`,
          `${sb.tokens} → ${sa.tokens} (${r(sa.tokens / sb.tokens)})`,
          `${cb.toFixed(0)} → ${ca.toFixed(0)} (${r(ca / cb)}; per round ${r(Math.min(...ratios))}–${r(Math.max(...ratios))})`,
        ]);
      }
    }
  });
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  console.log(`before = ${rev}, after = working tree; all-tools Missive URL; ${ROUNDS} interleaved rounds`);
  console.log(line(["method", "era", "result bytes", "result tokens (o200k)", "CPU µs per request"]));
  console.log(line(["---", "---", "---", "---", "---"]));
  for (const row of rows) console.log(line(row));
}

await main();
