/**
 * CPU time of the workerd processes behind a `wrangler dev`, read from /proc (Linux). Unlike wall
 * time or a sampling profile, process CPU time does not grow when a shared machine preempts the
 * process, so CPU per request stays comparable between sides on a noisy machine. It covers the
 * whole workerd: the Worker's isolate, its HTTP handling, and the local emulation of its bindings.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** The /proc/<pid>/stat fields used: command, parent, and user + system CPU ticks. */
function stat(pid: number): { comm: string; ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text
      .slice(close + 2)
      .trim()
      .split(" ");
    // After "pid (comm) ": state ppid ... utime(12th) stime(13th), 0-based 11 and 12 here.
    return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** The pids of every `workerd` process descending from `root` (none when /proc is unavailable). */
export function workerdPids(root: number | undefined): number[] {
  if (root === undefined || !existsSync("/proc")) return [];
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    parent.set(pid, s.ppid);
    comm.set(pid, s.comm);
  }
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...comm.entries()].filter(([pid, c]) => c === "workerd" && descends(pid)).map(([pid]) => pid);
}

/**
 * CPU time (ms) of one process from its threads' `schedstat` (nanoseconds; a slice of a few hundred ms
 * then resolves a fraction of a ms per request, where `stat`'s 10 ms ticks resolve 0.5 ms over 20
 * requests). workerd's threads live as long as the process, so none of their time is lost to an exit.
 * Falls back to `stat` ticks when the kernel has no schedstat.
 */
function processCpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    }
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // no schedstat (or the process is gone): the tick count below
  }
  return (stat(pid)?.ticks ?? 0) * TICK_MS;
}

/** Total CPU time (ms) consumed so far by these processes. */
export function cpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}
