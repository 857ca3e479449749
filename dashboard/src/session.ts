/**
 * The signed-in admin token. It lives in this tab's `sessionStorage` only: never in a URL, a
 * cookie or `localStorage`, and it is gone when the tab closes or the admin signs out.
 */
const KEY = "edge-mcp.admin-token";

/** The token of this tab's session, or null. */
export function sessionToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Keeps the token for this tab's session. */
export function saveSessionToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Forgets the token. */
export function clearSessionToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: nothing was kept
  }
}
