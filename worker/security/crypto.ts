/**
 * Secrets handling: random tokens, SHA-256 lookup keys, constant-time comparison and AES-GCM
 * encryption of upstream credentials at rest. Raw tokens exist only in the response that creates
 * them; storage keys are hashes.
 */

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** A new secret: `prefix` + 256 random bits in base64url (43 characters). */
export function randomToken(prefix: string): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** A short random id for records (`prefix` + 128 bits in hex-free base64url). */
export function randomId(prefix: string): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** Lowercase hex SHA-256 of a UTF-8 string: the storage key of a secret. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two secrets without leaking where they differ (both are hashed to equal length first). */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}

/** Ciphertext at rest: base64 IV and base64 AES-GCM output (ciphertext + tag). */
export interface Sealed {
  v: 1;
  iv: string;
  ct: string;
}

const keys = new Map<string, Promise<CryptoKey>>();

/** Imports `CREDENTIALS_KEY` (base64 of 32 bytes) once per isolate. */
function aesKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = fromBase64(secret.trim());
    if (raw.length !== 32) throw new Error("CREDENTIALS_KEY must be base64 of 32 bytes");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts a JSON value with a fresh 96-bit IV; `aad` binds the ciphertext to its record. */
export async function seal(secret: string, value: unknown, aad: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(aad) },
    await aesKey(secret),
    encoder.encode(JSON.stringify(value)),
  );
  return { v: 1, iv: base64url(iv), ct: base64url(new Uint8Array(ct)) };
}

/** Decrypts what {@link seal} produced for the same `aad`. */
export async function unseal(secret: string, sealed: Sealed, aad: string): Promise<unknown> {
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv), additionalData: encoder.encode(aad) },
    await aesKey(secret),
    fromBase64(sealed.ct),
  );
  return JSON.parse(new TextDecoder().decode(pt));
}
