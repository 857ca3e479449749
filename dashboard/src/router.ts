/**
 * Hash routes (`#/accounts/<id>/servers`): the page is one static file, and paths stay clear of
 * the admin API's own URLs. Nothing secret ever goes into a route.
 */

/** The account page's tabs. */
export type AccountTab = "servers" | "tools" | "activity";

/** Where the dashboard is. */
export type Route =
  | { page: "accounts" }
  | { page: "account"; id: string; tab: AccountTab; server?: string | undefined }
  | { page: "api-tokens" };

/** Parses a location hash; anything unknown is the accounts list. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === "api-tokens") return { page: "api-tokens" };
  if (parts[0] === "accounts" && parts[1]) {
    const tab = parts[2] === "tools" || parts[2] === "activity" ? parts[2] : "servers";
    // `#/accounts/<id>/activity/<server_id>`: the Activity tab filtered to one server.
    return { page: "account", id: parts[1], tab, server: tab === "activity" ? parts[3] : undefined };
  }
  return { page: "accounts" };
}

/** The hash of a route. */
export function href(route: Route): string {
  switch (route.page) {
    case "accounts":
      return "#/accounts";
    case "api-tokens":
      return "#/api-tokens";
    case "account":
      return `#/accounts/${encodeURIComponent(route.id)}/${route.tab}${
        route.server ? `/${encodeURIComponent(route.server)}` : ""
      }`;
  }
}

/** Goes to a route (a `hashchange` re-renders). */
export function navigate(route: Route): void {
  const target = href(route);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

/** The current route. */
export function currentRoute(): Route {
  return parseRoute(location.hash);
}
