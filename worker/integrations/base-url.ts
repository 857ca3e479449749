/**
 * Where an integration's API lives in this deployment, and which base URLs an admin may give one.
 *
 * The base URL is part of the integration (its data). A deployment may point integrations elsewhere
 * with the `UPSTREAM_BASE_URLS` var, a JSON object `{"<integration>": "<url>"}`: local development
 * points the shipped integrations at their simulators that way. Outside local development an
 * integration's base URL must be https on a public host, so an admin-supplied document cannot turn
 * the gateway into a client of loopback, private or link-local services.
 */
import { isNonPublicHost } from "../security/hosts";

/** True in local development (`ENVIRONMENT = "development"`, what `wrangler dev` runs). */
export function isLocalDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}

let parsedFor: string | undefined;
let parsed: Readonly<Record<string, string>> = {};

/** The deployment's per-integration base URL overrides (malformed JSON counts as none). */
export function baseUrlOverrides(env: Env): Readonly<Record<string, string>> {
  const raw = env.UPSTREAM_BASE_URLS ?? "";
  if (raw !== parsedFor) {
    parsedFor = raw;
    try {
      const value: unknown = raw.trim() ? JSON.parse(raw) : {};
      parsed =
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
            )
          : {};
    } catch {
      parsed = {};
    }
  }
  return parsed;
}

/** The base URL tool calls of `integration` go to in this deployment. */
export function upstreamBaseUrl(env: Env, integration: { name: string; base_url: string }): string {
  return baseUrlOverrides(env)[integration.name] || integration.base_url;
}

/**
 * Why `url` cannot be an integration's base URL, or null when it can. Local development allows
 * http and local hosts (simulators); everywhere else only https to a public host name or address.
 */
export function baseUrlProblem(url: string, allowLocal: boolean): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url.slice(0, 200)}" is not an absolute URL`;
  }
  if (u.username || u.password) return "the base URL must not carry credentials";
  if (allowLocal) return u.protocol === "https:" || u.protocol === "http:" ? null : "use http or https";
  if (u.protocol !== "https:") return `the base URL must use https (got ${u.protocol.replace(":", "")})`;
  if (isNonPublicHost(u.hostname))
    return `the base URL's host ${u.hostname} is loopback, private or reserved`;
  return null;
}
