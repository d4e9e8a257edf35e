/**
 * CPU accounting and the machine's other load: process and machine CPU time, and waiting for
 * a quiet machine (other engineers' builds and tests share these 2 cores).
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { OTHER_LOAD_LIMIT, QUIET_WAIT_S } from './options.mjs';
import { nowMs, sleep } from './util.mjs';

/** A full GC in this (client) process, so the join storm's garbage is not collected mid-window. */
export const clientGc = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return () => {};
  }
})();

/** Machine-wide CPU time from /proc/stat, in µs (busy and steal); undefined if unavailable. */
export function machineCpu() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    const tick = 1e6 / 100; // USER_HZ is 100 on Linux
    return { busy: (user + nice + system + irq + softirq) * tick, steal: (steal ?? 0) * tick };
  } catch {
    return undefined;
  }
}

export const cpuUs = (a, b) => b.user - a.user + (b.system - a.system);
/** CPU time as a percentage of one core over a wall-clock span. */
export const pctOfCore = (us, ms) => us / 10 / ms;

let quietBudgetMs = QUIET_WAIT_S * 1000;
/**
 * Waits (from a run-wide budget) until the machine has been quiet for 2 s: other people's
 * builds and tests on a shared 2-core machine would otherwise land in the measurements.
 */
export async function waitForQuietMachine() {
  if (quietBudgetMs <= 0 || !machineCpu()) return;
  let announced = false;
  for (;;) {
    const t0 = nowMs();
    const a = machineCpu();
    await sleep(2000);
    const b = machineCpu();
    const pct = pctOfCore(b.busy - a.busy, nowMs() - t0);
    quietBudgetMs -= nowMs() - t0;
    if (pct < Math.min(10, OTHER_LOAD_LIMIT)) return;
    if (!announced) console.log(`   … waiting for the machine to go quiet (other processes use ${pct.toFixed(0)}% of a core)`);
    announced = true;
    if (quietBudgetMs <= 0) {
      console.warn('   ! the quiet-wait budget is spent; measuring anyway');
      return;
    }
  }
}
