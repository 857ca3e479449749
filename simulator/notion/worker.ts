/**
 * Worker entry of the standalone Notion simulator (`npx wrangler dev -c simulator/notion/wrangler.toml`).
 * One module-scope instance, so state persists across requests within the isolate.
 */
import { createNotionSimulator } from "./index";

const simulator = createNotionSimulator();

export default {
  fetch(request: Request): Promise<Response> {
    return simulator.fetch(request);
  },
};
