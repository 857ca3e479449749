/**
 * Helpers for e2e tests: admin calls, simulator control, the official MCP clients over HTTP, a
 * recording proxy, and bounded runs of client CLIs.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { inject } from "vitest";
import { ROOT } from "../../scripts/lib/dev-stack.ts";

/** Every command line in the process table (Linux /proc), one per line: where secrets must never be. */
export function allCommandLines(): string {
  const lines: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
    } catch {
      // the process ended meanwhile
    }
  }
  return lines.join("\n");
}

/** The running stack. */
export const stack = () => inject("stack");

/** Calls the gateway's admin API. */
export async function admin<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${stack().gateway}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack().adminToken}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : null,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A fresh Missive account (simulator token) and an MCP server on it; returns the MCP URL. */
export async function newServer(config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const account = await admin<{ id: string }>("POST", "/integrated-account", {
    integration: "missive",
    name: "e2e",
    credentials: { api_token: "missive_pat-simulator" },
  });
  const server = await admin<{ id: string; url: string }>("POST", `/integrated-account/${account.id}/mcp`, {
    name: "e2e server",
    config,
    ...extra,
  });
  return { accountId: account.id, serverId: server.id, url: server.url };
}

/** Calls the simulator's test-only control API (`/__simulator/*`). */
export async function simulator<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack().simulator}/__simulator/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : null,
  });
  return (await res.json()) as T;
}

/** Calls the simulator's Missive API directly, as the primary seeded user. */
export async function missive<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await fetch(`${stack().simulator}/v1${path}`, {
    headers: { authorization: "Bearer missive_pat-simulator" },
  });
  if (!res.ok) throw new Error(`simulator ${path} → ${res.status}`);
  return (await res.json()) as T;
}

/** An SDK v2 client over real HTTP in the given negotiation mode. */
export async function v2Client(url: string, mode: "legacy" | "auto" | "modern"): Promise<Client> {
  const versionNegotiation = mode === "modern" ? { mode: { pin: "2026-07-28" as const } } : { mode };
  const client = new Client({ name: "edge-mcp-e2e", version: "1.0.0" }, { versionNegotiation });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** An API token (shown once) with the given scopes, for `require_api_token_auth` servers. */
export async function newApiToken(scopes: Array<"admin" | "mcp"> = ["mcp"]): Promise<string> {
  const created = await admin<{ token: string }>("POST", "/api-token", { name: "e2e", scopes });
  return created.token;
}

/** One HTTP exchange seen by a {@link RecordingProxy}; bodies are summarised, never kept. */
export interface RecordedExchange {
  method: string;
  /** Path without the query. */
  path: string;
  /** Response status; 0 until the gateway answered. */
  status: number;
  contentType: string;
  accept: string;
  /** Whether an `Authorization` header was sent (its value is not recorded). */
  authorization: boolean;
  protocolVersionHeader: string | null;
  sessionIdHeader: boolean;
  /** JSON-RPC methods in a POST body, in order. */
  rpcMethods: string[];
  /** `initialize`'s requested version, or a 2026-07-28 request's `_meta` protocol version. */
  claimedVersion: string | null;
}

/** A transparent loopback HTTP proxy in front of the gateway that records every exchange. */
export interface RecordingProxy {
  /** The proxy's origin: put it in place of the gateway's in an MCP URL. */
  origin: string;
  exchanges: RecordedExchange[];
  /** `url` (a gateway MCP URL) rewritten to go through the proxy. */
  via(url: string): string;
  close(): Promise<void>;
}

/**
 * Starts a {@link RecordingProxy} to `target` on a free loopback port. Request bodies are buffered
 * (MCP messages are small); responses stream through unbuffered, so SSE works, and a client that
 * hangs up closes the upstream response too.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: RecordedExchange[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", target);
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === "string" ? value : null;
      };
      const exchange: RecordedExchange = {
        method: req.method ?? "GET",
        path: url.pathname,
        status: 0,
        contentType: "",
        accept: header("accept") ?? "",
        authorization: header("authorization") !== null,
        protocolVersionHeader: header("mcp-protocol-version"),
        sessionIdHeader: header("mcp-session-id") !== null,
        ...summariseRpc(body),
      };
      exchanges.push(exchange);
      const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
        exchange.status = answer.statusCode ?? 0;
        exchange.contentType = String(answer.headers["content-type"] ?? "");
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      res.on("close", () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    exchanges,
    via: (url) => {
      const u = new URL(url);
      return `${origin}${u.pathname}${u.search}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The JSON-RPC methods and claimed protocol version of a POST body (empty for anything else). */
function summariseRpc(body: Buffer): Pick<RecordedExchange, "rpcMethods" | "claimedVersion"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return { rpcMethods: [], claimedVersion: null };
  }
  const messages = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (m): m is Record<string, unknown> => typeof m === "object" && m !== null,
  );
  let claimedVersion: string | null = null;
  for (const m of messages) {
    const params =
      typeof m.params === "object" && m.params !== null ? (m.params as Record<string, unknown>) : {};
    const meta =
      typeof params._meta === "object" && params._meta !== null
        ? (params._meta as Record<string, unknown>)
        : {};
    const modern = meta["io.modelcontextprotocol/protocolVersion"];
    if (typeof modern === "string") claimedVersion = modern;
    else if (m.method === "initialize" && typeof params.protocolVersion === "string")
      claimedVersion = params.protocolVersion;
  }
  return {
    rpcMethods: messages.map((m) => (typeof m.method === "string" ? m.method : "(response)")),
    claimedVersion,
  };
}

/** What a finished child process printed. */
export interface ProcessOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <script> ...args` with this Node binary and a bounded wall clock: on timeout the
 * process group is killed and the promise rejects, so a client that waits for a browser or a
 * server cannot hang the suite.
 */
export function runNodeScript(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs: number },
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: dirname(process.execPath), ...(options.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      killTree(child.pid);
      reject(new Error(`${script} did not finish within ${options.timeoutMs} ms:\n${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** The absolute path of an installed package's bin script (by bin name, default the first). */
export function packageBin(pkg: string, bin?: string): string {
  const dir = join(ROOT, "node_modules", pkg);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const entry =
    typeof manifest.bin === "string"
      ? manifest.bin
      : manifest.bin?.[bin ?? Object.keys(manifest.bin)[0] ?? ""];
  if (!entry) throw new Error(`${pkg} has no bin ${bin ?? ""}`);
  return join(dir, entry);
}

const tempHomes: string[] = [];

/**
 * A fresh, empty directory to use as HOME for a CLI, so it reads and writes no real user state.
 * {@link removeTempHomes} deletes them all.
 */
export function tempHome(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `edge-mcp-${label}-`));
  tempHomes.push(dir);
  return dir;
}

/** Deletes every directory {@link tempHome} made. */
export function removeTempHomes(): void {
  for (const dir of tempHomes.splice(0)) rmSync(dir, { recursive: true, force: true });
}
