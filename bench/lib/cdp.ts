/**
 * A minimal Chrome DevTools Protocol client over the inspector port of `wrangler dev`, enough to
 * take a CPU profile of a Worker's isolate inside workerd while the bench sends it requests.
 */
import type { CpuProfile } from "../inproc/profile.ts";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** One DevTools session. */
export class CdpSession {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener("message", (event: MessageEvent) => {
      const msg = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (msg.id === undefined) return;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  /** Connects to the first target listed on an inspector port. */
  static async connect(port: number): Promise<CdpSession> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    // wrangler's inspector proxy refuses upgrades without an Origin header; Node's WebSocket (undici)
    // takes headers in its non-standard init object, which the DOM typings do not describe.
    const init = { headers: { origin: `http://127.0.0.1:${port}` } };
    const ws = new WebSocket(url, init as unknown as string[]);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new CdpSession(ws);
  }

  /** Sends one command and waits for its result. */
  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Closes the session. */
  close(): void {
    this.#ws.close();
  }
}

/** Profiles the Worker behind an inspector port while `run` sends it requests. */
export async function profileWorkerd(
  port: number,
  run: () => Promise<void>,
  intervalUs = 100,
): Promise<CpuProfile> {
  const cdp = await CdpSession.connect(port);
  try {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: intervalUs }).catch(() => undefined);
    await cdp.send("Profiler.start");
    await run();
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
    return profile;
  } finally {
    cdp.close();
  }
}

/** The inspector port a `wrangler dev` child was started with (from its arguments). */
export function inspectorPort(spawnargs: readonly string[]): number {
  const i = spawnargs.indexOf("--inspector-port");
  const port = Number(spawnargs[i + 1]);
  if (i < 0 || !Number.isInteger(port)) throw new Error("wrangler dev was started without --inspector-port");
  return port;
}
