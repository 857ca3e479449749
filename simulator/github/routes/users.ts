/** `GET /user`, `GET /users/{username}` and `GET /rate_limit`. */
import { json, notFound } from "../http.js";
import { findAccount } from "../model.js";
import { privateUser, publicUser } from "../views/users.js";
import type { Route } from "./shared.js";

/** The state of the caller's windows, read by `GET /rate_limit` (set by the simulator). */
export type RateLimitReader = (login: string) => Record<"core" | "search", Record<string, number>>;

/** The user routes; `rates` reports the caller's windows for `GET /rate_limit`. */
export function userRoutes(rates: RateLimitReader): Route[] {
  return [
    {
      method: "GET",
      path: "/user",
      operationId: "users/get-authenticated",
      docs: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
      resource: "core",
      handler: (call) => json(privateUser(call.user, call.view)),
    },
    {
      method: "GET",
      path: "/users/{username}",
      operationId: "users/get-by-username",
      docs: "https://docs.github.com/rest/users/users#get-a-user",
      resource: "core",
      handler: (call) => {
        const account = findAccount(call.data, call.params.username ?? "");
        if (!account) throw notFound(call.docs);
        return json(publicUser(account, call.view));
      },
    },
    {
      method: "GET",
      path: "/rate_limit",
      operationId: "rate-limit/get",
      docs: "https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user",
      resource: "core",
      free: true,
      handler: (call) => {
        const resources = rates(call.user.login);
        return json({ resources, rate: resources.core });
      },
    },
  ];
}
