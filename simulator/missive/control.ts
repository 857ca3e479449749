/**
 * Test-only control endpoints under `/__simulator/`: read the request log, reset, set faults and rate
 * limits. They need no token and are never logged or rate limited.
 */

import { parseFaults } from "./faults";
import { errorResponse, json } from "./http";
import { isRecord } from "./params";
import type { MissiveSimulator, RateLimitUpdate } from "./types";

const LIMIT_KEYS = ["concurrent", "perMinute", "per15Minutes"] as const;

async function readJson(request: Request): Promise<unknown> {
  try {
    const text = await request.text();
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

/** Serves one control request against the simulator. */
export async function control(request: Request, path: string, sim: MissiveSimulator): Promise<Response> {
  const route = `${request.method} ${path}`;
  switch (route) {
    case "GET /__simulator/requests":
      return json({ requests: sim.requests });
    case "POST /__simulator/reset":
      sim.reset();
      return json({ ok: true });
    case "POST /__simulator/faults": {
      const body = await readJson(request);
      const faults = parseFaults(isRecord(body) ? body.faults : undefined);
      if (typeof faults === "string") return errorResponse(400, faults);
      sim.setFaults(faults);
      return json({ ok: true, faults: faults.length });
    }
    case "POST /__simulator/rate-limits": {
      const body = await readJson(request);
      if (!isRecord(body)) return errorResponse(400, "Body must be a JSON object");
      const update: RateLimitUpdate = {};
      for (const key of LIMIT_KEYS) {
        const v = body[key];
        if (v === undefined) continue;
        if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
          return errorResponse(400, `'${key}' must be a positive integer`);
        }
        update[key] = v;
      }
      if (typeof body.headersOnSuccess === "boolean") update.headersOnSuccess = body.headersOnSuccess;
      sim.setRateLimits(update);
      return json({ ok: true });
    }
    default:
      return errorResponse(404, "Unknown simulator control endpoint");
  }
}
