/**
 * Shared helpers of the simulator tests: a controllable clock and a small JSON client.
 */
import {
  BASE_EPOCH,
  createMissiveSimulator,
  type MissiveSimulator,
  type SimulatorOptions,
} from "../../../../simulator/missive";

/** The primary token (Alex Morgan, admin of both organizations). */
export const PRIMARY = "missive_pat-simulator";
/** The guest token (Jamie Chen, plain member of Acme). */
export const GUEST = "missive_pat-simulator-guest";

/** A clock that only moves when told to. */
export interface Clock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A clock starting at the seed's base epoch plus one day. */
export function manualClock(startMs = (BASE_EPOCH + 86_400) * 1000): Clock {
  let t = startMs;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Result of {@link call}. */
export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests navigate arbitrary JSON answers
  json: any;
}

/** Options of {@link call}. */
export interface CallOptions {
  token?: string | null;
  body?: unknown;
  query?: Record<string, string | number | boolean>;
}

/** Calls the simulator the way the gateway would and parses the answer. */
export async function call(
  sim: MissiveSimulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const url = new URL(`https://missive.test/v1${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers = new Headers();
  const token = options.token === undefined ? PRIMARY : options.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const res = await sim.fetch(
    new Request(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
  );
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A simulator with a manual clock. */
export function setup(options: SimulatorOptions = {}): { sim: MissiveSimulator; clock: Clock } {
  const clock = manualClock();
  return { sim: createMissiveSimulator({ now: clock.now, ...options }), clock };
}

/**
 * Pages an `until` list the way Missive documents it: re-request with the oldest timestamp of the
 * previous page, drop ids already seen, stop on a short page or a page whose items all share one
 * timestamp. Returns the items in arrival order and the size of every page.
 */
export async function untilAll<T extends { id: string }>(
  fetchPage: (until: number | undefined) => Promise<T[]>,
  timestamp: (item: T) => number,
  limit: number,
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const seen = new Set<string>();
  const pageSizes: number[] = [];
  let until: number | undefined;
  for (let i = 0; i < 200; i++) {
    const page = await fetchPage(until);
    pageSizes.push(page.length);
    for (const item of page) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        items.push(item);
      }
    }
    if (page.length < limit) break;
    const oldest = Math.min(...page.map(timestamp));
    if (page.every((item) => timestamp(item) === oldest)) break;
    until = oldest;
  }
  return { items, pageSizes };
}
