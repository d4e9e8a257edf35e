/**
 * What bench/media/run.mjs and recovery.mjs share: the loopback-only network namespace, the
 * Chromium flags and binary, and the children (host.mjs, viewers.mjs) with their IPC.
 */
import { spawnSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Re-runs this script inside a private network namespace (loopback only) when unshare allows
 * it, like the e2e tests, and exits with its status. Returns only in the inner run.
 */
export function enterLoopbackNamespace() {
  if (process.env.TP_BENCH_INNER) return;
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  const args = process.argv.slice(1).map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env = { ...process.env, TP_BENCH_INNER: '1' };
  const r =
    probe.status === 0
      ? spawnSync('unshare', ['-rn', 'sh', '-c', `ip link set lo up && ${process.execPath} ${args}`], { stdio: 'inherit', env })
      : (console.log('bench: unshare -rn unavailable; running on 127.0.0.1 only'),
        spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env }));
  process.exit(r.status ?? 1);
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection',
  // Background pages must keep decoding at full rate, as on real students' screens.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];
export const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && fs.existsSync(p),
);
export const STAGE_VIDEO = '[role="region"][aria-label="Stage"] video';

/** Forks a bench child (host.mjs, viewers.mjs); resolves with its ready message, `ask` and the child. */
export function startChild(script, env = {}) {
  // TP_BENCH_PROFILE=DIR: V8 CPU profiles of the host (every thread: the SFU worker too) into DIR.
  const prof = script === 'host.mjs' && process.env.TP_BENCH_PROFILE;
  const child = fork(path.join(import.meta.dirname, script), [], {
    execArgv: prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  let next = 0;
  const ask = (cmd, args = {}) =>
    new Promise((resolve) => {
      const id = ++next;
      const on = (m) => m?.id === id && (child.off('message', on), resolve(m));
      child.on('message', on);
      child.send({ ...args, id, cmd });
    });
  return new Promise((resolve) => child.once('message', (info) => resolve({ ...info, ask, child })));
}

/** Starts bench/media/host.mjs (SFU 'worker' or 'inline'); resolves with its info and `ask`. */
export const startHostChild = (sfu = 'worker') => startChild('host.mjs', { TP_SFU: sfu });
