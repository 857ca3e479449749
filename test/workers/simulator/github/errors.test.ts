import { describe, expect, it } from "vitest";
import { call, simulator } from "./helpers";

const DOCS = "https://docs.github.com/rest";

describe("the GitHub simulator's errors", () => {
  it("accept the token with the Bearer and the token schemes", async () => {
    const sim = simulator();
    const bearer = await call(sim, "/user");
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toMatchObject({ login: "octocat-sim", type: "User" });
    const token = await call(sim, "/user", { headers: { authorization: "token ghp_simulator_hubot" } }, null);
    expect(await token.json()).toMatchObject({ login: "hubot-sim" });
  });

  it("answer 401 Bad credentials for a bad token and Requires authentication for none", async () => {
    const sim = simulator();
    const bad = await call(sim, "/user", {}, "ghp_nope");
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await bad.json()).toEqual({ message: "Bad credentials", documentation_url: DOCS, status: "401" });
    const none = await call(sim, "/repos/octocat-sim/hello-world", {}, null);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ message: "Requires authentication" });
  });

  it("answer 404 Not Found for unknown paths, repositories, issues, pull requests and comments", async () => {
    const sim = simulator();
    for (const path of [
      "/nowhere",
      "/repos/octocat-sim/missing",
      "/repos/octocat-sim/hello-world/issues/9999",
      "/repos/octocat-sim/hello-world/issues/comments/1",
      "/users/nobody-sim",
      "/orgs/octocat-sim/repos",
    ]) {
      const res = await call(sim, path);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toMatchObject({ message: "Not Found", status: "404" });
    }
    const issue = sim.data.issues.find((i) => i.pull === null && i.repoId === sim.data.repos[0]?.id);
    const notPull = await call(sim, `/repos/octocat-sim/hello-world/pulls/${issue?.number}`);
    expect(notPull.status).toBe(404);
    expect(await notPull.json()).toMatchObject({
      documentation_url: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
    });
    expect((await call(sim, "/user", { method: "DELETE" })).status).toBe(404);
  });

  it("answer 422 Validation Failed with field errors for an issue without a title", async () => {
    const res = await call(simulator(), "/repos/octocat-sim/hello-world/issues", {
      method: "POST",
      body: { body: "no title" },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "missing_field", field: "title" }],
      documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
      status: "422",
    });
  });

  it("answer 422 for bad assignees, states, comment bodies, labels and search queries", async () => {
    const sim = simulator();
    const cases: Array<[string, string, unknown, string]> = [
      [
        "POST",
        "/repos/octocat-sim/hello-world/issues",
        { title: "t", assignees: ["linus-sim"] },
        "assignees",
      ],
      ["PATCH", "/repos/octocat-sim/hello-world/issues/1", { state: "done" }, "state"],
      ["POST", "/repos/octocat-sim/hello-world/issues/1/comments", {}, "body"],
      ["POST", "/repos/octocat-sim/hello-world/issues/1/labels", { labels: [] }, "labels"],
      ["GET", "/search/issues", undefined, "q"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(sim, path, { method, body });
      expect(res.status, path).toBe(422);
      const json = (await res.json()) as { message: string; errors: Array<{ field: string }> };
      expect(json.message).toBe("Validation Failed");
      expect(json.errors[0]?.field).toBe(field);
    }
    const typed = await call(sim, "/repos/octocat-sim/hello-world/issues", {
      method: "POST",
      body: { title: {} },
    });
    expect(typed.status).toBe(422);
    expect(((await typed.json()) as { message: string }).message).toMatch(/^Invalid request\.\n\n/);
  });

  it("answer 400 Problems parsing JSON for a malformed body and for a body that is not an object", async () => {
    const sim = simulator();
    const res = await call(sim, "/repos/octocat-sim/hello-world/issues", { method: "POST", raw: "{title:" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: "Problems parsing JSON", status: "400" });
    const array = await call(sim, "/repos/octocat-sim/hello-world/issues", { method: "POST", body: ["x"] });
    expect(array.status).toBe(400);
    expect(await array.json()).toMatchObject({ message: "Body should be a JSON object" });
  });

  it("refuse writes to an archived repository with 403", async () => {
    const res = await call(simulator(), "/repos/octocat-sim/diary/issues", {
      method: "POST",
      body: { title: "x" },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: "Repository was archived so is read-only." });
  });

  it("send GitHub's media headers and a request id on every answer", async () => {
    const res = await call(simulator(), "/user");
    expect(res.headers.get("x-github-api-version-selected")).toBe("2022-11-28");
    expect(res.headers.get("x-github-media-type")).toBe("github.v3; format=json");
    expect(res.headers.get("x-github-request-id")).toMatch(/^[0-9A-F:]+$/);
  });
});
