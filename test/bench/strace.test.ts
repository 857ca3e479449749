/**
 * Reading the simulator's `strace` for `npm run bench:anatomy` (bench/lib/strace.ts), on lines of the
 * shape strace prints: the upstream leg of a request runs from the first read of its request line to
 * the last write on that same connection, other connections (wrangler's `/core/log`) ignored.
 */
import { describe, expect, it } from "vitest";
import { socketCalls, upstreamLeg } from "../../bench/lib/strace.ts";

const TRACE = [
  '8828  1796548245.461541 recvfrom(26, "GET /v1/contacts?contact"..., 8192, 0, NULL, NULL) = 237',
  '8828  1796548245.462784 sendto(38, "GET /v1/contacts?contact"..., 440, MSG_NOSIGNAL, NULL, 0) = 440',
  '8848  1796548245.462939 recvfrom(63, "GET /v1/contacts?contact"..., 8192, 0, NULL, NULL) = 440',
  '8848  1796548245.466069 writev(63, [{iov_base="HTTP/1.1 200 OK\\r\\nContent"..., iov_len=88}], 2) = 5464',
  '8828  1796548245.466261 recvfrom(38, "HTTP/1.1 200 OK\\r\\nContent"..., 8192, 0, NULL, NULL) = 5464',
  '8828  1796548245.467115 writev(26, [{iov_base="HTTP/1.1 200 OK\\r\\nContent"..., iov_len=88}], 1) = 88',
  '8828  1796548245.467320 sendto(44, "POST /core/log HTTP/1.1\\r"..., 282, MSG_NOSIGNAL, NULL, 0) = 282',
  '8828  1796548245.467897 writev(26, [{iov_base="{\\"contacts\\":[{\\"id\\":\\"c38d"..., iov_len=5376}], 1) = 5376',
  '8828  1796548245.469127 recvfrom(44, "HTTP/1.1 204 \\r\\nDate: Sun"..., 8192, 0, NULL, NULL) = 78',
  "8828  1796548245.469200 +++ exited with 0 +++",
].join("\n");

describe("socketCalls", () => {
  it("reads time, descriptor and direction of each socket call, and skips other lines", () => {
    const calls = socketCalls(TRACE);
    expect(calls).toHaveLength(9);
    expect(calls[0]).toEqual({ t: 1796548245461.541, fd: 26, write: false, upstreamRequest: true });
    expect(calls[3]).toMatchObject({ fd: 63, write: true, upstreamRequest: false });
  });
});

describe("upstreamLeg", () => {
  const calls = socketCalls(TRACE);

  it("runs from the first read of the request to the last write on its connection", () => {
    const leg = upstreamLeg(calls, 1796548245455, 1796548245474);
    expect(leg?.[0]).toBeCloseTo(1796548245461.541, 3);
    expect(leg?.[1]).toBeCloseTo(1796548245467.897, 3);
  });

  it("pairs a read with writes on its own connection only", () => {
    // From the inner hop on: the request read on fd 63, answered on fd 63.
    const leg = upstreamLeg(calls, 1796548245462.8, 1796548245474);
    expect(leg?.[0]).toBeCloseTo(1796548245462.939, 3);
    expect(leg?.[1]).toBeCloseTo(1796548245466.069, 3);
  });

  it("is null for a window without the request", () => {
    expect(upstreamLeg(calls, 1796548245466.1, 1796548245474)).toBeNull();
    expect(upstreamLeg(calls, 1796548245400, 1796548245450)).toBeNull();
  });
});
