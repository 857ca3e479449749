/**
 * GitHub imported at runtime (integrations as data): GitHub's 12.4 MiB OpenAPI document through the
 * running gateway's admin API (`POST /integrations`, then publish), timed, its CPU read from the
 * gateway's workerd and sampled in the Worker's isolate; then, in steady state, the CPU per request
 * of the first `tools/list` page (≤ 200 tools or 120,000 characters: GitHub's holds 55) on an
 * `all`-exposure URL (1,101 tools) and of a `search_tools` call
 * on a discovery URL, net of binding emulation like the core cells; and an isolate's first use of
 * GitHub (snapshot read, tools built, search index built) in fresh processes. Budgets: each steady
 * request ≤ 10 ms of CPU (Workers Free), the first use ≤ 50 ms.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { FIRST_USE_PREFIX, type FirstUse } from "../inproc/report.ts";
import { type CellPlan, measureCell } from "../lib/cells.ts";
import {
  FIRST_USE_BUDGET_MS,
  FREE_PLAN_CPU_MS,
  PAID_PLAN_DEFAULT_CPU_MS,
  type SteadyRow,
  steadyRows,
  steadyText,
  summarize,
  withinLimit,
} from "../lib/cpu-limits.ts";
import { type GithubImport, githubUrls, importGithub, storedSnapshotFile } from "../lib/github-runtime.ts";
import { runHarnessScript } from "../lib/inproc-child.ts";
import { mcpSide, probeInstances, probeParticipants } from "../lib/load-matrix.ts";
import { checkResponse, mcpPost, type ToolCall } from "../lib/mcp-requests.ts";
import { ms, table } from "../lib/report-format.ts";
import type { Cell } from "../lib/result.ts";
import type { Scenario } from "../lib/scenario.ts";
import type { Side } from "../lib/sides.ts";
import { profileWorker, type WorkerdProfile } from "../lib/workerd-profiles.ts";

/** The discovery query measured (the e2e test's: it must find `list_all_github_repo_issues`). */
const SEARCH: ToolCall = { name: "search_tools", arguments: { query: "list issues in a repository" } };
const ALL: Side = "edge-mcp: GitHub, all tools";
const DISCOVERY: Side = "edge-mcp: GitHub, discovery";
/** URLs per exposure: each URL's limit is 600 requests a minute. */
const POOL = 4;

/** One fresh process's first use, by sample. */
async function firstUses(snapshot: string, file: string, hash: string, n: number): Promise<FirstUse[]> {
  const env = {
    BENCH_SOURCE_DIR: snapshot,
    BENCH_SNAPSHOT_FILE: file,
    BENCH_SNAPSHOT_HASH: hash,
    BENCH_INDEX_FILE: `${file}.index.json`,
  };
  // The serialized index, as POST /integrations stored it beside the snapshot (built untimed).
  await runHarnessScript(
    "bench/inproc/first-use.ts",
    { ...env, BENCH_PREPARE_INDEX: "1" },
    FIRST_USE_PREFIX,
    120_000,
  );
  const out: FirstUse[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await runHarnessScript<FirstUse>("bench/inproc/first-use.ts", env, FIRST_USE_PREFIX, 120_000));
  }
  return out;
}

/** Tools per page of a full listing, following `nextCursor` from the first page's result. */
async function pageSizes(url: string, first: Record<string, unknown>): Promise<number[]> {
  const sizes: number[] = [];
  let result = first;
  for (;;) {
    sizes.push((result.tools as unknown[]).length);
    const cursor = result.nextCursor;
    if (typeof cursor !== "string" || sizes.length > 100) return sizes;
    result = await checked(url, "tools/list", undefined, { cursor });
  }
}

/** Sends one request and checks it fully; returns the parsed result. */
async function checked(
  url: string,
  method: "tools/list" | "tools/call",
  call?: ToolCall,
  params?: Record<string, unknown>,
) {
  const post = mcpPost("2026", method, call);
  if (params) {
    const body = JSON.parse(post.body) as { params: Record<string, unknown> };
    Object.assign(body.params, params);
    post.body = JSON.stringify(body);
  }
  const res = await fetch(url, { method: "POST", headers: post.headers, body: post.body });
  const text = await res.text();
  const problem = checkResponse(method, res.status, text);
  if (problem) throw new Error(`GitHub ${method}: ${problem}`);
  return (JSON.parse(text) as { result: Record<string, unknown> }).result;
}

