import { afterEach, describe, expect, it, vi } from "vitest";
import notion from "../../../docs-registry/notion/integration.json";
import { GITHUB_TOKEN } from "../../../simulator/github/index";
import { AUTH_ERROR_MESSAGE } from "../../../simulator/missive/http";
import { NOTION_TOKEN } from "../../../simulator/notion";
import { admin, installNotionSimulator, installSimulator } from "../support/gateway";
import { installGithub, publishGithubMini } from "../support/upstream-oauth";

afterEach(() => {
  vi.restoreAllMocks();
});

const connect = (apiToken: string, extra: Record<string, unknown> = {}) =>
  admin("POST", "/integrated-account", {
    integration: "missive",
    name: `Verify ${apiToken}`,
    credentials: { api_token: apiToken },
    ...extra,
  });

/** Connects an account of `integration` named `<title> <token>` (verified, as by default). */
const connectTo = (integration: string, title: string, apiToken: string) =>
  admin("POST", "/integrated-account", {
    integration,
    name: `${title} ${apiToken}`,
    credentials: { api_token: apiToken },
  });

async function accountNames(): Promise<string[]> {
  const res = await admin("GET", "/integrated-account?limit=100");
  return ((await res.json()) as { result: Array<{ name: string }> }).result.map((a) => a.name);
}

describe("connecting an account verifies its credentials with the integration's declared read", () => {
  it("a refused token is a 422 carrying Missive's own message, and nothing is stored", async () => {
    const sim = installSimulator();
    const res = await connect("not-a-real-token");
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(body.error.code).toBe("credentials_rejected");
    expect(body.error.message).toContain(AUTH_ERROR_MESSAGE);
    expect(body.error.details).toMatchObject({
      field: "credentials",
      upstream_status: 401,
      upstream_message: AUTH_ERROR_MESSAGE,
    });
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /v1/organizations 401",
    ]);
    expect(await accountNames()).not.toContain("Verify not-a-real-token");
  });

  it("an accepted token costs exactly one cheap read, then the account is created", async () => {
    const sim = installSimulator();
    const res = await connect("missive_pat-simulator");
    expect(res.status).toBe(201);
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status} ${JSON.stringify(r.query)}`)).toEqual([
      'GET /v1/organizations 200 {"limit":"1"}',
    ]);
  });

  it('"verify": false saves without calling the upstream (offline set-up)', async () => {
    const sim = installSimulator();
    const res = await connect("offline-token", { verify: false });
    expect(res.status).toBe(201);
    expect(sim.requests).toEqual([]);
    expect(await accountNames()).toContain("Verify offline-token");
  });

  it("an unreachable upstream is a 502 that names the offline escape", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("connection refused"));
    const res = await connect("unreachable-token");
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("verification_unavailable");
    expect(body.error.message).toContain('"verify": false');
  });

  it("rotating credentials verifies the new ones: refused → 422 and the stored ones stay in use", async () => {
    const sim = installSimulator();
    const created = await connect("missive_pat-simulator");
    const { id } = (await created.json()) as { id: string };
    const refused = await admin("PATCH", `/integrated-account/${id}`, {
      credentials: { api_token: "missive_pat-revoked" },
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("credentials_rejected");
    const renamed = await admin("PATCH", `/integrated-account/${id}`, { name: "Renamed, no upstream call" });
    expect(renamed.status).toBe(200);
    const offline = await admin("PATCH", `/integrated-account/${id}`, {
      credentials: { api_token: "missive_pat-later" },
      verify: false,
    });
    expect(offline.status).toBe(200);
    expect(sim.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      "/v1/organizations 200",
      "/v1/organizations 401",
    ]);
  });
});

describe("connecting a Notion account verifies its token with GET /users/me", () => {
  const connectNotion = (apiToken: string) => connectTo("notion", "Notion", apiToken);

  it("a refused token is a 422 credentials_rejected carrying Notion's own message, and nothing is stored", async () => {
    const sim = installNotionSimulator();
    const res = await connectNotion("ntn_revoked");
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(body.error.code).toBe("credentials_rejected");
    expect(body.error.message).toBe("Notion refused these credentials (401): API token is invalid.");
    expect(body.error.details).toMatchObject({
      field: "credentials",
      upstream_status: 401,
      upstream_message: "API token is invalid.",
    });
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /users/me 401"]);
    expect(await accountNames()).not.toContain("Notion ntn_revoked");
  });

  it("an accepted token costs one GET /users/me with the pinned Notion-Version, then the account is created", async () => {
    const sim = installNotionSimulator();
    const res = await connectNotion(NOTION_TOKEN);
    expect(res.status).toBe(201);
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /users/me 200"]);
    expect(sim.requests[0]?.headers["notion-version"]).toBe(notion.static_headers["Notion-Version"]);
    expect(await accountNames()).toContain(`Notion ${NOTION_TOKEN}`);
  });

  it("Notion overloaded (529) is a 502 verification_unavailable, not a rejection", async () => {
    const sim = installNotionSimulator();
    sim.failNext(529);
    const res = await connectNotion(NOTION_TOKEN);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe("verification_unavailable");
    expect(body.error.details).toMatchObject({ upstream_status: 529 });
  });
});

describe("GitHub, imported with docs/integrations/github-overrides.json, verifies a pasted token with GET /user", () => {
  const connectGithub = (apiToken: string) => connectTo("github", "GitHub", apiToken);

  it("a refused token is a 422 with GitHub's own message; an accepted one costs one GET /user", async () => {
    await publishGithubMini();
    const sim = installGithub();
    const refused = await connectGithub("ghp_revoked");
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: "credentials_rejected",
      message: "GitHub refused these credentials (401): Bad credentials",
    });
    expect(await accountNames()).not.toContain("GitHub ghp_revoked");
    const accepted = await connectGithub(GITHUB_TOKEN);
    expect(accepted.status).toBe(201);
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /user 401",
      "GET /user 200",
    ]);
  });
});
