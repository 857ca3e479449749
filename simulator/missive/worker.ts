/**
 * Worker entry of the standalone simulator (`npx wrangler dev -c simulator/missive/wrangler.toml`). One
 * module-scope instance, so state persists across requests within the isolate.
 */
import { createMissiveSimulator } from "./index";

const simulator = createMissiveSimulator();

/** Serves `/health`, then hands everything else to the simulator. */
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ status: "ok", service: "missive-simulator" });
    return simulator.fetch(request);
  },
} satisfies ExportedHandler;
