/**
 * Child process for the media benchmark: the real classroom host (compiled createHost, with
 * its werift SFU: in a worker thread, or on the main thread with TP_SFU=inline, which run.mjs
 * sets) on 127.0.0.1. Answers { cmd: 'stats' } over IPC with its CPU time (all threads) and
 * the main thread's event-loop delay since the previous stats call (what chat would feel).
 * The delay histogram samples every 1 ms, so ~1 ms is its floor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// TP_BENCH_DIST: a private copy of dist/ (node/ and renderer/), so a rebuild of the shared
// dist/ by someone else in the middle of a run cannot pull the host out from under it.
const distRoot = process.env.TP_BENCH_DIST ?? path.resolve(import.meta.dirname, '../../dist');
const dist = path.join(distRoot, 'node');
const { createHost } = require(path.join(dist, 'server/host.js'));
const { silentLogger } = require(path.join(dist, 'server/log.js'));
const { liveWorkerSfus } = require(path.join(dist, 'server/media/worker/workerSfu.js'));

// A stuck bench must never leave a host behind.
setTimeout(() => process.exit(3), 10 * 60_000).unref();
process.on('disconnect', () => process.exit(0));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-media-'));
const host = await createHost({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  logger: silentLogger(),
  leaveGraceMs: 50,
  staticDir: path.join(distRoot, 'renderer'),
});
const eld = monitorEventLoopDelay({ resolution: 1 });

/** CPU seconds of the main thread alone (Linux /proc): what moved to the worker leaves it. */
function mainThreadCpuSeconds() {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
  } catch {
    return null;
  }
}
eld.enable();

process.on('message', async (msg) => {
  if (msg?.cmd === 'stats') {
    process.send({ id: msg.id, cpu: process.cpuUsage(), mainCpuSeconds: mainThreadCpuSeconds(), eldP99Ms: eld.percentile(99) / 1e6, eldMaxMs: eld.max / 1e6 });
    eld.reset();
  } else if (msg?.cmd === 'crash') {
    // Recovery check: crash the SFU's worker thread as a bug in werift would.
    const sfu = liveWorkerSfus()[0];
    await sfu?.crash();
    process.send({ id: msg.id, crashed: !!sfu });
  } else if (msg?.cmd === 'close') {
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.send({ id: msg.id, closed: true }, () => process.exit(0));
  }
});
process.send({ type: 'ready', url: host.url, code: host.code, teacherUrl: host.teacherUrl, sfu: process.env.TP_SFU ?? 'worker' });
