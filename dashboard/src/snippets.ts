/** Ready-to-paste client configurations for a freshly generated MCP server URL. */
import { INSPECTOR, MCP_REMOTE, pinned } from "./client-versions";

/** One snippet. */
export interface Snippet {
  id: string;
  label: string;
  text: string;
  note?: string;
}

/** Placeholder for the second credential when the server requires an API token. */
export const API_TOKEN_PLACEHOLDER = "<API token>";

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/;

const shellQuote = (s: string) => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The snippets for `url`; `key` is the client-side server name (a slug). */
export function snippets(url: string, key: string, requireApiToken: boolean): Snippet[] {
  const auth = `Authorization: Bearer ${API_TOKEN_PLACEHOLDER}`;
  // Pinned: an unpinned npx picks the newest release its Node admits, which may behave differently.
  const remoteArgs = ["-y", pinned(MCP_REMOTE), url];
  if (url.startsWith("http:") && !LOOPBACK.test(url)) remoteArgs.push("--allow-http");
  if (requireApiToken) remoteArgs.push("--header", auth);
  const desktop = { mcpServers: { [key]: { command: "npx", args: remoteArgs } } };
  const tokenNote = requireApiToken
    ? `Replace ${API_TOKEN_PLACEHOLDER} with an API token (API tokens page).`
    : undefined;
  const needsNode = (c: typeof INSPECTOR, where: string) =>
    `Needs Node ≥ ${c.node} ${where}. With an older Node, run it from an edge-mcp checkout with the project's own Node: npm --prefix /path/to/edge-mcp exec -- ${c.bin} …`;
  const withToken = (note: string) => (tokenNote ? `${tokenNote} ${note}` : note);
  return [
    {
      id: "claude-ai",
      label: "claude.ai (Settings → Connectors → Add custom connector)",
      text: url,
      note: requireApiToken
        ? "claude.ai connectors cannot send an Authorization header: this server requires an API token, so use a client below."
        : LOOPBACK.test(url)
          ? "Paste as the connector's URL once the gateway is deployed: claude.ai connects from the internet and cannot reach this local address."
          : "Paste as the connector's URL.",
    },
    {
      id: "claude-code",
      label: "Claude Code",
      text: `claude mcp add --transport http ${shellQuote(key)} ${shellQuote(url)}${
        requireApiToken ? ` --header "${auth}"` : ""
      }`,
      ...(tokenNote ? { note: tokenNote } : {}),
    },
    {
      id: "claude-desktop",
      label: "Claude Desktop (claude_desktop_config.json, via mcp-remote)",
      text: JSON.stringify(desktop, null, 2),
      note: withToken(needsNode(MCP_REMOTE, "on the PATH Claude Desktop sees")),
    },
    {
      id: "inspector",
      label: "MCP Inspector (CLI)",
      text: `npx -y ${pinned(INSPECTOR)} --cli ${shellQuote(url)} --transport http --method tools/list${
        requireApiToken ? ` --header "${auth}"` : ""
      }`,
      note: withToken(needsNode(INSPECTOR, "on PATH")),
    },
  ];
}
