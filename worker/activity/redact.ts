/**
 * Redaction of tool-call arguments before they are stored (only when a server opts in with
 * `config.log_arguments: true`). Pure. Keys that name a secret lose their value whatever it is;
 * values shaped like a credential are replaced wherever they appear.
 */

/** What replaces a redacted value. */
export const REDACTED = "[redacted]";

/** Longest JSON text of stored arguments; longer ones are cut (and say so). */
export const MAX_STORED_ARGUMENTS_CHARS = 4000;

/** Key names whose values are secrets by their name alone. */
const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|apikey|(^|[-_])auth(orization)?($|[-_])|credential|cookie|session|private[-_]?key|signature|bearer|^otp$|^pin$/i;

/** Values shaped like credentials: our own tokens, bearer values, JWTs, vendor key prefixes, long opaque strings. */
const SECRET_VALUE: readonly RegExp[] = [
  /\b(emcp|emat|adm)_[A-Za-z0-9_-]{10,}/,
  /\bBearer\s+\S+/i,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  /\b(sk|pk|rk)[-_](live|test|proj)?[-_]?[A-Za-z0-9]{16,}/,
  /\b(ghp|gho|ghs|ghu|github_pat|xox[abprs])[-_][A-Za-z0-9_-]{6,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  // A long run without spaces mixing letters and digits reads as a key, not as prose or an id.
  /^(?=[^\s]*[0-9])(?=[^\s]*[a-zA-Z])[A-Za-z0-9+/=_.-]{40,}$/,
];

/** True when a string value looks like a credential (`prefixes`: an integration's token prefixes). */
export function looksSecret(value: string, prefixes: readonly string[] = []): boolean {
  return SECRET_VALUE.some((re) => re.test(value)) || prefixes.some((p) => prefixPattern(p).test(value));
}

const prefixPatterns = new Map<string, RegExp>();

/** A value starting with a declared token prefix (`ntn_`, `xyz-`) followed by a key-like run. */
function prefixPattern(prefix: string): RegExp {
  let re = prefixPatterns.get(prefix);
  if (!re) {
    re = new RegExp(`\\b${prefix.replace(/[-_]$/, "")}[-_][A-Za-z0-9_-]{6,}`);
    prefixPatterns.set(prefix, re);
  }
  return re;
}

/** A deep copy of `value` with secret-named keys and secret-looking strings replaced. */
export function redactArguments(value: unknown, prefixes: readonly string[] = []): unknown {
  if (typeof value === "string") return looksSecret(value, prefixes) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((v) => redactArguments(v, prefixes));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_KEY.test(k) && v !== null && v !== undefined && v !== ""
          ? REDACTED
          : redactArguments(v, prefixes);
    }
    return out;
  }
  return value;
}

/** The JSON text stored for a call's arguments: redacted and bounded. */
export function storedArguments(args: unknown, prefixes: readonly string[] = []): string {
  const text = JSON.stringify(redactArguments(args ?? {}, prefixes));
  if (text.length <= MAX_STORED_ARGUMENTS_CHARS) return text;
  return JSON.stringify({ truncated: true, json_prefix: text.slice(0, MAX_STORED_ARGUMENTS_CHARS) });
}
