/**
 * The Sfu interface, implemented by a worker thread that runs the werift SFU (./sfuWorker.ts).
 * The host's main thread keeps signalling, permissions and chat; the worker does DTLS/SRTP and
 * the per-packet fan-out. Requests and replies are plain data, parsed with ./protocol.
 *
 * A crash of the worker (an uncaught error in werift, say; or a request left unanswered for
 * requestTimeoutMs, when the worker is stuck and gets terminated) never takes the host down:
 * calls in flight fail with SfuUnavailableError, every publisher and viewer leg the dead worker had is
 * reported 'failed' (the media feature ends the room's publication and tells everyone), and a
 * fresh worker starts. Clients recover through their own retry: viewers re-subscribe when
 * their connection fails, the publisher shares again.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log';
import { BadSdpError, SfuUnavailableError, UnknownLegError, type Sfu, type SfuEvents, type SfuStats } from '../sfu';
import type { IceOptions } from '../werift/peer';
import {
  RESULT_SCHEMAS,
  WorkerMessageSchema,
  type Ask,
  type ErrorKind,
  type Op,
  type ResultOf,
  type WorkerInit,
} from './protocol';

export interface WorkerSfuOptions extends SfuEvents {
  log: Logger;
  ice?: IceOptions;
  pliIntervalMs?: number;
  /** Delay before restarting a crashed worker; doubles per crash in a row, up to 30 s. */
  restartDelayMs?: number;
  /** How often the worker refreshes the cached stats() (ms). */
  statsIntervalMs?: number;
  /**
   * A request unanswered this long means a stuck worker: it is terminated and restarted.
   * Counted from when the worker is ready; loading werift may take up to STARTUP_TIMEOUT_MS.
   */
  requestTimeoutMs?: number;
}

export interface WorkerSfu extends Sfu {
  /** Breaks the worker on purpose (tests, bench); recovery is the same as for a real fault. */
  crash(how?: 'throw' | 'hang'): Promise<void>;
  /** How many workers have been started (1 after the first request, +1 per restart). */
  readonly starts: number;
}

const ZERO: SfuStats = {
  rooms: 0,
  viewers: 0,
  publishers: 0,
  packetsIn: 0,
  packetsOut: 0,
  keyframeRequestsSent: 0,
  keyframeRequestsAsked: 0,
};
const COUNTERS = ['packetsIn', 'packetsOut', 'keyframeRequestsSent', 'keyframeRequestsAsked'] as const;
const MAX_RESTART_DELAY_MS = 30_000;
/** A crash this long after the previous one no longer counts as "in a row". */
const CRASH_STREAK_RESET_MS = 60_000;
/** Loading werift in a fresh thread on a busy two-core laptop takes well under this. */
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Starts the worker entry that sits next to this file: compiled .js under dist/node (the CLI,
 * Electron main; Electron ≥ 18 loads worker scripts from app.asar) or, when this file is the
 * TypeScript source (Vitest), the .ts entry through tsx's require hook.
 */
export function spawnWorker(init: WorkerInit): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'sfuWorker.js'), { workerData: init });
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  const entry = path.join(__dirname, 'sfuWorker.ts');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, workerData: init });
}

function errorOf(kind: ErrorKind, message: string): Error {
  if (kind === 'unknownLeg') return new UnknownLegError();
  if (kind === 'badSdp') return new BadSdpError(message);
  return new Error(`SFU worker: ${message}`);
}