/** The figures this scenario writes to latest.json. */
export interface GithubScenarioData {
  import: GithubImport;
  pageTools: number;
  /** Tools on each page of the full listing (pages end at 200 tools or 120,000 characters). */
  pages: number[];
  searchHits: string[];
  steady: SteadyRow[];
  firstUse: FirstUse[];
  profiles: WorkerdProfile[];
}

export const githubRuntime: Scenario = {
  name: "GitHub imported at runtime",
  inQuick: true,
  async run({ stack, snapshot, tmp, quick, log }) {
    log("  POST /integrations with GitHub's OpenAPI document (12.4 MiB), under an isolate CPU profile");
    const imported = await importGithub(stack);
    log(
      `  imported ${imported.tools} tools in ${ms(imported.importWallMs)} ms wall; ` +
        `isolate ${ms(imported.importIsolateCpuMs)} ms, workerd process ${ms(imported.importProcessCpuMs)} ms CPU`,
    );
    const urls = await githubUrls(stack, POOL);
    const page = await checked(urls.all[0] as string, "tools/list");
    const hits = JSON.parse(
      (
        (await checked(urls.discovery[0] as string, "tools/call", SEARCH)).content as Array<{ text: string }>
      )[0]?.text ?? "{}",
    ) as { result: Array<{ name: string }> };
    const pageTools = (page.tools as unknown[]).length;
    const pages = await pageSizes(urls.all[0] as string, page);
    const searchHits = hits.result.map((h) => h.name);
    if (!searchHits.includes("list_all_github_repo_issues"))
      throw new Error(`search_tools did not find list_all_github_repo_issues: ${searchHits.join(", ")}`);

    const plan: CellPlan = quick
      ? { rounds: 3, sliceMs: 400, minRequests: 15 }
      : { rounds: 5, sliceMs: 600, minRequests: 30 };
    const pid = stack.gateway.worker.child.pid;
    const probes = probeInstances(stack);
    const cells: Cell[] = [];
    for (const era of quick ? (["2026"] as const) : (["2026", "2025"] as const)) {
      // A tools/list takes one unit of the URL's limit (the probe's list shape emulates it); a
      // search_tools call takes none and records nothing: no emulation to subtract, no probe.
      cells.push(
        await measureCell(
          "tools/list",
          era,
          1,
          [
            mcpSide(ALL, urls.all, pid, era, "tools/list", SEARCH),
            ...probeParticipants(probes, "tools/list", ""),
          ],
          plan,
        ),
      );
      cells.push(
        await measureCell(
          "tools/call",
          era,
          1,
          [mcpSide(DISCOVERY, urls.discovery, pid, era, "tools/call", SEARCH)],
          plan,
        ),
      );
    }
    const eraOf = (c: Cell) => (c.era === "2026" ? "2026-07-28" : "2025-era");
    const steady = [
      ...steadyRows(cells, ALL, (c) => `tools/list first page, ${pageTools} tools (${eraOf(c)})`),
      ...steadyRows(cells, DISCOVERY, (c) => `search_tools (${eraOf(c)})`, true),
    ];
    for (const r of steady) log(`  ${steadyText(r)}`);

    const profiles: WorkerdProfile[] = [];
    if (!quick) {
      const config = join(snapshot, "wrangler.toml");
      for (const [label, shot] of [
        [
          `GitHub tools/list page (${pageTools} tools)`,
          mcpSide(ALL, urls.all, pid, "2026", "tools/list", SEARCH).shot,
        ],
        ["GitHub search_tools", mcpSide(DISCOVERY, urls.discovery, pid, "2026", "tools/call", SEARCH).shot],
      ] as const) {
        profiles.push(await profileWorker(label, stack.gateway.worker, config, shot, 60));
      }
    }

    const file = storedSnapshotFile(stack.gatewayStateDir, imported.hash);
    const copy = join(tmp, "github-snapshot.json");
    copyFileSync(file, copy);
    const firstUse = await firstUses(snapshot, copy, imported.hash, quick ? 3 : 5);
    const thread = summarize(firstUse.map((f) => f.total.threadCpuMs));
    const wall = summarize(firstUse.map((f) => f.total.wallMs));
    log(
      `  first use in a fresh process: ${ms(thread.median)} ms thread CPU (max ${ms(thread.max)}), wall ${ms(wall.median)}`,
    );

    const data: GithubScenarioData = {
      import: imported,
      pageTools,
      pages,
      searchHits,
      steady,
      firstUse,
      profiles,
    };
    return {
      markdown: githubMarkdown(data),
      budgets: [
        {
          budget:
            "GitHub steady state: CPU per MCP request (the first tools/list page of 1,101 tools, search_tools), net of binding emulation",
          target: `≤ ${FREE_PLAN_CPU_MS} ms each (Workers Free limit per invocation; median of rounds)`,
          measured: steady.map(steadyText).join("; "),
          pass: withinLimit(steady),
        },
        {
          budget:
            "GitHub first use in a fresh isolate (readSnapshot + catalog + stored search index), main-thread CPU",
          target: `≤ ${FIRST_USE_BUDGET_MS} ms (median of ${firstUse.length} fresh processes)`,
          measured: `${ms(thread.median)} ms (max ${ms(thread.max)}; wall ${ms(wall.median)} ms; ${firstUse[0]?.tools ?? 0} tools, ${((firstUse[0]?.snapshotBytes ?? 0) / 1024 / 1024).toFixed(2)} MiB)`,
          pass: thread.median <= FIRST_USE_BUDGET_MS,
        },
      ],
      data,
    };
  },
};

