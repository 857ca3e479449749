/**
 * The MCP URL token's shape, in one place: how it starts, how long it may be, where it sits in a
 * URL (`/mcp/<token>`), and how it is found in text to redact. The token itself is minted by
 * worker/stores/servers.ts and stored only as its SHA-256.
 */

/** Prefix that makes an MCP URL token recognizable (and redactable). */
export const URL_TOKEN_PREFIX = "emcp_";

/** Longest string taken for a URL token (a minted one is the prefix + 43 characters). */
export const URL_TOKEN_MAX_CHARS = 100;

/** True when `token` can be one of ours (worth hashing and looking up). */
export function isUrlTokenShape(token: string): boolean {
  return token.startsWith(URL_TOKEN_PREFIX) && token.length <= URL_TOKEN_MAX_CHARS;
}

/** The path of the MCP URL of `token` (the one URL an admin hands out is `<origin>` + this). */
export function mcpPath(token: string): string {
  return `/mcp/${token}`;
}

/** The URL token a path names when the path is exactly an MCP URL's, or null. */
export function tokenOfMcpPath(pathname: string): string | null {
  const m = pathname.match(/^\/mcp\/([^/]+)$/);
  return m?.[1] ?? null;
}

/** Replaces URL tokens, bare or inside an `/mcp/<token>` path, with a placeholder. */
export function redactUrlTokens(text: string): string {
  return text
    .replace(new RegExp(`\\b${URL_TOKEN_PREFIX}[A-Za-z0-9_-]{10,}`, "g"), `${URL_TOKEN_PREFIX}[redacted]`)
    .replace(/\/mcp\/[^/\s?"]+/g, "/mcp/[redacted]");
}
