/**
 * Entry of the SFU worker thread (started by ./workerSfu.ts): the werift SFU runs here, off
 * the host's main thread, so SRTP/DTLS crypto and per-packet fan-out to N viewers never
 * delay chat and the other socket events (bench:media measured 33 ms event-loop p99 with
 * werift on the main thread at 8 students).
 *
 * Everything that arrives is parsed with ./protocol; every request gets exactly one reply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { BadSdpError, UnknownLegError, type Sfu } from '../sfu';
import { createWeriftSfu } from '../werift/weriftSfu';
import { RequestSchema, WorkerInitSchema, type ErrorKind, type Request, type WorkerMessage } from './protocol';

const port = parentPort;
if (!port) throw new Error('sfuWorker.ts runs only as a worker thread (see workerSfu.ts)');
const init = WorkerInitSchema.parse(workerData);
const post = (m: WorkerMessage) => port.postMessage(m);

// Log lines travel to the main thread, which writes them with the host's logger (one stream).
const log = pino(
  { level: init.logLevel, base: null, timestamp: false },
  { write: (line: string) => post({ type: 'log', line }) },
);

const sfu: Sfu = createWeriftSfu({
  log,
  ice: init.ice,
  pliIntervalMs: init.pliIntervalMs,
  onViewerState: (roomId, viewerId, state) => post({ type: 'viewerState', roomId, viewerId, state }),
  onPublisherState: (roomId, publisherViewerId, state) => post({ type: 'publisherState', roomId, publisherViewerId, state }),
});

async function run(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'publish':
      return sfu.publish(req);
    case 'unpublish':
      return sfu.unpublish(req.roomId, req.publisherViewerId);
    case 'setQuality':
      return sfu.setQuality(req.roomId, req.quality);
    case 'subscribe':
      return sfu.subscribe(req.roomId, req.viewerId);
    case 'answer':
      return sfu.answer(req.roomId, req.viewerId, req.legId, req.answerSdp);
    case 'requestKeyframe':
      return sfu.requestKeyframe(req.roomId);
    case 'dropViewer':
      return sfu.dropViewer(req.roomId, req.viewerId);
    case 'closeRoom':
      return sfu.closeRoom(req.roomId);
    case 'close':
      return sfu.close();
    case 'crash':
      // After the reply: an uncaught error, or a busy loop, as a bug in werift could cause.
      setImmediate(() => {
        if (req.how === 'hang') for (;;);
        throw new Error('SFU worker crash requested');
      });
      return undefined;
  }
}

function kindOf(err: unknown): ErrorKind {
  if (err instanceof UnknownLegError) return 'unknownLeg';
  if (err instanceof BadSdpError) return 'badSdp';
  return 'internal';
}

port.on('message', async (raw: unknown) => {
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    log.error({ issues: parsed.error.issues.slice(0, 3) }, 'media worker: malformed request');
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number') {
      post({ type: 'reply', id, ok: false, error: { kind: 'internal', message: 'malformed request' }, stats: sfu.stats() });
    }
    return;
  }
  const req = parsed.data;
  try {
    const result = await run(req);
    post({ type: 'reply', id: req.id, ok: true, result, stats: sfu.stats() });
  } catch (err) {
    const kind = kindOf(err);
    if (kind === 'internal') log.error({ err, op: req.op }, 'media worker: request failed');
    post({ type: 'reply', id: req.id, ok: false, error: { kind, message: (err as Error).message ?? String(err) }, stats: sfu.stats() });
  }
});

post({ type: 'ready' });

// stats() on the main thread is synchronous: keep its cached copy fresh, quietly when idle.
let lastStats = '';
setInterval(() => {
  const stats = sfu.stats();
  const key = JSON.stringify(stats);
  if (key === lastStats) return;
  lastStats = key;
  post({ type: 'stats', stats });
}, init.statsIntervalMs);
