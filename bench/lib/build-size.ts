/**
 * Bundle size and startup time, as wrangler reports them: `wrangler deploy --dry-run --outdir` for
 * the upload and gzip size, and `wrangler check startup` for the CPU time of the Worker's startup
 * phase (module evaluation) in a local workerd (`npm run bench:github`).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { gzipSync } from "node:zlib";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/** One Worker to size: its config and any extra `wrangler deploy` arguments. */
export interface BuildTarget {
  label: string;
  config: string;
  extraArgs: string[];
  /** Working directory for wrangler (default: the project root). */
  cwd?: string;
}

/** What a dry-run build reported. */
export interface BundleSize {
  label: string;
  uploadKiB: number;
  gzipKiB: number;
  /** Our own gzip (level 9) of the emitted entry, as a cross-check. */
  entryGzipKiB: number;
}

/** What `wrangler check startup` reported for one run. */
export interface StartupRun {
  activeMs: number;
  gcMs: number;
}

function run(args: string[], cwd = ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const text = stripVTControlCharacters(out);
      if (code === 0) resolve(text);
      else reject(new Error(`wrangler ${args.slice(0, 2).join(" ")} exited ${code}:\n${text.slice(-2000)}`));
    });
  });
}

function kib(text: string, pattern: RegExp): number {
  const m = text.match(pattern);
  if (!m?.[1]) throw new Error(`wrangler output did not match ${pattern}:\n${text.slice(-1500)}`);
  return Number(m[1]);
}

/** `wrangler deploy --dry-run --outdir <dir>`: upload and gzip size. */
export async function dryRunSize(t: BuildTarget, outdir: string): Promise<BundleSize> {
  const text = await run(["deploy", "--dry-run", "-c", t.config, "--outdir", outdir, ...t.extraArgs], t.cwd);
  const entry = readdirSync(outdir).find((f) => f.endsWith(".js") && statSync(join(outdir, f)).isFile());
  const entryGzipKiB = entry
    ? gzipSync(readFileSync(join(outdir, entry)), { level: 9 }).length / 1024
    : Number.NaN;
  return {
    label: t.label,
    uploadKiB: kib(text, /Total Upload:\s*([\d.]+)\s*KiB/),
    gzipKiB: kib(text, /gzip:\s*([\d.]+)\s*KiB/),
    entryGzipKiB,
  };
}

/** `wrangler check startup`: startup CPU time of one fresh build. */
export async function startupRun(t: BuildTarget, outfile: string): Promise<StartupRun> {
  const args = `-c ${t.config} ${t.extraArgs.map((a) => (a === "" ? '""' : a)).join(" ")}`.trim();
  const text = await run(["check", "startup", `--args=${args}`, "--outfile", outfile], t.cwd);
  const m = text.match(/Active:\s*([\d.]+)\s*ms\s*\(including\s*([\d.]+)\s*ms garbage/);
  if (!m?.[1] || !m[2])
    throw new Error(`wrangler check startup printed no Active time:\n${text.slice(-1500)}`);
  return { activeMs: Number(m[1]), gcMs: Number(m[2]) };
}

/**
 * Dry-run sizes of the gateway (its production build: minified, as it ships; local dev builds are
 * not) and of the peer.
 */
export async function measureBundles(snapshot: string, tmp: string, log: (line: string) => void) {
  const targets: BuildTarget[] = [
    { label: "edge-mcp", config: join(snapshot, "wrangler.toml"), extraArgs: ["--env=production"] },
    { label: "peer", config: "bench/peer/wrangler.toml", extraArgs: [] },
  ];
  log("build: wrangler deploy --dry-run (edge-mcp, peer)");
  const bundles: BundleSize[] = [];
  for (const t of targets) {
    const b = await dryRunSize(t, join(tmp, `dist-${t.label}`));
    log(`  ${b.label}: ${b.uploadKiB.toFixed(1)} KiB, gzip ${b.gzipKiB.toFixed(1)} KiB`);
    bundles.push(b);
  }
  return bundles;
}
