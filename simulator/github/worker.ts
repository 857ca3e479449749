/**
 * Worker entry of the standalone GitHub simulator (`npx wrangler dev -c simulator/github/wrangler.toml`).
 * One module-scope instance, so state persists across requests within the isolate.
 */
import { createGithubSimulator } from "./index.js";

const simulator = createGithubSimulator();

export default {
  fetch(request: Request): Promise<Response> {
    return simulator.fetch(request);
  },
};
