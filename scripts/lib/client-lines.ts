// The client commands `npm start` prints for its demo URL. Each runs as shown from any directory on a
// machine whose only Node is 20: the Inspector and mcp-remote need Node ≥ 22, so they run through
// `npm --prefix <project> exec`, which puts the project's node_modules/.bin (its Node 22 and the
// pinned devDependency versions) first on PATH. The npx form for machines with Node ≥ 22 pins too.
import { INSPECTOR, MCP_REMOTE, type PinnedClient, pinned } from "../../dashboard/src/client-versions.ts";
import { ROOT } from "./dev-stack.ts";

/** One printed client line. */
export interface ClientLine {
  label: string;
  command: string;
  /** A second line under the command (how else to run it). */
  note?: string;
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `npm --prefix <project> exec -- <bin> …`: the project's pinned copy, run by the project's Node. */
function projectExec(client: PinnedClient, args: string): string {
  return `npm --prefix ${shellQuote(ROOT.replace(/\/$/, ""))} exec -- ${client.bin} ${args}`;
}

/** The lines for `url`; `name` is what `claude mcp add` calls the server. */
export function clientLines(url: string, name = "missive-demo"): ClientLine[] {
  const u = shellQuote(url);
  const inspectorArgs = `--cli ${u} --transport http --method tools/list`;
  const remoteArgs = `${u} --allow-http`;
  return [
    { label: "Claude Code:", command: `claude mcp add --transport http ${name} ${u}` },
    {
      label: "MCP Inspector:",
      command: projectExec(INSPECTOR, inspectorArgs),
      note: `(Inspector ${INSPECTOR.version} with the project's Node 22; with Node ≥ ${INSPECTOR.node} on PATH: npx -y ${pinned(INSPECTOR)} ${inspectorArgs})`,
    },
    {
      label: "mcp-remote:",
      command: projectExec(MCP_REMOTE, remoteArgs),
      note: `(mcp-remote ${MCP_REMOTE.version} with the project's Node 22; with Node ≥ ${MCP_REMOTE.node} on PATH: npx -y ${pinned(MCP_REMOTE)} ${remoteArgs})`,
    },
  ];
}
