import { readFile } from "node:fs/promises";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { buildDashboard } from "./scripts/build-dashboard.ts";

// The Worker imports the dashboard's generated module (dashboard/dist/files.ts, git-ignored).
await buildDashboard();

/** The activity database's schema (migrations/), applied to the test D1 by the setup file. */
const migrations = await readD1Migrations("./migrations");

/** Packages whose published sourcemaps name sources they do not ship (Vite warned once per file). */
const MAPS_WITHOUT_SOURCES = [
  "/node_modules/@modelcontextprotocol/sdk/dist/",
  "/node_modules/oauth4webapi/build/",
];

/**
 * Loads those packages' files (the MCP SDK v1, whose client the legacy SSE tests use; oauth4webapi,
 * the upstream OAuth client) without their sourcemap comments, so a fresh clone's run prints no
 * warning for them. Stack traces in them lose nothing they had.
 */
function withoutBrokenSourcemaps(): Plugin {
  return {
    name: "without-broken-sourcemaps",
    enforce: "pre",
    async load(id) {
      const file = id.split("?")[0] ?? id;
      if (!file.endsWith(".js") || !MAPS_WITHOUT_SOURCES.some((dir) => file.includes(dir))) return null;
      const code = await readFile(file, "utf8");
      return { code: code.replace(/^\/\/# sourceMappingURL=.*$/m, ""), map: null };
    },
  };
}

/**
 * The internet as the test Worker's outbound fetches see it: an OAuth client publishing client ID
 * metadata documents at `https://client.example` — one served directly, two behind a redirect (to
 * a document on the same host, and to a loopback address). Every other fetch goes out as usual
 * (tests serve their upstreams by spying on `fetch` inside the Worker).
 */
function clientHost(request: Request): Promise<Response> | Response {
  const url = new URL(request.url);
  if (url.host !== "client.example") return fetch(request);
  const document = (clientId: string) =>
    Response.json({
      client_id: clientId,
      client_name: "Metadata Client",
      redirect_uris: ["https://client.example/callback"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    });
  const redirect = (location: string) => new Response(null, { status: 302, headers: { location } });
  switch (url.pathname) {
    case "/metadata.json":
      return document(url.href);
    case "/moved.json":
      return redirect("https://client.example/moved-here.json");
    case "/moved-here.json":
      // What the library would accept after following the redirect: the id it asked for.
      return document("https://client.example/moved.json");
    case "/to-loopback.json":
      return redirect("https://127.0.0.1/metadata.json");
    default:
      return new Response("not found", { status: 404 });
  }
}

/** A project whose tests run inside workerd with the gateway's wrangler.toml and test bindings. */
function workersProject(
  name: string,
  include: string[],
  exclude: string[],
  extraBindings: Record<string, string> = {},
) {
  return {
    plugins: [
      withoutBrokenSourcemaps(),
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
            CREDENTIALS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            UPSTREAM_BASE_URLS: JSON.stringify({
              missive: "https://missive.test/v1",
              notion: "https://notion.test/v1",
              github: "https://github.test",
            }),
            ALLOWED_ORIGINS: "https://inspector.example",
            UPSTREAM_TIMEOUT_MS: "1500",
            MCP_RATE_LIMIT_PER_MINUTE: "100",
            // Code mode: a short wall time and a small run budget, so their limits can be reached.
            CODE_RUN_TIMEOUT_MS: "3000",
            CODE_RUNS_PER_MINUTE: "5",
            TEST_MIGRATIONS: migrations,
            ...extraBindings,
          },
          outboundService: clientHost,
          ratelimits: {
            MCP_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 100, period: 60 as const } },
            CODE_RUN_LIMITER: { namespace_id: "1011", simple: { limit: 5, period: 60 as const } },
          },
        },
      }),
    ],
    test: {
      name,
      include,
      exclude,
      setupFiles: ["test/workers/support/apply-migrations.ts"],
      restoreMocks: true,
      testTimeout: 20_000,
    },
  };
}

/**
 * Projects:
 * - `workers`: unit and integration tests inside workerd, through the real Worker entry and bindings;
 * - `workers-bounded`: the same with a small MAX_RESULT_CHARS, for result cutting;
 * - `e2e`: Node-side tests that start `wrangler dev` (gateway + Missive simulator) and drive it over
 *   real HTTP with the official MCP clients;
 * - `bench`: the benchmark's own arithmetic (bench/lib), in Node, where the bench runs.
 */
export default defineConfig({
  test: {
    projects: [
      workersProject("workers", ["test/workers/**/*.test.ts"], ["test/workers/bounded/**"]),
      // The same Worker with a small result bound, to exercise result cutting with real config.
      workersProject("workers-bounded", ["test/workers/bounded/**/*.test.ts"], [], {
        MAX_RESULT_CHARS: "6000",
      }),
      { test: { name: "bench", include: ["test/bench/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
