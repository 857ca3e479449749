/**
 * After the e2e run: the local observability store of the gateway's `wrangler dev` (every trace and
 * log line Workers Logs would hold) is searched for every secret the run used — the admin token, the
 * credentials key, any API token (`emat_…`) and the upstream credentials the tests connect accounts
 * with. None may be there. (URL tokens are: a request URL is logged by the platform, as README and
 * docs/STORAGE.md say; the gateway's own log lines redact them, checked by hostile-input tests.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Upstream credentials the e2e tests give accounts (the simulators' tokens). */
const UPSTREAM_CREDENTIALS = ["missive_pat-simulator", "ntn_simulator", "ghp_simulator"];

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The kinds of secret found in the observability store under `persistTo` (empty when none), how
 * many bytes were searched, and whether it held request URLs at all (a control: a store the scan
 * cannot read, e.g. compressed, must not pass for a clean one).
 */
export function secretsInObservability(
  persistTo: string,
  secrets: { adminToken: string; credentialsKey: string },
): { found: string[]; bytes: number; sawRequestUrls: boolean } {
  const found = new Set<string>();
  let bytes = 0;
  let sawRequestUrls = false;
  for (const file of files(join(persistTo, "v3", "observability"))) {
    const text = readFileSync(file).toString("latin1");
    bytes += text.length;
    // Every run publishes the shipped integrations at start (POST /integrations): its traces hold that URL.
    if (text.includes("/integrations")) sawRequestUrls = true;
    if (text.includes(secrets.adminToken)) found.add("the admin token");
    if (text.includes(secrets.credentialsKey)) found.add("the credentials key");
    if (/emat_[A-Za-z0-9_-]{20,}/.test(text)) found.add("an API token (emat_…)");
    for (const c of UPSTREAM_CREDENTIALS)
      if (text.includes(c)) found.add(`an upstream credential (${c.slice(0, 8)}…)`);
  }
  return { found: [...found], bytes, sawRequestUrls };
}
