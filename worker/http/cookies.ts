/** Cookies of the gateway's own browser flows (upstream connect, consent sign-in). */

/** The value of cookie `name` in a request, or null. */
export function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}
