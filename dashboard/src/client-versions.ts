/**
 * The client versions that printed commands pin (dashboard snippets, `npm start`'s banner, docs):
 * without a version, npx picks the newest release whose `engines` admits the local Node, which on
 * Node 20 is an Inspector that rewrites the URL. Kept equal to package.json's devDependencies by
 * test/e2e/client-lines.test.ts.
 */

/** A pinned npm-published client. */
export interface PinnedClient {
  /** npm package name. */
  pkg: string;
  /** Exact version. */
  version: string;
  /** The executable it installs. */
  bin: string;
  /** Oldest Node it runs on (its `engines.node`). */
  node: string;
}

/** The MCP Inspector (its CLI mode lists tools and calls them). */
export const INSPECTOR: PinnedClient = {
  pkg: "@modelcontextprotocol/inspector",
  version: "2.12.0",
  bin: "mcp-inspector",
  node: "22.19",
};

/** mcp-remote: the stdio bridge for clients that only start local commands. */
export const MCP_REMOTE: PinnedClient = {
  pkg: "mcp-remote",
  version: "0.15.1",
  bin: "mcp-remote",
  node: "22",
};

/** `pkg@version`, what npx is given. */
export const pinned = (c: PinnedClient) => `${c.pkg}@${c.version}`;
