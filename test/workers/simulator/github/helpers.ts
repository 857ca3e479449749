/** Shared helpers of the GitHub simulator's tests. */
import {
  createGithubSimulator,
  GITHUB_TOKEN,
  type GithubSimulator,
  type GithubSimulatorOptions,
} from "../../../../simulator/github/index.js";

/** The origin the tests address the simulator at. */
export const ORIGIN = "https://github-sim.test";

/** A fresh simulator. */
export function simulator(options: GithubSimulatorOptions = {}): GithubSimulator {
  return createGithubSimulator(options);
}

/** Calls `path` (with its query) as the holder of `token` (no header when null). */
export function call(
  sim: GithubSimulator,
  path: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  token: string | null = GITHUB_TOKEN,
): Promise<Response> {
  const headers: Record<string, string> = {
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...(init.body !== undefined || init.raw !== undefined ? { "content-type": "application/json" } : {}),
    ...init.headers,
  };
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return sim.fetch(
    new Request(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, body: body ?? null }),
  );
}

/** The `rel` → URL map of a `Link` header. */
export function links(response: Response): Record<string, string> {
  const header = response.headers.get("link") ?? "";
  return Object.fromEntries(
    [...header.matchAll(/<([^>]+)>;\s*rel="([a-z]+)"/g)].map((m) => [m[2] ?? "", m[1] ?? ""]),
  );
}
