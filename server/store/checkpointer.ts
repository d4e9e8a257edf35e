/**
 * WAL checkpoints off the event loop.
 *
 * SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages: about
 * every 200 chat messages, one INSERT copies ~4 MB back into the database file and fsyncs it,
 * on the host's only thread, and every delivery queued behind it waits (the chat benchmark's
 * p99). Here the main connection turns automatic checkpoints off and a worker thread with its
 * own connection runs PASSIVE checkpoints every second. PASSIVE never waits for, nor blocks,
 * the main connection's readers and writers; it copies what it can and the next round the rest.
 *
 * If the worker cannot start or dies, the main connection goes back to automatic checkpoints,
 * so the WAL never grows without bound. Closing stops the worker before the main connection
 * closes (which checkpoints once more and removes the WAL).
 */
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Logger } from '../log';

/** SQLite's default, restored whenever the worker is not there to do the job. */
const AUTO_CHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  file: string;
  nativeBinding?: string;
  intervalMs?: number;
  log: Logger;
}

export interface Checkpointer {
  /** True while the worker is up and automatic checkpoints are off. */
  readonly active: boolean;
  /** Resolves once the worker is running (or has failed and the fallback is on). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

interface WorkerInit {
  file: string;
  nativeBinding?: string;
  intervalMs: number;
  betterSqlite3: string;
}

const FromWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);

/**
 * The worker's whole program, as plain JavaScript run with `eval`: no file to locate under
 * dist/, Vitest, tsx or app.asar, and no transpiler helpers (a function's own toString() would
 * carry those). Its input is WorkerInit; it sends FromWorkerSchema messages; 'stop' ends it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData: init } = require('node:worker_threads');
const send = (m) => parentPort.postMessage(m);
let db;
try {
  const Db = require(init.betterSqlite3);
  db = new Db(init.file, init.nativeBinding ? { nativeBinding: init.nativeBinding } : {});
  db.pragma('busy_timeout = 0'); // never wait: PASSIVE skips what it cannot do now
} catch (err) {
  send({ kind: 'error', message: String(err) });
  process.exit(1);
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    send({ kind: 'error', message: String(err) });
  }
}, init.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
send({ kind: 'ready' });
`;

export function startCheckpointer(db: Database.Database, opts: CheckpointerOptions): Checkpointer {
  const { log } = opts;
  let active = false;
  let stopping = false;
  const fallBack = (why: string, err?: unknown) => {
    if (!stopping) log.warn({ err, why }, 'database: checkpoints back on the main thread');
    active = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };

  const init: WorkerInit = {
    file: opts.file,
    nativeBinding: opts.nativeBinding,
    intervalMs: opts.intervalMs ?? 1000,
    betterSqlite3: createRequire(__filename).resolve('better-sqlite3'),
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: init });
  worker.unref(); // never what keeps a process alive

  let exited!: () => void;
  const gone = new Promise<void>((resolve) => (exited = resolve));
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (raw: unknown) => {
      const m = FromWorkerSchema.safeParse(raw);
      if (!m.success) return log.warn({ raw }, 'database: unexpected message from the checkpoint worker');
      if (m.data.kind === 'ready') {
        if (!stopping && db.open) {
          db.pragma('wal_autocheckpoint = 0');
          active = true;
        }
        resolve();
      } else {
        log.warn({ message: m.data.message }, 'database: background checkpoint failed');
      }
    });
    worker.on('error', (err) => {
      fallBack('checkpoint worker failed', err);
      resolve();
    });
    worker.on('exit', () => {
      if (!stopping) fallBack('checkpoint worker exited');
      resolve();
      exited();
    });
  });

  return {
    get active() {
      return active;
    },
    ready,
    async close() {
      if (stopping) return gone;
      stopping = true;
      fallBack('closing');
      worker.postMessage('stop');
      // A worker stuck in a checkpoint must not hold up shutdown for long.
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await gone;
      clearTimeout(timer);
    },
  };
}
