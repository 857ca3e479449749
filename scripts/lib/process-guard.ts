#!/usr/bin/env node
// Runs one command in a process group of its own and takes that whole group down (wrangler and the
// workerd it starts) when asked to — SIGTERM or SIGINT — or when the parent goes away without asking:
// the parent holds this process's stdin open, so its death (even by SIGKILL) closes it. The group gets
// SIGTERM, then SIGKILL after a short grace, so no server is left holding a port.
// Usage: node scripts/lib/process-guard.ts <command> [args…]   (used by scripts/lib/dev-stack.ts)
import { spawn } from "node:child_process";

/** How long the group may take to exit after SIGTERM before it is killed. */
const GRACE_MS = 2_000;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: process-guard <command> [args…]");
  process.exit(2);
}

const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], detached: true });
const group = child.pid;

function signalGroup(signal: NodeJS.Signals): void {
  if (group === undefined) return;
  try {
    process.kill(-group, signal);
  } catch {
    // the group is already gone
  }
}

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  signalGroup("SIGTERM");
  setTimeout(() => {
    signalGroup("SIGKILL");
    process.exit(0);
  }, GRACE_MS);
}

child.on("exit", (code, signal) => {
  // The leader is gone; whatever it started in its group goes with it.
  signalGroup("SIGKILL");
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
child.on("error", (e) => {
  console.error(`process-guard: cannot start ${command}: ${e.message}`);
  process.exit(1);
});
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("SIGHUP", stop);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