interface Pending {
  op: Op;
  sentAt: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

const live = new Set<WorkerSfu>();
/** The worker SFUs open in this process (a host has one): tests reach it here to crash it. */
export function liveWorkerSfus(): WorkerSfu[] {
  return [...live];
}

export function createWorkerSfu(opts: WorkerSfuOptions): WorkerSfu {
  const { log } = opts;
  const init: WorkerInit = {
    ice: opts.ice ?? {},
    pliIntervalMs: opts.pliIntervalMs,
    logLevel: log.level,
    statsIntervalMs: opts.statsIntervalMs ?? 500,
  };
  let worker: Worker | undefined;
  /** When the current worker was started, and whether it said it is ready. */
  let startedAt = 0;
  let ready = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let closed = false;
  let starts = 0;
  let crashStreak = 0;
  let lastCrashAt = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 15_000;
  /** Counters of workers that died, so stats() stays cumulative across restarts. */
  let carried: SfuStats = { ...ZERO };
  let cached: SfuStats = { ...ZERO };
  // What the live worker holds, so a crash can be reported leg by leg.
  const publishers = new Map<string, string>();
  const viewers = new Map<string, Set<string>>();

  const setStats = (s: SfuStats) => {
    cached = { ...s };
    for (const k of COUNTERS) cached[k] += carried[k];
  };

  function start(): Worker {
    if (worker) return worker;
    clearTimeout(restartTimer);
    starts++;
    startedAt = Date.now();
    ready = false;
    const w = spawnWorker(init);
    // The host's own server keeps the process alive; the worker never should on its own.
    w.unref();
    w.on('message', (raw: unknown) => w === worker && onMessage(raw));
    w.on('error', (err) => log.error({ err }, 'media: SFU worker threw'));
    w.on('messageerror', (err) => log.error({ err }, 'media: SFU worker message could not be read'));
    w.on('exit', (code) => w === worker && onCrash(code));
    worker = w;
    return w;
  }

  function onMessage(raw: unknown) {
    const parsed = WorkerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.error({ issues: parsed.error.issues.slice(0, 3) }, 'media: malformed message from the SFU worker');
      const id = (raw as { id?: unknown } | null)?.id;
      const p = typeof id === 'number' ? pending.get(id) : undefined;
      if (p) {
        pending.delete(id as number);
        p.reject(new Error('SFU worker: malformed reply'));
      }
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'reply': {
        setStats(m.stats);
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (!m.ok) return p.reject(errorOf(m.error.kind, m.error.message));
        const result = RESULT_SCHEMAS[p.op].safeParse(m.result);
        if (result.success) return p.resolve(result.data);
        log.error({ op: p.op, issues: result.error.issues.slice(0, 3) }, 'media: malformed reply from the SFU worker');
        return p.reject(new Error('SFU worker: malformed reply'));
      }
      case 'viewerState':
        if (m.state === 'failed' || m.state === 'closed') viewers.get(m.roomId)?.delete(m.viewerId);
        return safely(() => opts.onViewerState?.(m.roomId, m.viewerId, m.state));
      case 'publisherState':
        if ((m.state === 'failed' || m.state === 'closed') && publishers.get(m.roomId) === m.publisherViewerId) {
          publishers.delete(m.roomId);
        }
        return safely(() => opts.onPublisherState?.(m.roomId, m.publisherViewerId, m.state));
      case 'stats':
        return setStats(m.stats);
      case 'ready': {
        ready = true;
        const now = Date.now();
        for (const p of pending.values()) p.sentAt = now;
        return;
      }
      case 'log':
        return relayLog(m.line);
    }
  }

  function relayLog(line: string) {
    try {
      const { level, msg, ...rest } = JSON.parse(line) as { level?: number; msg?: string };
      const fn = level !== undefined && level >= 50 ? 'error' : level !== undefined && level >= 40 ? 'warn' : 'info';
      log[fn]({ ...rest, thread: 'sfu' }, msg ?? '');
    } catch {
      log.warn({ line: line.slice(0, 200) }, 'media: unreadable log line from the SFU worker');
    }
  }

  function safely(fn: () => void) {
    try {
      fn();
    } catch (err) {
      log.error({ err }, 'media: SFU event handler failed');
    }
  }

  /** While requests are pending: terminate a worker that has stopped answering. */
  function watch() {
    if (watchdog) return;
    watchdog = setInterval(() => {
      if (pending.size === 0) {
        clearInterval(watchdog);
        watchdog = undefined;
        return;
      }
      const waited = ready
        ? Date.now() - Math.min(...[...pending.values()].map((p) => p.sentAt))
        : Date.now() - startedAt;
      if (worker && waited > (ready ? requestTimeoutMs : STARTUP_TIMEOUT_MS)) {
        log.error({ pending: pending.size, waitedMs: waited, ready }, 'media: SFU worker stopped answering; terminating it');
        void worker.terminate();
      }
    }, Math.min(1000, requestTimeoutMs / 2));
    watchdog.unref();
  }

