/**
 * The simulator's users: the integration's bot (`/users/me`), one user, every user (paged).
 */
import { json, paginate } from "../http";
import { list, need, type Route } from "./shared";

/** Users; `/users/me` comes before `/users/{user_id}`, which would match it. */
export const USER_ROUTES: readonly Route[] = [
  ["GET", "/users/me", ({ ws }) => json(ws.users[0])],
  [
    "GET",
    "/users/{user_id}",
    ({ ws, params }) =>
      json(
        need(
          ws.users.find((u) => u.id === params.user_id),
          "user",
          params.user_id ?? "",
        ),
      ),
  ],
  [
    "GET",
    "/users",
    ({ ws, query }) =>
      list("user", paginate(ws.users, query.get("start_cursor"), query.get("page_size") ?? undefined)),
  ],
];
