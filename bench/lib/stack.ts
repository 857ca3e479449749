/**
 * The benchmark's local stack, on loopback only, each Worker in its own `wrangler dev` (workerd):
 * the Missive simulator and the edge-mcp gateway (both from the source snapshot, the gateway with
 * throwaway state and secrets like the e2e setup), and as a measure needs them the reference peer
 * and the binding probe's two instances. Applies the D1 migrations (tool calls, and integrations'
 * versions and pointers) before the gateway starts, publishes the snapshot's seed integrations
 * (docs-registry/) through `POST /integrations` once it answers, then provisions an account and MCP
 * servers through the admin API.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  adminCall,
  applyMigrations,
  freePort,
  type RunningWorker,
  startWrangler,
} from "../../scripts/lib/dev-stack.ts";
import type { ToolCall } from "./mcp-requests.ts";

/** The seed publisher of scripts/lib/seed.ts, as loaded from a snapshot. */
type SeedModule = typeof import("../../scripts/lib/seed.ts");

/** The simulator's primary seeded user. */
export const SIMULATOR_TOKEN = "missive_pat-simulator";

/** URLs per server config in the pool (see {@link GatewayStack.gatewayMcpUrls}). */
export const URL_POOL = 24;

/**
 * A filter that yields six tools, like the peer: contact books, contacts (list + create), contact
 * groups, conversation comments and users. (No filter yields the seed article's exact six:
 * `list_all_missive_conversations` shares its only tag with a dozen other tools.)
 */
export const SIX_TOOL_CONFIG = { methods: ["list", "create"], tags: ["contacts", "comments", "users"] };

/** A started worker and how long `wrangler dev` took to answer its first request. */
export interface Started {
  worker: RunningWorker;
  readyMs: number;
}

/** The gateway under measurement, its simulator, and what was provisioned on it. */
export interface GatewayStack {
  simulator: Started;
  gateway: Started;
  /**
   * All-tools MCP URLs of one account, minted through the admin API. The gateway limits requests per
   * URL (Workers Rate Limiting, 600/min in dev), so the load spreads over a pool of identical URLs;
   * the limiter call itself stays in every request's path.
   */
  gatewayMcpUrls: string[];
  /** URLs filtered to six tools (the peer's tool count), for a same-size `tools/list` comparison. */
  gatewaySixToolUrls: string[];
  /** A contact book id of the seeded user (for `list_all_missive_contacts`). */
  contactBook: string;
  /** The gateway's admin token (throwaway, like its state). */
  adminToken: string;
  /** Where the gateway's `wrangler dev` keeps its local KV, D1 and Durable Object state. */
  gatewayStateDir: string;
  stop: () => Promise<void>;
}

/** The reference peer (bench/peer), calling the stack's simulator. */
export interface PeerPart {
  peer: Started;
  peerMcpUrl: string;
}

/** The binding probe (bench/probe), in two instances. */
export interface ProbePart {
  /**
   * KV and rate-limit latency inside workerd, and the side that emulates one gateway request's
   * binding work in the load cells.
   */
  probe: Started;
  /**
   * A second instance serving the probe's bare side, so each probe side has its own workerd and the
   * CPU of each can be read in the same window as the gateway's and the peer's (cells.ts).
   */
  probeBare: Started;
}

/** What may run beside the gateway: the peer, the probe's two instances. */
export type StackPart = "peer" | "probes";

/** A stack with the named parts. */
export type StackWith<P extends StackPart> = GatewayStack &
  ("peer" extends P ? PeerPart : unknown) &
  ("probes" extends P ? ProbePart : unknown);

/** Everything the full bench measures. */
export type BenchStack = StackWith<StackPart>;

async function timed(start: () => Promise<RunningWorker>): Promise<Started> {
  const t0 = performance.now();
  const worker = await start();
  return { worker, readyMs: performance.now() - t0 };
}

/** Admin calls, retried once when `wrangler dev` restarted the Worker mid-request (503). */
export async function admin(base: string, token: string, method: string, path: string, body?: unknown) {
  try {
    return await adminCall(base, token, method, path, body);
  } catch (e) {
    if (!(e instanceof Error && e.message.includes("→ 503"))) throw e;
    await new Promise((r) => setTimeout(r, 2000));
    return adminCall(base, token, method, path, body);
  }
}

/** An account plus `count` all-tools URLs and `count / 2` six-tool URLs on a gateway. */
async function provision(gw: string, adminToken: string, count: number) {
  const account = await admin(gw, adminToken, "POST", "/integrated-account", {
    integration: "missive",
    name: "bench",
    credentials: { api_token: SIMULATOR_TOKEN },
  });
  const mint = async (name: string, config: Record<string, unknown>, n: number) => {
    const urls: string[] = [];
    for (let i = 0; i < n; i++) {
      const server = await admin(gw, adminToken, "POST", `/integrated-account/${account.id}/mcp`, {
        name: `${name} #${i + 1}`,
        config,
      });
      urls.push(String(server.url).replace(/^https?:\/\/[^/]+/, gw));
    }
    return urls;
  };
  return {
    all: await mint("bench: all Missive tools", {}, count),
    six: await mint("bench: six tools", SIX_TOOL_CONFIG, count / 2),
  };
}

