/**
 * Reading `strace -f -ttt` output of a Worker's workerd (bench/anatomy.ts): its socket calls, and when
 * an upstream request reached it and its answer had left.
 */

/** One socket call: when (wall ms), which descriptor, whether it wrote, and whether it read a tool call's upstream request. */
export interface SocketCall {
  t: number;
  fd: number;
  write: boolean;
  upstreamRequest: boolean;
}

/** The socket calls of a trace (`pid  seconds.micros  call(fd, "…`); other lines are skipped. */
export function socketCalls(trace: string, requestLine = "GET /v1/contacts"): SocketCall[] {
  const calls: SocketCall[] = [];
  for (const line of trace.split("\n")) {
    const m = line.match(/^\d+\s+(\d+\.\d+)\s+(\w+)\((\d+), /);
    if (!m) continue;
    calls.push({
      t: Number(m[1]) * 1000,
      fd: Number(m[3]),
      write: /^(write|writev|sendto|sendmsg)$/.test(m[2] as string),
      upstreamRequest: line.includes(`"${requestLine}`),
    });
  }
  return calls;
}

/**
 * Within one client request (`sent`–`done`, wall ms): when its upstream call reached the traced
 * Worker (the first read of the request line) and when the answer had left (the last write on that
 * same connection). Null when the window holds no such pair.
 */
export function upstreamLeg(
  calls: readonly SocketCall[],
  sent: number,
  done: number,
): [number, number] | null {
  const inWindow = calls.filter((c) => c.t >= sent && c.t <= done);
  const first = inWindow.find((c) => c.upstreamRequest && !c.write);
  if (!first) return null;
  const last = inWindow.filter((c) => c.write && c.fd === first.fd).pop();
  return last ? [first.t, last.t] : null;
}
