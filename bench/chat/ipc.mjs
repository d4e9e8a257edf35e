/**
 * The tiny IPC protocol between bench/chat/run.mjs (parent, runs the clients) and a server
 * child (the classroom host, or the plain-ws baseline).
 *
 * child → parent: { type: 'ready', ...info } once listening.
 * parent → child: { id, cmd: 'stats', gc } → { id, cpu, mem, clients }
 *                 { id, cmd: 'heapsnapshot', file } → { id, file }  (v8.writeHeapSnapshot)
 *                 { id, cmd: 'close' }     → { id, closed: true }, then the child exits.
 * A child also exits when the parent goes away (IPC disconnect) or after `maxLifetimeMs`.
 */
import { fork } from 'node:child_process';
import v8 from 'node:v8';

// ---- child side ----

/**
 * @param {object} opts
 * @param {() => number} opts.clients  connected clients, for the report
 * @param {() => Promise<void>} opts.close
 * @param {number} opts.maxLifetimeMs  hard stop, so a stuck bench never leaves a server behind
 */
export function serveParent({ clients, close, maxLifetimeMs }) {
  if (!process.send) throw new Error('run me through bench/chat/run.mjs (needs an IPC channel)');
  const hardStop = setTimeout(() => {
    console.error(`[bench child ${process.pid}] lifetime limit reached; exiting`);
    process.exit(3);
  }, maxLifetimeMs);
  hardStop.unref();

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      await close();
    } catch (err) {
      console.error(`[bench child ${process.pid}] close failed:`, err);
    }
  };

  process.on('disconnect', () => {
    void shutdown().finally(() => process.exit(0));
  });
  process.on('message', (msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.cmd === 'stats') {
      void (async () => {
        if (msg.gc && typeof globalThis.gc === 'function') {
          // Full GCs, with pauses: V8 sweeps concurrently and hands freed pages back to the
          // OS from a delayed background task, so RSS read straight after gc() still holds them.
          for (const pauseMs of [1000, 2000]) {
            globalThis.gc();
            await new Promise((r) => setTimeout(r, pauseMs));
          }
        }
        // The young generation grows under allocation bursts and keeps its size: tens of MB of
        // RSS that belong to no student, so it is reported on its own.
        const newSpace = v8.getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space');
        process.send({
          id: msg.id,
          cpu: process.cpuUsage(),
          mem: process.memoryUsage(),
          newSpaceBytes: newSpace?.space_size ?? null,
          clients: clients(),
        });
      })();
    } else if (msg.cmd === 'heapsnapshot') {
      globalThis.gc?.();
      const file = v8.writeHeapSnapshot(msg.file);
      process.send({ id: msg.id, file });
    } else if (msg.cmd === 'close') {
      void shutdown().finally(() => {
        process.send({ id: msg.id, closed: true }, () => process.exit(0));
      });
    }
  });
}

// ---- parent side ----

/**
 * Forks `script` with --expose-gc and an IPC channel; resolves once it reports 'ready'.
 * @returns {Promise<{ info: any, pid: number, stats: (gc?: boolean) => Promise<any>, close: () => Promise<void>, kill: () => void }>}
 */
export function startChild(script, args = [], { readyTimeoutMs = 30_000, execArgv = [] } = {}) {
  const child = fork(script, args, {
    execArgv: ['--expose-gc', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map();
  let exited = false;

  child.on('message', (msg) => {
    const p = msg && pending.get(msg.id);
    if (p) {
      pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve(msg);
    }
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`server child exited (code ${code}, signal ${signal})`));
    }
    pending.clear();
  });

  const request = (cmd, extra = {}, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('server child has exited'));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`server child did not answer '${cmd}' within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, cmd, ...extra });
    });

  const kill = () => {
    if (!exited) child.kill('SIGKILL');
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`${script} did not become ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code})`));
    };
    child.once('exit', onExit);
    const onReady = (msg) => {
      if (msg?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onReady);
      resolve({
        info: msg,
        pid: child.pid,
        stats: (gc = false) => request('stats', { gc }),
        heapSnapshot: (file) => request('heapsnapshot', { file }, 120_000),
        close: async () => {
          if (exited) return;
          const gone = new Promise((r) => child.once('exit', r));
          try {
            await request('close', {}, 15_000);
          } catch {
            kill();
          }
          await gone;
        },
        kill,
      });
    };
    child.on('message', onReady);
  });
}
