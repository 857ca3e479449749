/**
 * The name a tool is listed under: its canonical name (worker/tools/naming.ts) when that fits every
 * major client with the longest common server prefix, else a documented, stable short form. Clients
 * prefix tool names and cap the result: claude.ai shows `mcp__claude_ai_<Server>__<tool>` within 64
 * characters (anthropics/claude-ai-mcp, docs/clients.md), Cursor filters a tool whose server name plus
 * tool name exceeds 60 (cursor/cursor 3778; sparfenyuk/mcp-proxy 45). With a connector named like its
 * integration (up to 7 characters) the claude.ai prefix is 24 characters, which leaves
 * {@link MAX_LISTED_NAME} = 40 for the tool (and Cursor then allows a server name of up to 19).
 *
 * The short form (docs/tools.md, "Names that do not fit"), applied only to names over the budget:
 * 1. drop the filler word of the CRUD prefix: `list_all_` → `list_`, `get_single_` → `get_`,
 *    `create_a_`/`update_a_`/`delete_a_` → `create_`/`update_`/`delete_`. Injective: the verb stays.
 * 2. if still over: keep whole words of that form up to {@link HASHED_PREFIX} characters and append
 *    `_` plus 6 base-32 characters of a hash of the canonical name (FNV-1a, 30 bits).
 * The result depends on the canonical name alone, so it is stable across versions and isolates.
 * Calls accept either name; activity records the canonical one.
 */

/** Longest tool name listed (claude.ai: 64 − `mcp__claude_ai_` − a 7-character server − `__`). */
export const MAX_LISTED_NAME = 40;

/** Characters of the compact form kept before the hash suffix (40 − `_` − 6). */
export const HASHED_PREFIX = 33;

const FILLERS: ReadonlyArray<[RegExp, string]> = [
  [/^list_all_/, "list_"],
  [/^get_single_/, "get_"],
  [/^(create|update|delete)_a_/, "$1_"],
];

const ALPHABET = "0123456789abcdefghijklmnopqrstuv";

/** FNV-1a (32-bit) of `text`, as 6 base-32 characters (its low 30 bits). */
export function nameHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = "";
  for (let i = 0; i < 6; i++) {
    out += ALPHABET[h & 31];
    h >>>= 5;
  }
  return out;
}

/** The name a tool is listed under: `canonical` when it fits {@link MAX_LISTED_NAME}, else its short form. */
export function listedToolName(canonical: string): string {
  if (canonical.length <= MAX_LISTED_NAME) return canonical;
  let compact = canonical;
  for (const [re, to] of FILLERS) compact = compact.replace(re, to);
  if (compact.length <= MAX_LISTED_NAME) return compact;
  let head = compact.slice(0, HASHED_PREFIX);
  const cut = head.lastIndexOf("_");
  // Whole words read better; a single long word is cut where it must be.
  if (compact[HASHED_PREFIX] !== "_" && cut > 0) head = head.slice(0, cut);
  return `${head.replace(/_+$/, "")}_${nameHash(canonical)}`;
}
