/**
 * Which hosts are not on the public internet, for every place the gateway fetches an address someone
 * else chose: an integration's base URL (worker/integrations/base-url.ts) and an OAuth client's
 * metadata document URL (worker/oauth/hygiene.ts). Literal addresses reach here in the URL parser's
 * canonical form, so `127.1`, `0x7f000001` and `[::ffff:127.0.0.1]` are caught like `127.0.0.1`.
 */

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
