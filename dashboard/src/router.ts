/**
 * Hash routes (`#/accounts/<id>/servers`, `#/integrations/<name>`): the page is one static file, and paths stay clear of
 * the admin API's own URLs. Nothing secret ever goes into a route.
 */

/** The account page's tabs. */
export type AccountTab = "servers" | "tools" | "activity";

/** Where the dashboard is. */
export type Route =
  | { page: "accounts" }
  | { page: "account"; id: string; tab: AccountTab; server?: string | undefined }
  | { page: "api-tokens" }
  | { page: "integrations" }
  | { page: "import" }
  | { page: "integration"; name: string; version?: number | undefined };

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
  if (parts[0] === "import") return { page: "import" };
  if (parts[0] === "integrations") {
    if (!parts[1]) return { page: "integrations" };
    // `#/integrations/<name>/versions/<n>`: one version's report, diff and footprint.
    const version = parts[2] === "versions" ? Number(parts[3]) : Number.NaN;
    return {
      page: "integration",
      name: parts[1],
      version: Number.isInteger(version) && version > 0 ? version : undefined,
    };
  }
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
    case "integrations":
      return "#/integrations";
    case "import":
      return "#/import";
    case "integration":
      return `#/integrations/${encodeURIComponent(route.name)}${route.version ? `/versions/${route.version}` : ""}`;
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
