/**
 * What a route handler receives. Handlers return a Response or throw an HttpError.
 */
import type { User } from "./model";
import type { SimulatorData } from "./state";

/** Per-request context. */
export interface HandlerContext {
  data: SimulatorData;
  /** The token's user. */
  user: User;
  /** Path parameters by name (`:id`, `:ids`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body of POST/PATCH (undefined otherwise or when empty). */
  body: unknown;
  /** Request time in epoch milliseconds and seconds, from the injected clock. */
  nowMs: number;
  nowSec: number;
  /** A new deterministic id. */
  newId: () => string;
}

/** A route handler. */
export type Handler = (ctx: HandlerContext) => Response | Promise<Response>;
