#!/usr/bin/env node
// `npm run seed -- <gateway URL>`: publishes the shipped integrations (docs-registry/) into a deployed
// gateway through its admin API — the deploy step after `wrangler deploy` (README, Deploy). Reads the
// admin token from the ADMIN_TOKEN environment variable, never from the command line. Idempotent.
import { publishSeed } from "./lib/seed.ts";

const url = process.argv[2]?.replace(/\/+$/, "");
const token = process.env.ADMIN_TOKEN;
if (!url || !/^https?:\/\//.test(url) || !token) {
  console.error(
    "usage: ADMIN_TOKEN=… npm run seed -- https://<your gateway>   (the admin token comes from the environment)",
  );
  process.exit(2);
}
try {
  for (const r of await publishSeed(url, token)) {
    console.log(
      `${r.name}: version ${r.version} published (${r.tools} tools${r.created ? ", new version" : ", unchanged"})`,
    );
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
