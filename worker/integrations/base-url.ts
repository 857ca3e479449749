/**
 * Where an integration's API lives in this deployment, and which base URLs an admin may give one.
 *
 * The base URL is part of the integration (its data). A deployment may point integrations elsewhere
 * with the `UPSTREAM_BASE_URLS` var, a JSON object `{"<integration>": "<url>"}`: local development
 * points the shipped integrations at their simulators that way. Outside local development an
 * integration's base URL must be https on a public host, so an admin-supplied document cannot turn
 * the gateway into a client of loopback, private or link-local services.
 */

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

/**
 * True for hosts that are not on the public internet: loopback, private, link-local, CGNAT, unique
 * local and reserved addresses in any notation the URL parser normalizes (`127.1`, `0x7f000001`
 * and `[::ffff:127.0.0.1]` all reach here as canonical forms), and local-only names.
 */
export function isNonPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".internal")
  )
    return true;
  if (!host.includes(".") && !host.includes(":")) return true;
  const v4 = host.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) return isNonPublicV4(v4.slice(1).map(Number));
  if (host.includes(":")) {
    const mapped =
      host.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/) ?? host.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
    if (mapped) {
      const parts =
        mapped.length === 2
          ? (mapped[1] ?? "").split(".").map(Number)
          : [mapped[1], mapped[2]].flatMap((h) => {
              const n = Number.parseInt(h ?? "0", 16);
              return [n >> 8, n & 255];
            });
      return isNonPublicV4(parts);
    }
    return (
      host === "::" ||
      host === "::1" ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith("ff") ||
      host.startsWith("2001:db8") ||
      host.startsWith("64:ff9b") ||
      host.startsWith("100::")
    );
  }
  return false;
}

function isNonPublicV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}