/**
 * Starts the simulator and the gateway (both from `snapshot`) and the named `parts` in parallel, lifts
 * the simulator's rate limits and provisions. `stateDir` receives the throwaway KV/DO/D1 state. A
 * part that is not asked for is not started: each `wrangler dev` costs seconds of startup and a
 * workerd's memory.
 */
export async function startBenchStack<P extends StackPart>(
  snapshot: string,
  stateDir: string,
  parts: readonly P[],
): Promise<StackWith<P>> {
  const want = (part: StackPart) => (parts as readonly StackPart[]).includes(part);
  const simPort = await freePort();
  const simUrl = `http://127.0.0.1:${simPort}`;
  const adminToken = `adm_${randomBytes(24).toString("base64url")}`;
  // The gateway records every tool call in D1 and reads its integrations' pointers from it (every
  // migration of the snapshot's migrations/, 0002_integrations included): without the tables each call
  // would pay a failed write, and no integration could be published. The probe inserts the same rows
  // into the same schema.
  await Promise.all([
    applyMigrations(join(stateDir, "gateway"), join(snapshot, "wrangler.toml")),
    want("probes") ? applyMigrations(join(stateDir, "probe"), "bench/probe/wrangler.toml") : null,
  ]);
  const workers: Record<string, { config: string; vars?: Record<string, string>; persist?: string }> = {
    simulator: { config: join(snapshot, "simulator", "missive", "wrangler.toml") },
    gateway: {
      config: join(snapshot, "wrangler.toml"),
      persist: "gateway",
      vars: {
        // Only Missive is called by the bench; GitHub (imported by the github scenario) is listed and
        // searched, never called.
        UPSTREAM_BASE_URLS: JSON.stringify({ missive: `${simUrl}/v1` }),
        ADMIN_TOKEN: adminToken,
        CREDENTIALS_KEY: randomBytes(32).toString("base64"),
      },
    },
  };
  if (want("peer"))
    workers.peer = {
      config: "bench/peer/wrangler.toml",
      vars: { MISSIVE_BASE_URL: `${simUrl}/v1`, MISSIVE_TOKEN: SIMULATOR_TOKEN },
    };
  if (want("probes")) {
    workers.probe = { config: "bench/probe/wrangler.toml", persist: "probe" };
    workers["probe (bare)"] = { config: "bench/probe/wrangler.toml", persist: "probe-bare" };
  }
  const labels = Object.keys(workers); // the simulator first, on the port found above
  // One at a time: a port is free once found, not reserved, so parallel lookups could find the same one.
  const ports = [simPort];
  while (ports.length < labels.length) ports.push(await freePort());
  const started = await Promise.allSettled(
    labels.map((label, i) => {
      const w = workers[label] as (typeof workers)[string];
      return timed(() =>
        startWrangler({
          config: w.config,
          port: ports[i] as number,
          label,
          quiet: true,
          ...(w.persist ? { persistTo: join(stateDir, w.persist) } : {}),
          ...(w.vars ? { vars: w.vars } : {}),
        }),
      );
    }),
  );
  const up = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stop = async () => {
    await Promise.all(up.map((s) => s.worker.stop()));
  };
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const byLabel = Object.fromEntries(labels.map((label, i) => [label, up[i] as Started]));
  const gateway = byLabel.gateway as Started;
  try {
    const lifted = await fetch(`${simUrl}/__simulator/rate-limits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ perMinute: 1_000_000, per15Minutes: 1_000_000, concurrent: 1000 }),
    });
    if (!lifted.ok) throw new Error(`simulator rate-limit control → ${lifted.status}`);
    // The seed of the snapshot (its own scripts/lib/seed.ts reads its own docs-registry/).
    const seed = (await import(
      pathToFileURL(join(snapshot, "scripts", "lib", "seed.ts")).href
    )) as SeedModule;
    await seed.publishSeed(gateway.worker.url, adminToken);
    const pools = await provision(gateway.worker.url, adminToken, URL_POOL);
    const books = await fetch(`${simUrl}/v1/contact_books`, {
      headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` },
    });
    const contactBook = ((await books.json()) as { contact_books: { id: string }[] }).contact_books[0]?.id;
    if (!contactBook) throw new Error("the simulator has no contact book");
    const peer = byLabel.peer;
    return {
      simulator: byLabel.simulator as Started,
      gateway,
      gatewayMcpUrls: pools.all,
      gatewaySixToolUrls: pools.six,
      contactBook,
      adminToken,
      gatewayStateDir: join(stateDir, "gateway"),
      stop,
      ...(peer ? { peer, peerMcpUrl: `${peer.worker.url}/mcp` } : {}),
      ...(want("probes") ? { probe: byLabel.probe, probeBare: byLabel["probe (bare)"] } : {}),
    } as StackWith<P>;
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The tool call every bench measures: one page of 50 contacts of the stack's contact book. */
export function measuredCall(stack: GatewayStack): ToolCall {
  return { name: "list_all_missive_contacts", arguments: { contact_book: stack.contactBook, limit: 50 } };
}
