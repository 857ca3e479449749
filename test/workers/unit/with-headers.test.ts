/** `withHeaders` (worker/http/cors.ts): in place when it can, on a copy when the headers are immutable. */
import { describe, expect, it } from "vitest";
import { withHeaders } from "../../../worker/http/cors";

describe("withHeaders", () => {
  it("sets the headers on a Response the Worker built and returns that same Response", async () => {
    const res = new Response('{"ok":true}', { status: 201, headers: { "content-type": "application/json" } });
    const out = withHeaders(res, { "ratelimit-limit": "600", "retry-after": "60" });
    expect(out).toBe(res);
    expect(out.status).toBe(201);
    expect(out.headers.get("ratelimit-limit")).toBe("600");
    expect(out.headers.get("retry-after")).toBe("60");
    expect(await out.text()).toBe('{"ok":true}');
  });

  it("copies a Response whose headers are immutable, leaving the original untouched", async () => {
    const res = Response.redirect("https://gw.test/elsewhere", 302);
    expect(() => res.headers.set("x-probe", "1")).toThrow(TypeError);
    const out = withHeaders(res, { vary: "Origin" });
    expect(out).not.toBe(res);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("https://gw.test/elsewhere");
    expect(out.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("vary")).toBeNull();
  });

  it("returns the Response unchanged when there is nothing to add", () => {
    const res = Response.redirect("https://gw.test/", 302);
    expect(withHeaders(res, {})).toBe(res);
  });
});
