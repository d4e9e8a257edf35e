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
const dist = path.resolve(import.meta.dirname, '../../dist/node');
const { createHost } = require(path.join(dist, 'server/host.js'));
const { silentLogger } = require(path.join(dist, 'server/log.js'));
const { liveWorkerSfus } = require(path.join(dist, 'server/media/worker/workerSfu.js'));

// A stuck bench must never leave a host behind.
setTimeout(() => process.exit(3), 10 * 60_000).unref();
process.on('disconnect', () => process.exit(0));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-media-'));
const host = await createHost({ host: '127.0.0.1', port: 0, dataDir, logger: silentLogger(), leaveGraceMs: 50 });
const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();

process.on('message', async (msg) => {
  if (msg?.cmd === 'stats') {
    process.send({ id: msg.id, cpu: process.cpuUsage(), eldP99Ms: eld.percentile(99) / 1e6, eldMaxMs: eld.max / 1e6 });
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