  function onCrash(exitCode: number) {
    worker = undefined;
    if (closed) return;
    const now = Date.now();
    crashStreak = now - lastCrashAt > CRASH_STREAK_RESET_MS ? 1 : crashStreak + 1;
    lastCrashAt = now;
    const lostViewers = [...viewers].flatMap(([roomId, ids]) => [...ids].map((id) => [roomId, id] as const));
    const lostPublishers = [...publishers];
    log.error(
      { exitCode, publishers: lostPublishers.length, viewers: lostViewers.length, crashStreak },
      'media: SFU worker stopped unexpectedly; ending live media and restarting it',
    );
    for (const p of pending.values()) p.reject(new SfuUnavailableError());
    pending.clear();
    for (const k of COUNTERS) carried[k] = cached[k];
    cached = { ...carried };
    publishers.clear();
    viewers.clear();
    for (const [roomId, id] of lostPublishers) safely(() => opts.onPublisherState?.(roomId, id, 'failed'));
    for (const [roomId, id] of lostViewers) safely(() => opts.onViewerState?.(roomId, id, 'failed'));
    const delay = Math.min(MAX_RESTART_DELAY_MS, (opts.restartDelayMs ?? 200) * 2 ** (crashStreak - 1));
    restartTimer = setTimeout(() => !closed && start(), delay);
    restartTimer.unref();
  }

  /** Sends one request; resolves with its parsed result. A request starts the worker if needed. */
  function call<O extends Op>(ask: Extract<Ask, { op: O }>): Promise<ResultOf<O>> {
    if (closed) return Promise.reject(new SfuUnavailableError());
    const w = start();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { op: ask.op, sentAt: Date.now(), resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...ask, id });
      watch();
    });
  }

  /**
   * For calls that only stop or adjust what the worker holds, and whose callers do not wait:
   * with no worker running there is nothing to stop (and no reason to start one), and a dead
   * or closing SFU is not worth a log line.
   */
  function quietly<O extends Op>(ask: Extract<Ask, { op: O }>): Promise<void> {
    if (!worker) return Promise.resolve();
    return call(ask).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof SfuUnavailableError)) log.warn({ err, op: ask.op }, 'media: SFU request failed');
      },
    );
  }

  const viewersOf = (roomId: string) => {
    let s = viewers.get(roomId);
    if (!s) viewers.set(roomId, (s = new Set()));
    return s;
  };

  const sfu: WorkerSfu = {
    get starts() {
      return starts;
    },

    async publish(req) {
      // The worker drops the room's previous publisher whatever the outcome.
      publishers.delete(req.roomId);
      const res = await call({ op: 'publish', ...req });
      publishers.set(req.roomId, req.publisherViewerId);
      return res;
    },

    unpublish(roomId, publisherViewerId) {
      if (!publisherViewerId || publishers.get(roomId) === publisherViewerId) publishers.delete(roomId);
      return quietly({ op: 'unpublish', roomId, publisherViewerId });
    },

    setQuality(roomId, quality) {
      void quietly({ op: 'setQuality', roomId, quality });
    },

    async subscribe(roomId, viewerId) {
      const res = await call({ op: 'subscribe', roomId, viewerId });
      viewersOf(roomId).add(viewerId);
      return res;
    },

    async answer(roomId, viewerId, legId, answerSdp) {
      await call({ op: 'answer', roomId, viewerId, legId, answerSdp });
    },

    requestKeyframe(roomId) {
      void quietly({ op: 'requestKeyframe', roomId });
    },

    dropViewer(roomId, viewerId) {
      viewers.get(roomId)?.delete(viewerId);
      return quietly({ op: 'dropViewer', roomId, viewerId });
    },

    closeRoom(roomId) {
      publishers.delete(roomId);
      viewers.delete(roomId);
      return quietly({ op: 'closeRoom', roomId });
    },

    stats() {
      return { ...cached };
    },

    async crash(how = 'throw') {
      await call({ op: 'crash', how });
    },

    async close() {
      const w = worker;
      if (w) {
        // Close the legs politely (DTLS close alerts), but never wait long for a sick worker.
        await Promise.race([quietly({ op: 'close' }), new Promise((r) => setTimeout(r, 2000).unref())]);
      }
      closed = true;
      live.delete(sfu);
      clearTimeout(restartTimer);
      clearInterval(watchdog);
      worker = undefined;
      for (const p of pending.values()) p.reject(new SfuUnavailableError());
      pending.clear();
      await w?.terminate();
    },
  };
  live.add(sfu);
  return sfu;
}