/** The scenario's section of the report. */
export function githubMarkdown(d: GithubScenarioData): string[] {
  const i = d.import;
  const step = (k: "readSnapshot" | "catalog" | "searchIndex" | "total") => {
    const t = summarize(d.firstUse.map((f) => f[k].threadCpuMs));
    const p = summarize(d.firstUse.map((f) => f[k].processCpuMs));
    const w = summarize(d.firstUse.map((f) => f[k].wallMs));
    return [k, ms(t.median), ms(t.max), ms(p.median), ms(w.median)];
  };
  const plan =
    i.importIsolateCpuMs > FREE_PLAN_CPU_MS
      ? `Workers Paid (default limit ${PAID_PLAN_DEFAULT_CPU_MS / 1000} s of CPU)`
      : "Workers Free";
  return [
    "## GitHub imported at runtime",
    "",
    `\`POST /integrations\` with GitHub's OpenAPI document (${(i.documentBytes / 1024 / 1024).toFixed(1)} MiB, ` +
      `${i.operations} operations → ${i.tools} tools), version ${i.version} published: ${ms(i.importWallMs)} ms wall, ` +
      `${ms(i.importIsolateCpuMs)} ms of JS + GC sampled in the Worker's isolate, ${ms(i.importProcessCpuMs)} ms of the ` +
      `gateway's workerd process (with the local KV and D1 emulation). Needs: ${plan}.`,
    "",
    `\`tools/list\` of the \`all\` URL: ${d.pages.length} pages of ${d.pages.join(", ")} tools (a page ends at 200 tools ` +
      "or 120,000 characters of definitions, whichever comes first).",
    "",
    "Steady state, CPU per request of the gateway's workerd (solo slices, median of rounds):",
    "",
    ...d.steady.map((r) => `- ${steadyText(r)}`),
    ...d.profiles.map(
      (p) => `- ${p.label}: ${ms(p.cpuMsPerRequest)} ms of JS + GC sampled in the isolate per request`,
    ),
    "",
    `First use of GitHub in a fresh process (${d.firstUse.length} processes; ms):`,
    "",
    table(
      ["step", "thread CPU median", "max", "process CPU", "wall"],
      [step("readSnapshot"), step("catalog"), step("searchIndex"), step("total")],
    ),
    "",
  ];
}
