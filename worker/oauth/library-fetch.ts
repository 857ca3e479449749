/**
 * The OAuth library's own outbound fetches, checked in our code. `@cloudflare/workers-oauth-provider`
 * fetches a client ID metadata document (and a metadata client's `jwks_uri`) with the global `fetch`
 * and the default `redirect: "follow"`, and offers no hook for it. So every call into the library
 * (`authorizationServer` in ./server.ts) runs inside a scope, and while that scope is active the
 * global `fetch` — installed once, at module load — fetches only https URLs on public hosts and
 * never follows a redirect: a 3xx answer is an error, which the library reports to the client as
 * `invalid_client`. Outside the scope `fetch` is the platform's, unchanged. The platform's
 * `global_fetch_strictly_public` stays on underneath, for names that resolve to private addresses.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { isNonPublicHost } from "../security/hosts";

const inLibrary = new AsyncLocalStorage<true>();

/** Runs `fn` (a call into the OAuth library) with the library's fetches guarded. */
function libraryScope<T>(fn: () => T): T {
  return inLibrary.run(true, fn);
}

/**
 * Wraps every method of `target` (the library's server or its helpers) so that its calls, and
 * everything they await, run in {@link libraryScope}; the objects the `nested` methods return (the
 * server's `getOAuthApi` helpers) are wrapped the same way.
 */
export function scoped<T extends object>(target: T, nested: readonly string[] = []): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result = libraryScope(() => Reflect.apply(value, object, args)) as unknown;
        return nested.includes(String(key)) && typeof result === "object" && result !== null
          ? scoped(result)
          : result;
      };
    },
  });
}

/** The refusal a guarded fetch throws; the library turns it into `invalid_client`. */
class LibraryFetchRefused extends Error {
  override name = "LibraryFetchRefused";
}

async function guardedFetch(platformFetch: typeof fetch, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== "https:" || isNonPublicHost(url.hostname)) {
    throw new LibraryFetchRefused(`not fetched: ${url.origin} is not a public https origin`);
  }
  const response = await platformFetch(request, { redirect: "manual" });
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new LibraryFetchRefused(
      `not followed: ${url.origin} answered ${response.status}; client metadata is fetched without redirects`,
    );
  }
  return response;
}

/** Installs the scoped guard over the global `fetch`, once per isolate. */
function install(): void {
  const platformFetch = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    inLibrary.getStore()
      ? guardedFetch(platformFetch, new Request(input, init))
      : platformFetch(input, init)) as typeof fetch;
}

install();
