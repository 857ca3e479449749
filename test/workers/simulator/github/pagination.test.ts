import { describe, expect, it } from "vitest";
import { call, links, ORIGIN, simulator } from "./helpers";

type Item = { id: number; number?: number; full_name?: string };

describe("the GitHub simulator's pagination", () => {
  it("following rel=next from the first page to the last collects every issue of a repository once", async () => {
    const sim = simulator();
    const repo = sim.data.repos.find((r) => r.name === "hello-world");
    const expected = sim.data.issues.filter((i) => i.repoId === repo?.id).map((i) => i.id);
    expect(expected.length).toBe(150);
    const seen: number[] = [];
    let next: string | undefined = `${ORIGIN}/repos/octocat-sim/hello-world/issues?state=all&per_page=40`;
    let pages = 0;
    while (next) {
      const res = await call(sim, next.slice(ORIGIN.length));
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as Item[]).map((i) => i.id));
      next = links(res).next;
      pages++;
    }
    expect(pages).toBe(4);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected));
  });

  it("writes Link in GitHub's order and format, absolute on its own origin, keeping the other parameters", async () => {
    const sim = simulator();
    const first = await call(sim, "/repos/octocat-sim/hello-world/issues?state=all&per_page=40");
    const u = (page: number) =>
      `<${ORIGIN}/repos/octocat-sim/hello-world/issues?state=all&per_page=40&page=${page}>`;
    expect(first.headers.get("link")).toBe(`${u(2)}; rel="next", ${u(4)}; rel="last"`);
    const middle = await call(sim, "/repos/octocat-sim/hello-world/issues?state=all&per_page=40&page=2");
    expect(middle.headers.get("link")).toBe(
      `${u(1)}; rel="prev", ${u(3)}; rel="next", ${u(4)}; rel="last", ${u(1)}; rel="first"`,
    );
    const last = await call(sim, "/repos/octocat-sim/hello-world/issues?state=all&per_page=40&page=4");
    expect(last.headers.get("link")).toBe(`${u(3)}; rel="prev", ${u(1)}; rel="first"`);
    expect(((await last.json()) as Item[]).length).toBe(30);
  });

  it("defaults per_page to 30, caps it at 100 and sends no Link when everything fits one page", async () => {
    const sim = simulator();
    const byDefault = await call(sim, "/repos/octocat-sim/hello-world/issues?state=all");
    expect(((await byDefault.json()) as Item[]).length).toBe(30);
    expect(links(byDefault).last).toContain("page=5");
    const capped = await call(sim, "/repos/octocat-sim/hello-world/issues?state=all&per_page=500");
    expect(((await capped.json()) as Item[]).length).toBe(100);
    const labels = await call(sim, "/repos/octocat-sim/hello-world/labels");
    expect(((await labels.json()) as Item[]).length).toBe(12);
    expect(labels.headers.get("link")).toBeNull();
  });

  it("answers a page past the last with an empty array", async () => {
    const res = await call(simulator(), "/repos/octocat-sim/hello-world/issues?state=all&page=99");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    expect(links(res).next).toBeUndefined();
  });

  it("pages the comments of an issue in ascending id order", async () => {
    const sim = simulator();
    const ids: number[] = [];
    let next: string | undefined = `${ORIGIN}/repos/octocat-sim/hello-world/issues/1/comments?per_page=20`;
    while (next) {
      const res = await call(sim, next.slice(ORIGIN.length));
      ids.push(...((await res.json()) as Item[]).map((c) => c.id));
      next = links(res).next;
    }
    expect(ids.length).toBe(45);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("pages search results with Link and reports total_count and incomplete_results", async () => {
    const sim = simulator();
    const q = encodeURIComponent("repo:octocat-sim/hello-world is:issue");
    const seen = new Set<number>();
    let total = -1;
    let next: string | undefined = `${ORIGIN}/search/issues?q=${q}&per_page=50`;
    while (next) {
      const res = await call(sim, next.slice(ORIGIN.length));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { total_count: number; incomplete_results: boolean; items: Item[] };
      expect(body.incomplete_results).toBe(false);
      total = body.total_count;
      for (const item of body.items) seen.add(item.id);
      next = links(res).next;
    }
    const repo = sim.data.repos.find((r) => r.name === "hello-world");
    const issues = sim.data.issues.filter((i) => i.repoId === repo?.id && !i.pull);
    expect(total).toBe(issues.length);
    expect(seen.size).toBe(issues.length);
  });

  it("lists the repositories of the authenticated user sorted by full_name and paged", async () => {
    const sim = simulator();
    const res = await call(sim, "/user/repos?per_page=10");
    expect(res.status).toBe(200);
    const names = ((await res.json()) as Item[]).map((r) => r.full_name ?? "");
    expect(names).toEqual([...names].sort());
    expect(links(res).next).toBe(`${ORIGIN}/user/repos?per_page=10&page=2`);
  });
});
