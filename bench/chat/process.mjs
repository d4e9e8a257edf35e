/**
 * Process hygiene: the server children, the temp dirs they use, a whole-run watchdog and
 * Ctrl-C handling, so that a bench run never leaves a server or a data folder behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startChild } from './ipc.mjs';
import { CHILD_LIFETIME_MS, PIN, RUN_LIMIT_MS } from './options.mjs';

const here = import.meta.dirname;

/** Pins a process to one CPU with taskset (Linux); returns false if that is not possible. */
export function pinTo(pid, cpu) {
  try {
    execFileSync('taskset', ['-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const children = new Set();
export const tempDirs = new Set();
function removeTempDirs() {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}
export function killChildren() {
  for (const c of children) c.kill();
  // A killed host cannot clean up after itself; its SQLite files are ours to remove.
  setTimeout(removeTempDirs, 200).unref?.();
  removeTempDirs();
}
export const watchdog = setTimeout(() => {
  console.error(`\nbench: run time limit (${Math.round(RUN_LIMIT_MS / 1000)} s) reached; stopping.`);
  killChildren();
  process.exit(2);
}, RUN_LIMIT_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killChildren();
    process.exit(130);
  });
}

export async function spawnServer(script, argv = [], execArgv = []) {
  const child = await startChild(path.join(here, script), [String(CHILD_LIFETIME_MS), ...argv], { execArgv });
  children.add(child);
  if (PIN) pinTo(child.pid, 0);
  return {
    ...child,
    close: async () => {
      await child.close();
      children.delete(child);
    },
  };
}
