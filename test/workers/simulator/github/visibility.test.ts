import { describe, expect, it } from "vitest";
import { GITHUB_HUBOT_TOKEN, GITHUB_TOKEN } from "../../../../simulator/github/index.js";
import { call, simulator } from "./helpers";

type Repo = { full_name: string; private: boolean };

async function names(res: Response): Promise<string[]> {
  return ((await res.json()) as Repo[]).map((r) => r.full_name);
}

describe("the GitHub simulator's visibility of private repositories", () => {
  it("seeds 40 repositories across users and an organization, 11 of them private", () => {
    const sim = simulator();
    expect(sim.data.repos.length).toBe(40);
    expect(sim.data.repos.filter((r) => r.private).length).toBe(11);
    expect(sim.data.issues.length).toBeGreaterThan(300);
    expect(sim.data.issues.some((i) => i.pull)).toBe(true);
  });

  it("shows each token's user a different set of private repositories", async () => {
    const sim = simulator();
    const octocat = await names(
      await call(sim, "/user/repos?visibility=private&per_page=100", {}, GITHUB_TOKEN),
    );
    const hubot = await names(
      await call(sim, "/user/repos?visibility=private&per_page=100", {}, GITHUB_HUBOT_TOKEN),
    );
    expect(octocat).toContain("octocat-sim/secret-plans");
    expect(octocat).toContain("simcorp/roadmap");
    expect(octocat).not.toContain("hubot-sim/hubot-secrets");
    expect(hubot).toContain("hubot-sim/hubot-secrets");
    expect(hubot).toContain("octocat-sim/infra-config");
    expect(hubot).not.toContain("octocat-sim/secret-plans");
    expect(hubot).not.toContain("simcorp/roadmap");
  });

  it("answers 404, not 403, for a private repository the token's user cannot see", async () => {
    const sim = simulator();
    const hidden = await call(sim, "/repos/octocat-sim/secret-plans", {}, GITHUB_HUBOT_TOKEN);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ message: "Not Found" });
    expect((await call(sim, "/repos/octocat-sim/secret-plans/issues", {}, GITHUB_HUBOT_TOKEN)).status).toBe(
      404,
    );
    const own = await call(sim, "/repos/octocat-sim/secret-plans", {}, GITHUB_TOKEN);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      private: true,
      visibility: "private",
      full_name: "octocat-sim/secret-plans",
    });
    const collaborator = await call(sim, "/repos/octocat-sim/infra-config", {}, GITHUB_HUBOT_TOKEN);
    expect(collaborator.status).toBe(200);
  });

  it("lists an organization's private repositories only to its members", async () => {
    const sim = simulator();
    const member = await names(await call(sim, "/orgs/simcorp/repos?per_page=100", {}, GITHUB_TOKEN));
    const outsider = await names(await call(sim, "/orgs/simcorp/repos?per_page=100", {}, GITHUB_HUBOT_TOKEN));
    expect(member.length).toBe(14);
    expect(outsider.length).toBe(10);
    expect(outsider).not.toContain("simcorp/payroll");
  });

  it("lists only public repositories at /users/{username}/repos, even the caller's own", async () => {
    const sim = simulator();
    const repos = (await (await call(sim, "/users/octocat-sim/repos?per_page=100")).json()) as Repo[];
    expect(repos.length).toBe(9);
    expect(repos.every((r) => !r.private)).toBe(true);
  });

  it("limits search results to what the token's user may see", async () => {
    const sim = simulator();
    const search = async (token: string) =>
      (
        (await (
          await call(
            sim,
            `/search/repositories?q=${encodeURIComponent("is:private")}&per_page=100`,
            {},
            token,
          )
        ).json()) as {
          items: Repo[];
        }
      ).items.map((r) => r.full_name);
    const octocat = await search(GITHUB_TOKEN);
    const hubot = await search(GITHUB_HUBOT_TOKEN);
    expect(octocat).toContain("simcorp/payroll");
    expect(octocat).not.toContain("hubot-sim/ops-runbooks");
    expect(hubot).toEqual(expect.arrayContaining(["hubot-sim/ops-runbooks", "octocat-sim/infra-config"]));
    expect(hubot).not.toContain("simcorp/payroll");
    const issues = (await (
      await call(
        sim,
        `/search/issues?q=${encodeURIComponent("repo:octocat-sim/secret-plans")}`,
        {},
        GITHUB_HUBOT_TOKEN,
      )
    ).json()) as { total_count: number };
    expect(issues.total_count).toBe(0);
  });

  it("is deterministic: two simulators with the same seed hold the same data", () => {
    expect(JSON.stringify(simulator().data)).toBe(JSON.stringify(simulator().data));
    expect(JSON.stringify(simulator({ seed: 7 }).data)).not.toBe(JSON.stringify(simulator().data));
  });
});
