/** The URL token's shape and the expiry rule, each defined once (worker/security/url-token.ts, worker/expiry.ts). */
import { describe, expect, it } from "vitest";
import { isExpired, secondsLeft } from "../../../worker/expiry";
import { redact } from "../../../worker/http/errors";
import { isUrlTokenShape, mcpPath, tokenOfMcpPath } from "../../../worker/security/url-token";

describe("the URL token", () => {
  const token = `emcp_${"a".repeat(43)}`;

  it("is recognized by its prefix and bounded length", () => {
    expect(isUrlTokenShape(token)).toBe(true);
    expect(isUrlTokenShape("emat_0123456789abcdef")).toBe(false);
    expect(isUrlTokenShape(`emcp_${"a".repeat(200)}`)).toBe(false);
  });

  it("round-trips through its MCP path, and nothing else is one", () => {
    expect(tokenOfMcpPath(mcpPath(token))).toBe(token);
    expect(tokenOfMcpPath(`${mcpPath(token)}/sse`)).toBeNull();
    expect(tokenOfMcpPath("/integrated-account/x")).toBeNull();
  });

  it("is redacted from log text, bare or in a path, as are API tokens and bearer credentials", () => {
    const line = `POST https://h.example${mcpPath(token)}/message ${token} emat_${"b".repeat(20)} Bearer xyz`;
    const out = redact(line);
    expect(out).not.toContain("aaaaaaaaaa");
    expect(out).not.toContain("bbbbbbbbbb");
    expect(out).not.toContain("xyz");
    expect(out).toContain("/mcp/[redacted]/message");
  });
});

describe("expiry", () => {
  const at = "2030-01-01T00:00:00Z";
  const ms = Date.parse(at);

  it("starts at the expires_at millisecond, and null never expires", () => {
    expect(isExpired(at, ms - 1)).toBe(false);
    expect(isExpired(at, ms)).toBe(true);
    expect(isExpired(null, ms)).toBe(false);
  });

  it("counts whole seconds left", () => {
    expect(secondsLeft(at, ms - 61_500)).toBe(61);
    expect(secondsLeft(null, ms)).toBe(Number.POSITIVE_INFINITY);
  });
});
