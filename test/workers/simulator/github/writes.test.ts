import { describe, expect, it } from "vitest";
import { call, ORIGIN, simulator } from "./helpers";

/** A whole hour derived from the real clock (never a calendar date: see test/e2e/calendar.test.ts). */
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000;

type Issue = {
  number: number;
  title: string;
  state: string;
  labels: Array<{ name: string }>;
  assignees: Array<{ login: string }>;
  comments: number;
  closed_at: string | null;
  state_reason: string | null;
};

describe("the GitHub simulator's writes", () => {
  it("creates an issue that later reads return, numbered after the repository's last one", async () => {
    const sim = simulator({ now: () => T0 });
    const created = await call(sim, "/repos/octocat-sim/hello-world/issues", {
      method: "POST",
      body: { title: "Simulated bug", body: "Steps…", labels: ["bug", "brand new"], assignees: ["mona-sim"] },
    });
    expect(created.status).toBe(201);
    const issue = (await created.json()) as Issue & {
      url: string;
      created_at: string;
      user: { login: string };
    };
    expect(issue).toMatchObject({
      number: 151,
      title: "Simulated bug",
      state: "open",
      created_at: new Date(T0).toISOString().replace(".000Z", "Z"),
    });
    expect(issue.user.login).toBe("octocat-sim");
    expect(issue.labels.map((l) => l.name)).toEqual(["bug", "brand new"]);
    expect(issue.assignees.map((a) => a.login)).toEqual(["mona-sim"]);
    expect(created.headers.get("location")).toBe(`${ORIGIN}/repos/octocat-sim/hello-world/issues/151`);
    expect(issue.url).toBe(created.headers.get("location"));
    const read = (await (await call(sim, "/repos/octocat-sim/hello-world/issues/151")).json()) as Issue;
    expect(read.title).toBe("Simulated bug");
    const newest = (await (
      await call(sim, "/repos/octocat-sim/hello-world/issues?per_page=1")
    ).json()) as Issue[];
    expect(newest[0]?.number).toBe(151);
    const labels = (await (await call(sim, "/repos/octocat-sim/hello-world/labels")).json()) as Array<{
      name: string;
    }>;
    expect(labels.map((l) => l.name)).toContain("brand new");
  });

  it("updates an issue: closing sets closed_at and state_reason, reopening clears them", async () => {
    const sim = simulator({ now: () => T0 });
    const before = (await (
      await call(sim, "/repos/octocat-sim/hello-world/issues?state=open&per_page=1")
    ).json()) as Issue[];
    const n = before[0]?.number;
    const closed = await call(sim, `/repos/octocat-sim/hello-world/issues/${n}`, {
      method: "PATCH",
      body: { state: "closed", state_reason: "not_planned", title: "Renamed" },
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({
      state: "closed",
      state_reason: "not_planned",
      title: "Renamed",
      closed_at: new Date(T0).toISOString().replace(".000Z", "Z"),
      closed_by: { login: "octocat-sim" },
    });
    const open = (await (
      await call(sim, "/repos/octocat-sim/hello-world/issues?state=open&per_page=100")
    ).json()) as Issue[];
    expect(open.map((i) => i.number)).not.toContain(n);
    const reopened = await call(sim, `/repos/octocat-sim/hello-world/issues/${n}`, {
      method: "PATCH",
      body: { state: "open" },
    });
    expect(await reopened.json()).toMatchObject({ state: "open", closed_at: null, state_reason: "reopened" });
  });

  it("creates, updates and deletes comments, and the issue's comment count follows", async () => {
    const sim = simulator({ now: () => T0 });
    const path = "/repos/octocat-sim/hello-world/issues/2";
    const count = async () => ((await (await call(sim, path)).json()) as Issue).comments;
    const start = await count();
    const created = await call(sim, `${path}/comments`, { method: "POST", body: { body: "First!" } });
    expect(created.status).toBe(201);
    const comment = (await created.json()) as { id: number; body: string; issue_url: string };
    expect(comment.issue_url).toBe(`${ORIGIN}${path}`);
    expect(await count()).toBe(start + 1);
    const updated = await call(sim, `/repos/octocat-sim/hello-world/issues/comments/${comment.id}`, {
      method: "PATCH",
      body: { body: "Edited" },
    });
    expect(await updated.json()).toMatchObject({ id: comment.id, body: "Edited" });
    const got = await call(sim, `/repos/octocat-sim/hello-world/issues/comments/${comment.id}`);
    expect(await got.json()).toMatchObject({ body: "Edited" });
    const deleted = await call(sim, `/repos/octocat-sim/hello-world/issues/comments/${comment.id}`, {
      method: "DELETE",
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await call(sim, `/repos/octocat-sim/hello-world/issues/comments/${comment.id}`)).status).toBe(
      404,
    );
    expect(await count()).toBe(start);
  });

  it("adds labels to an issue from an object or a bare array and answers all its labels", async () => {
    const sim = simulator();
    const path = "/repos/simcorp/api-gateway/issues/3/labels";
    const first = await call(sim, path, { method: "POST", body: { labels: ["question"] } });
    expect(first.status).toBe(200);
    const second = await call(sim, path, { method: "POST", body: ["help wanted", { name: "question" }] });
    const names = ((await second.json()) as Array<{ name: string }>).map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(["question", "help wanted"]));
    expect(new Set(names).size).toBe(names.length);
    const issue = (await (await call(sim, "/repos/simcorp/api-gateway/issues/3")).json()) as Issue;
    expect(issue.labels.map((l) => l.name).sort()).toEqual([...names].sort());
  });

  it("finds a new issue through search and lists pull requests apart from issues", async () => {
    const sim = simulator();
    await call(sim, "/repos/octocat-sim/hello-world/issues", {
      method: "POST",
      body: { title: "Zebra stripes overflow" },
    });
    const found = (await (
      await call(sim, `/search/issues?q=${encodeURIComponent("zebra repo:octocat-sim/hello-world")}`)
    ).json()) as { total_count: number; items: Issue[] };
    expect(found.total_count).toBe(1);
    expect(found.items[0]?.title).toBe("Zebra stripes overflow");
    const pulls = (await (
      await call(sim, "/repos/octocat-sim/hello-world/pulls?state=all&per_page=100")
    ).json()) as Array<{ number: number; head: { ref: string } }>;
    const repo = sim.data.repos.find((r) => r.name === "hello-world");
    expect(pulls.length).toBe(sim.data.issues.filter((i) => i.repoId === repo?.id && i.pull).length);
    const one = await call(sim, `/repos/octocat-sim/hello-world/pulls/${pulls[0]?.number}`);
    expect(await one.json()).toMatchObject({ number: pulls[0]?.number, head: { ref: pulls[0]?.head.ref } });
  });

  it("logs every API request with its operation, status and parsed body", async () => {
    const sim = simulator({ now: () => T0 });
    await call(sim, "/repos/octocat-sim/hello-world/issues?state=all", {});
    await call(sim, "/repos/octocat-sim/hello-world/issues", { method: "POST", body: { title: "x" } });
    const res = await sim.fetch(new Request(`${ORIGIN}/__simulator/requests`));
    const { requests } = (await res.json()) as { requests: Array<Record<string, unknown>> };
    expect(requests).toMatchObject([
      {
        method: "GET",
        path: "/repos/octocat-sim/hello-world/issues",
        query: { state: "all" },
        status: 200,
        operationId: "issues/list-for-repo",
        at: T0,
      },
      { method: "POST", body: { title: "x" }, status: 201, operationId: "issues/create" },
    ]);
  });
});
